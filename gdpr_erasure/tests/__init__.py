from . import test_erasure
from . import test_erasure_access
from . import test_request
from . import test_access_export
from . import test_suppression
from . import test_tour
from . import test_retention
from . import test_security
