from . import gdpr_retention_preview
