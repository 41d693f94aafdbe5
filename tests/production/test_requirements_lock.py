"""The lock (requirements/lock.txt) and setup.cfg name the same direct dependencies, and every pin is in range.

A dependency added to setup.cfg without refreshing the lock, or left in the lock after leaving setup.cfg,
fails here, so the versions CI tests are the versions every install gets.
"""
from __future__ import annotations

import configparser
import re

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from confsched import PROJECT_ROOT

LOCK = PROJECT_ROOT / "requirements" / "lock.txt"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+)(?:\s*;\s*(?P<marker>.+))?$")


def declared_requirements() -> list[Requirement]:
    """Every requirement setup.cfg declares: the base ones and those of every extra."""
    setup = configparser.ConfigParser()
    setup.read(PROJECT_ROOT / "setup.cfg")
    lines = setup["options"]["install_requires"].splitlines()
    for extra_lines in setup["options.extras_require"].values():
        lines += extra_lines.splitlines()
    return [Requirement(line) for line in lines if line.strip()]


def locked() -> tuple[dict[str, list[tuple[str, str | None]]], set[str]]:
    """The lock's pins (name: [(version, marker)]) and the names it records as wanted by setup.cfg itself."""
    pins: dict[str, list[tuple[str, str | None]]] = {}
    direct = set()
    current = None
    for line in LOCK.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match["name"])
            pins.setdefault(current, []).append((match["version"], match["marker"]))
        elif "confsched (setup.cfg)" in line and current is not None:
            direct.add(current)
    return pins, direct


def test_the_lock_holds_exactly_the_declared_dependencies():
    declared = {canonicalize_name(requirement.name) for requirement in declared_requirements()}
    pins, direct = locked()
    assert declared - set(pins) == set(), "declared in setup.cfg but not locked: refresh the lock (README)"
    assert direct == declared, "the lock's direct dependencies differ from setup.cfg: refresh the lock (README)"


def test_every_pin_that_applies_here_satisfies_its_range():
    pins, _ = locked()
    environment = default_environment()
    for requirement in declared_requirements():
        versions = [version for version, marker in pins[canonicalize_name(requirement.name)]
                    if marker is None or Requirement(f"x ; {marker}").marker.evaluate(environment)]
        assert versions, f"{requirement.name} has no pin for this Python"
        for version in versions:
            assert requirement.specifier.contains(version, prereleases=True), f"{requirement.name}=={version} is outside {requirement}"
