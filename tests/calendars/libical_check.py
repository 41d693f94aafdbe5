"""libical's iTIP restriction check on one calendar read from stdin; prints its problems as a JSON list.

Runs under Debian's /usr/bin/python3, which has GObject introspection (python3-gi) and libical's
bindings (gir1.2-ical-3.0); the project's virtualenv cannot import them. `icalrestriction_check`
reads the calendar's METHOD (none: plain RFC 5545 rules) and checks every component against
RFC 5546's table for it; libical records each failure, and every parse error, as an
X-LIC-ERROR property on the component concerned. Exit status 2 means the text did not parse.
"""
import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402 - the version must be chosen before the import


def problems(component) -> list:
    """Every X-LIC-ERROR on this component and the ones inside it, with the component's kind and UID."""
    found = []
    kind = ICalGLib.Component.kind_to_string(component.isa())
    # Read before iterating: every property lookup restarts the component's one property iterator.
    uid = component.get_first_property(ICalGLib.PropertyKind.UID_PROPERTY)
    uid = uid.get_uid() if uid is not None else None
    error = component.get_first_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    while error is not None:
        found.append({"component": kind, "uid": uid, "problem": error.get_xlicerror()})
        error = component.get_next_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    inner = component.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    while inner is not None:
        found += problems(inner)
        inner = component.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    return found


def main() -> int:
    """Parse stdin, run the restriction check, print the problems; a failed check always names one."""
    try:
        calendar = ICalGLib.Component.new_from_string(sys.stdin.read())
    except TypeError:  # the binding's way of saying libical returned no component
        calendar = None
    if calendar is None or calendar.isa() != ICalGLib.ComponentKind.VCALENDAR_COMPONENT:
        print(json.dumps([{"component": "", "uid": None, "problem": "not one VCALENDAR"}]))
        return 2
    passed = ICalGLib.restriction_check(calendar)
    found = problems(calendar)
    if not passed and not found:
        found.append({"component": "VCALENDAR", "uid": None, "problem": "restriction check failed"})
    print(json.dumps(found, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
