"""Synthetic programmes of any size, for scaling tests and the benchmark."""
from __future__ import annotations

import datetime as dt

from confsched.programme.document import FORMAT, VERSION

KINDS = ("welcome", "practice_example", "discussion", "presentation", "impulse_talk", "summary")


def synthetic_document(
    slug: str = "synthetic",
    workshops: int = 1,
    days_per_workshop: int = 1,
    items_per_day: int = 5,
    people: int = 10,
    first_date: dt.date = dt.date(2020, 6, 15),
    platforms: int = 1,
) -> dict:
    """A valid programme document whose size grows with the arguments, and nothing else.

    Workshops five numbers apart meet on the same dates; with enough `platforms` (a fifth of the
    workshops) they use different ones, so no two overlap on a platform.
    """
    person_keys = [f"person-{index}" for index in range(people)]
    platform_keys = ["kudo", *(f"kudo-{index}" for index in range(2, platforms + 1))]
    return {
        "format": FORMAT,
        "version": VERSION,
        "conference": {
            "slug": slug,
            "title": {"de": f"Testkonferenz {slug}", "tr": f"Test konferansı {slug}"},
            "reference_zones": ["Europe/Berlin", "Europe/Istanbul"],
            "languages": ["de", "tr"],
            "default_language": "de",
            "interpretation": "simultaneous",
        },
        "organisations": [{"key": "org", "short_name": "ORG", "name": {"de": "Stadt Köln", "tr": "Köln Belediyesi"}}],
        "people": [
            {"key": key, "name": f"Person Yiğit {index}", "organisation": "org"} for index, key in enumerate(person_keys)
        ],
        "platforms": [
            {"key": key, "name": "Kudo" if key == "kudo" else f"Kudo {key[5:]}", "kind": "online",
             "access": {"join_url": "https://kudo.example.org/join/secret-synthetic", "passcode": "synthetic-secret"}}
            for key in platform_keys
        ],
        "workshops": [
            _workshop(number, days_per_workshop, items_per_day, person_keys, first_date,
                      platform_keys[(number - 1) // 5 % len(platform_keys)])
            for number in range(1, workshops + 1)
        ],
    }


def _workshop(number, days_per_workshop, items_per_day, person_keys, first_date, platform) -> dict:
    """One workshop; days fall on consecutive weeks so they never overlap."""
    return {
        "number": number,
        "title": {"de": f"Fachworkshop {number}: Städtepartnerschaft", "tr": f"{number}. Atölye: Kardeş şehirler"},
        "organisations": ["org"],
        "platform": platform,
        "capacity": 30,
        "listeners_admitted": True,
        "status": "confirmed",
        "days": [
            {
                "date": (first_date + dt.timedelta(days=(number - 1) % 5, weeks=day)).isoformat(),
                "zone": "Europe/Berlin",
                "local_start": "09:00",
                "local_end": f"{9 + (items_per_day * 10 + 59) // 60:02d}:00",
                "items": [
                    {
                        "kind": KINDS[index % len(KINDS)],
                        "title": {"de": f"Programmpunkt {index + 1}", "tr": f"Program maddesi {index + 1}"},
                        "duration": 10,
                        "assignments": [
                            {"role": "speaker", "person": person_keys[(number + index) % len(person_keys)]}
                        ] if person_keys else [],
                    }
                    for index in range(items_per_day)
                ],
            }
            for day in range(days_per_workshop)
        ],
    }
