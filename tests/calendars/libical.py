"""libical's iTIP restriction check from the tests: libical_check.py run by Debian's Python, which has the bindings."""
from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path

DEBIAN_PYTHON = "/usr/bin/python3"
CHECKER = Path(__file__).with_name("libical_check.py")
MISSING = (f"libical's restriction check needs {DEBIAN_PYTHON} with python3-gi and gir1.2-ical-3.0 "
           "(apt-get install python3-gi gir1.2-ical-3.0; .ci/run installs them)")


@functools.cache
def unavailable_reason() -> str | None:
    """None when Debian's Python can load libical's bindings, else why the check must be skipped."""
    probe = 'import gi; gi.require_version("ICalGLib", "3.0"); from gi.repository import ICalGLib'
    try:
        subprocess.run([DEBIAN_PYTHON, "-c", probe], check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return MISSING
    return None


def restriction_problems(calendar: bytes) -> list[str]:
    """What libical's parser and its restriction check for the calendar's METHOD find wrong, one line each."""
    finished = subprocess.run([DEBIAN_PYTHON, str(CHECKER)], input=calendar, capture_output=True, timeout=60)
    assert finished.returncode in (0, 2), finished.stderr.decode(errors="replace")
    return [f"{problem['component']} {problem['uid']}: {problem['problem']}" for problem in json.loads(finished.stdout)]
