from . import gdpr_purpose
from . import gdpr_partner_purpose
from . import res_partner
