from . import gdpr_purpose
from . import gdpr_partner_purpose
from . import gdpr_data_category
from . import gdpr_segment
from . import gdpr_disclosure
from . import res_partner
from . import mail_thread
from . import mail_message
