from . import gdpr_erasure_wizard
from . import gdpr_retention_preview
from . import gdpr_erasure_replay
