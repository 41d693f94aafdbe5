"""Problems found in a programme, as codes with parameters, so each layer can say them in its language."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from confsched import timeengine


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext_noop name, extracted by pybabel
    """Mark a message for translation without translating it here."""
    return message


@dataclass(frozen=True)
class Plural:
    """A message that states a count: its singular and plural, and the parameter holding the count."""

    singular: str
    plural: str
    count: str


def ngettext(singular: str, plural: str, count: str) -> Plural:
    """Mark a plural message for translation without translating it here (named so pybabel extracts both forms)."""
    return Plural(singular, plural, count)


def _english(message: str) -> str:
    """The message as written in the code."""
    return message


def _english_plural(singular: str, plural: str, count: int) -> str:
    """English plural choice, for the CLI and logs."""
    return singular if count == 1 else plural


MESSAGES = {
    "invalid_json": N_("The file is not valid JSON: {fault} (line {line}, column {column})."),
    "json_depth": ngettext("The file nests lists and objects more than {limit} level deep; a programme never needs that.",
                           "The file nests lists and objects more than {limit} levels deep; a programme never needs that.",
                           "limit"),
    "lone_surrogate": N_("This text holds an escape from “\\ud800” to “\\udfff” on its own: half of a character, "
                         "which cannot be stored. Write the character itself instead."),
    "not_a_document": N_("The file must hold one programme document: a JSON object with “conference” and “workshops”."),
    "schema_required": N_("The field “{field}” is missing."),
    "schema_additional": N_("“{field}” is not a field of the programme format."),
    "schema_type": N_("This value has the wrong type."),
    "schema_enum": N_("This value must be one of: {options}."),
    "single_line": N_("This field takes a single line: line breaks and control characters are not allowed."),
    "control_character": N_("This text contains a control character (such as NUL) that cannot be stored."),
    "schema_length": ngettext("This text is longer than {limit} character.", "This text is longer than {limit} characters.",
                              "limit"),
    "schema_min_length": N_("This text is too short."),
    "schema_minimum": ngettext("This number must be at least {limit}.", "This number must be at least {limit}.", "limit"),
    "schema_maximum": ngettext("This number must be at most {limit}.", "This number must be at most {limit}.", "limit"),
    "schema_pattern": N_("This value does not have the expected format."),
    "schema_items": N_("This list has too many or too few entries."),
    "schema_other": N_("This value is not valid."),
    "https_url": N_(
        "This must be a web address that starts with https:// and a host name, such as https://meet.example.org/room."
    ),
    "embed_origin": N_(
        "“{origin}” is not a site address that may show the programme: write https://, the host name and, if "
        "needed, a port, with nothing after it, such as https://www.example.org (http:// only for localhost)."
    ),
    "unknown_zone": N_("“{zone}” is not a known IANA time zone."),
    "same_zone": N_(
        "The two reference zones are the same time zone; leave out the second one or choose a different zone."
    ),
    "invalid_date": N_("“{value}” is not a valid date."),
    "date_range": N_("“{value}” is outside the years a programme can use (1900 to 2200)."),
    "nonexistent_time": N_(
        "{local} does not exist in {zone}: the clocks skip it. It could mean {first} or {second}; "
        "please enter the time you mean."
    ),
    "ambiguous_time": N_(
        "{local} is ambiguous in {zone}: it occurs twice. It could mean {first} or {second}; "
        "please enter an unambiguous time."
    ),
    "venue_field_required": N_("A venue or hybrid event needs this part of its address, so that people can find it."),
    "unknown_country": N_("“{country}” is not a country code; use the two letters of ISO 3166, such as DE or TR."),
    "venue_field_online": N_(
        "An online platform has no address, room or accessibility notes; choose venue or hybrid for a place people come to."
    ),
    "hybrid_online_name": N_("A hybrid event needs the name of its online platform, such as Zoom."),
    "online_name_hybrid_only": N_("Only a hybrid event names an online platform besides its venue."),
    "language_not_declared": N_("This language is not one of the conference's languages; add it to the "
                                "conference first, or choose one of its languages."),
    "interpretation_without_spoken": N_("Say which language is spoken before saying what it is interpreted into."),
    "interpretation_same_language": N_("Nothing is interpreted into the only language that is spoken: choose "
                                       "another language to interpret into, or add the other spoken language."),
    "window_order": N_("The day ends ({end}) before it starts ({start})."),
    "date_order": N_("The conference's last date ({last_date}) is before its first ({first_date})."),
    "overnight_too_long": N_(
        "A day that ends on the next day must end before {start}: a window lasts less than 24 hours."
    ),
    "day_overrun": ngettext("The agenda runs {minutes} minute past the end of the day.",
                            "The agenda runs {minutes} minutes past the end of the day.", "minutes"),
    "section_overrun": ngettext("The items of this section run {minutes} minute longer than the section.",
                                "The items of this section run {minutes} minutes longer than the section.", "minutes"),
    "duration_range": N_("A duration must be at least 1 minute and less than 24 hours."),
    "empty_title": N_("The title is empty in every language."),
    "unknown_reference": N_("“{key}” does not name any {kind} in this document."),
    "duplicate_key": N_("“{key}” is used twice."),
    "duplicate_number": N_("Workshop number {number} is used twice."),
    "identity_taken": N_("The identity “{identity}” already belongs to another day, so this day gets a new one."),
    "capacity_range": N_("The capacity must be at least 1."),
    "derived_mismatch": N_("The document states {stated}, but the programme gives {derived}; the programme wins."),
    "printed_label": N_(
        "Printed as {label} (UTC{claimed}), but {zone} is on {actual} ({offset}) on {date}."
    ),
    "printed_time": N_("Printed as {printed} ({label}), but the programme gives {derived} in {zone}."),
    "unknown_label": N_("“{label}” is not a time zone label that can be checked."),
    "platform_overlap": N_(
        "Workshops {first} and {second} use the platform “{platform}” at overlapping times."
    ),
    "unknown_speaker": N_(
        "“{name}” names no person or organisation of this conference. Write a person's name, “N.N.” and an "
        "organisation, or an organisation, separated by semicolons; add new people under People first."
    ),
    "someone_missing": N_("Choose a person, or an organisation whose speaker is not known yet (N.N.)."),
    "organisation_itself_with_person": N_(
        "Only an organisation without a person can take the role itself; choose the organisation and no person."
    ),
    "still_used": ngettext("“{key}” is still used once in the programme; remove that use first.",
                           "“{key}” is still used {count} times in the programme; remove those uses first.", "count"),
    "last_day": N_("A workshop needs at least one day; delete the workshop instead."),
    "not_a_section": N_("Items can only be placed inside a section."),
    "not_on_this_day": N_("This item belongs to another day; choose an item of the day you are editing."),
    "not_found": N_("There is no such {kind} in this conference."),
    # The lower bound is a fixed few minutes, so the plural follows the upper one.
    "reminder_range": ngettext("A reminder must go out between {minimum} minutes and {days} day before the day.",
                               "A reminder must go out between {minimum} minutes and {days} days before the day.",
                               "days"),
    "reminder_count": ngettext("At most {limit} reminder can be set.", "At most {limit} reminders can be set.", "limit"),
    "reminder_duplicate": N_("The same reminder time is listed twice."),
    "reminder_format": N_("Enter whole minutes separated by commas, such as 1440, 60."),
    "comment_length": ngettext("A comment may be at most {limit} character long.",
                               "A comment may be at most {limit} characters long.", "limit"),
    "release_outdated": N_("Release {number} was published in the meantime. Check the changes again, then publish."),
    "nothing_to_release": N_("The draft is the same as the published programme: there is nothing to publish."),
    "release_not_kept": N_("Release {number} was published before releases were kept; it cannot be restored or "
                           "exported."),
}

# What is wrong with a file that is not JSON, by the start of the message Python's parser gives (in English).
JSON_FAULTS = {
    "not UTF-8": N_("the file is not encoded in UTF-8"),
    "Expecting value": N_("a value is missing here"),
    "Expecting property name enclosed in double quotes": N_("a field name in double quotes is expected here"),
    "Expecting ':' delimiter": N_("a colon is expected here"),
    "Expecting ',' delimiter": N_("a comma is expected here"),
    "Unterminated string starting at": N_("a text starting here is not closed with a double quote"),
    "Invalid control character": N_("a text holds a line break or another control character; write a line break as \\n"),
    "Invalid \\uXXXX escape": N_("a \\u escape needs four hexadecimal digits"),
    "Invalid \\escape": N_("a backslash starts an escape that JSON does not know"),
    "Extra data": N_("something follows the end of the document"),
}
UNREADABLE_JSON = N_("the file breaks the rules of JSON here")

KIND_NAMES = {
    "organisation": N_("organisation"),
    "person": N_("person"),
    "platform": N_("platform"),
    "workshop": N_("workshop"),
    "day": N_("day"),
    "agenda item": N_("agenda item"),
    "assignment": N_("assignment"),
    "organiser": N_("organiser"),
    "release": N_("release"),
}


@dataclass(frozen=True)
class Problem:
    """One finding: an error stops the change, a warning is reported and the change goes ahead."""

    code: str
    location: str
    params: dict = field(default_factory=dict)
    severity: str = "error"

    def message(self, translate: Callable[[str], str] = _english,
                translate_plural: Callable[[str, str, int], str] = _english_plural,
                word: Callable[[str, object], object] = lambda name, value: value) -> str:
        """The message in the language `translate` and `translate_plural` (gettext, ngettext) speak, English by
        default; each value worded by `word`."""
        params = {name: word(name, value) for name, value in self.params.items()}
        if "kind" in params:
            params["kind"] = translate(KIND_NAMES.get(params["kind"], params["kind"]))
        if "fault" in params:
            params["fault"] = translate(JSON_FAULTS.get(params["fault"], UNREADABLE_JSON))
        text = MESSAGES[self.code]
        if isinstance(text, Plural):
            return translate_plural(text.singular, text.plural, params[text.count]).format(**params)
        return translate(text).format(**params)

    def describe(self, translate: Callable[[str], str] = _english,
                 translate_plural: Callable[[str, str, int], str] = _english_plural,
                 word: Callable[[str, object], object] = lambda name, value: value) -> str:
        """Location and message on one line, for reports and the CLI."""
        message = self.message(translate, translate_plural, word)
        return f"{self.location}: {message}" if self.location else message


class ProgrammeRejected(ValueError):
    """The input breaks rules; nothing was changed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(problem.describe() for problem in problems))


def doubtful_time(refusal: timeengine.NonExistentLocalTimeError | timeengine.AmbiguousLocalTimeError,
                  location: str) -> Problem:
    """The problem a wall-clock time makes that the clocks skip or repeat, naming both readings."""
    code = "nonexistent_time" if isinstance(refusal, timeengine.NonExistentLocalTimeError) else "ambiguous_time"
    first, second = refusal.readings
    return Problem(code, location, {"local": f"{refusal.local:%Y-%m-%d %H:%M}", "zone": refusal.zone_name,
                                    "first": first, "second": second})


def reject(code: str, location: str, **params) -> ProgrammeRejected:
    """A refusal with one problem."""
    return ProgrammeRejected([Problem(code, location, params)])
