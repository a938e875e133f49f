from . import test_purpose_assignment
from . import test_segment
from . import test_access
from . import test_disclosure
from . import test_last_interaction
from . import test_translation
from . import test_ui
from . import test_dpo
