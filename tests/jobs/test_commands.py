import pytest
from django.core.management import CommandError, call_command


@pytest.mark.parametrize("command", ["send_cutoff_reminders", "lapse_overdue_scope"])
def test_a_malformed_date_is_refused_clearly(command, db):
    with pytest.raises(CommandError, match=r"--date must be a date as YYYY-MM-DD .* not '2031-13-01'"):
        call_command(command, "--date", "2031-13-01")
