from . import gdpr_consent_record_wizard
from . import gdpr_postal_export_wizard
