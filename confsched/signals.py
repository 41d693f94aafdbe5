"""Signals other features subscribe to, so the programme never imports registration or mail."""
from blinker import Namespace

_signals = Namespace()

# Sent after a programme change is flushed, with conference=..., changes=[Change],
# rescheduled={(workshop_number, day_position)} (calendar-relevant) and touched={...}.
programme_changed = _signals.signal("programme-changed")
