from . import plan
