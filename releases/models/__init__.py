from .calendar import CalendarFeed
from .costs import CostBreakdownLine, SecasCost
from .decisions import Decision
from .narrative import Narrative
from .paper_header import PaperHeader
from .people import ReleaseFollow, User
from .release import Paper, Release, ReleaseDateChange
from .reminders import CutOffReminder, ReminderLeadTime
from .rid import RidPdf, RidVersion
from .scope import ScopeItem
from .timetable import Milestone
