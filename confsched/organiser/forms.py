"""Flask-WTF forms for the editor, built from the same field rules the API uses.

The forms carry CSRF protection and the HTML bounds (maxlength, min/max); the
rules in ``confsched.organiser.fields`` then clean the values and name any
problem in the organiser's language, so a bound is enforced in one place.
German and Turkish texts become two fields side by side (``title_de``, ``title_tr``).
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length

from confsched.agenda.templating import zone_choices
from confsched.organiser import fields
from confsched.organiser.models import MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from confsched.programme.interpretation import KNOWN_LANGUAGES
from confsched.programme.releases import MAX_COMMENT_LENGTH

LABELS = {
    "slug": _l("Address (slug)"), "title": _l("Title"), "subtitle": _l("Subtitle"),
    "description": _l("Description"), "goals": _l("Goals"), "format_notes": _l("Format"),
    "start_date": _l("First date"), "end_date": _l("Last date"), "primary_zone": _l("First reference zone"),
    "secondary_zone": _l("Second reference zone"), "default_language": _l("Default language"),
    "interpretation": _l("Interpretation"), "session_label": _l("What the programme calls its workshops"), "number": _l("Number"), "background": _l("Background"),
    "platform": _l("Platform"), "organisations": _l("Organising bodies"), "capacity": _l("Capacity"),
    "listeners_admitted": _l("Listeners admitted"), "status": _l("Status"), "date": _l("Date"),
    "local_start": _l("Starts (local time)"), "local_end": _l("Ends (local time)"),
    "ends_next_day": _l("Ends on the next day (after midnight)"),
    "doors_open_minutes": _l("Doors open (minutes before the start)"),
    "informal_end_minutes": _l("Informal end (minutes after the end)"), "zone": _l("Time zone"),
    "label": _l("Label"), "outcomes": _l("Outcomes"), "kind": _l("Kind"), "duration_minutes": _l("Duration (minutes)"),
    "role": _l("Role"), "person": _l("Person"), "organisation": _l("Organisation"), "tbc": _l("To be confirmed"),
    "organisation_itself": _l("The organisation itself (no person will be named)"),
    "note": _l("Note"), "key": _l("Key"), "name": _l("Name"), "academic_title": _l("Academic title"),
    "function": _l("Function"), "city": _l("City"), "short_name": _l("Short name"), "country": _l("Country (ISO code)"),
    "street_address": _l("Street and number"), "postcode": _l("Postcode"), "room": _l("Room (optional)"),
    "accessibility": _l("Accessibility (optional, public)"), "online_name": _l("Online platform (hybrid events)"),
    "listener_limit": _l("Listener limit"), "join_url": _l("Join link (secret)"),
    "meeting_id": _l("Meeting ID (secret)"), "passcode": _l("Passcode (secret)"),
    "instructions": _l("Access instructions (secret)"),
    "conference_role": _l("Stands behind the conference as"),
    "reminder_minutes": _l("Reminders (minutes before each day)"),
    "embed_origins": _l("Sites that may show the programme (one per line)"),
    "languages": _l("Languages of the conference"),
    "spoken_languages": _l("Spoken languages"),
    "interpreted_into": _l("Interpreted into"),
    "interpretation_channels": _l("Interpretation channels, as the platform names them"),
}

CHOICE_LABELS = {
    "planned": _l("planned"), "confirmed": _l("confirmed"), "cancelled": _l("cancelled"),
    "online": _l("online platform"), "venue": _l("venue"),
    "hybrid": _l("hybrid (venue and online platform)"),
    "speaker": _l("speaker"), "moderator": _l("moderator"), "rapporteur": _l("rapporteur"), "welcome": _l("welcome"),
    "organiser": _l("organising body"), "partner": _l("partner organisation"),
    "supporter": _l("supporting organisation"),
    "simultaneous": _l("simultaneous"), "consecutive": _l("consecutive"), "de": _l("German"), "tr": _l("Turkish"), "en": _l("English"),
    "technical_introduction": _l("technical introduction"), "introduction": _l("introduction"),
    "practice_example": _l("practice example"), "presentation": _l("presentation"), "impulse_talk": _l("impulse talk"),
    "discussion": _l("discussion"), "working_block": _l("working block"), "summary": _l("summary"),
    "break": _l("break"), "section": _l("section"), "other": _l("other"),
}
LANGUAGE_NAMES = {"de": _l("German"), "tr": _l("Turkish")}
# What an organiser should know before changing a field.
HINTS = {
    "capacity": _l("Raising it gives the new places to the waiting list, in order. Lowering it never takes a "
                   "place from anyone who has one; fewer people get in as others cancel."),
    "listener_limit": _l("Raising it admits waiting listeners, in order. Lowering it never removes a listener."),
    "reminder_minutes": _l("Registrants with a place get an email this many minutes before each of their days, "
                           "for example 1440, 60 for 24 hours and 1 hour before. Leave it empty to send no reminders."),
    "secondary_zone": _l("Leave it empty for a conference held in one time zone."),
    "embed_origins": _l("The address of each site whose pages show the embedded programme, without a path, such as "
                        "https://www.example.org. Any other site is refused."),
}


class ZoneField(SelectField):
    """A zone picked by its city in the page language (grouped as on the agenda pages); the value is the IANA name."""

    def __init__(self, label, optional: bool = False, **kwargs):
        """Choices come per request, in the page language (`offer_zones`); an optional zone can be left out."""
        super().__init__(label, choices=[], validate_choice=False, **kwargs)
        self.optional = optional


def offer_zones(form: FlaskForm, language: str) -> None:
    """Fill every zone field of the form with the cities in the language, keeping a stored zone."""
    for form_field in form:
        if isinstance(form_field, ZoneField):
            choices_offered = zone_choices(language, keep=form_field.data)
            if form_field.optional:
                choices_offered = {"—": [SelectChoice("", _l("none (one zone only)"))], **choices_offered}
            form_field.choices = choices_offered


def choices(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def _input(rule) -> dict:
    """HTML attributes that mirror a rule's bounds, so browsers refuse the obvious before the server does."""
    if isinstance(rule, fields.Integer):
        return {"type": "number", "min": rule.minimum, "max": rule.maximum, "inputmode": "numeric"}
    if isinstance(rule, fields.Date):
        return {"type": "date"}
    if isinstance(rule, fields.Clock):
        return {"type": "time", "step": 60}
    if isinstance(rule, fields.Link):
        return {"type": "url", "maxlength": rule.max_length, "placeholder": "https://"}
    if isinstance(rule, fields.ReminderOffsets):
        return {"inputmode": "numeric", "maxlength": 60, "pattern": r"[0-9 ,;]*"}
    if isinstance(rule, (fields.Text, fields.Texts)):
        return {"maxlength": rule.max_length}
    return {}


def _field(name: str, rule):
    """One WTForms field for one rule (a Texts rule gets one per language, see spec_form)."""
    label = LABELS.get(name, name)
    if isinstance(rule, fields.Flag):
        return BooleanField(label)
    if isinstance(rule, fields.Choice):
        options = [SelectChoice("", "—")] if not rule.required else []
        return SelectField(label, validate_choice=False, choices=options + [
            SelectChoice(value, CHOICE_LABELS.get(value, value)) for value in rule.options])
    if isinstance(rule, fields.Statement):
        return SelectField(label, validate_choice=False, choices=[
            SelectChoice("", _l("not stated")), SelectChoice("yes", _l("yes")), SelectChoice("no", _l("no"))])
    if isinstance(rule, fields.Zone):
        return ZoneField(label, optional=not rule.required, description=HINTS.get(name, ""))
    if isinstance(rule, fields.Reference):
        return SelectField(label, choices=[SelectChoice("", "—")], validate_choice=False)
    if isinstance(rule, fields.References):
        return SelectMultipleField(label, choices=[], validate_choice=False)
    if isinstance(rule, fields.Origins):
        return TextAreaField(label, description=HINTS.get(name, ""),
                             render_kw={"rows": 3, "spellcheck": "false", "autocomplete": "off", "inputmode": "url"})
    field_class = TextAreaField if getattr(rule, "multiline", False) else StringField
    return field_class(label, description=HINTS.get(name, ""), render_kw=_input(rule))


def spec_form(spec: fields.Spec, exclude: tuple = (), extra: dict | None = None) -> type[FlaskForm]:
    """A form class with a field per rule of the spec; German and Turkish side by side for texts."""
    attributes = {}
    for name, rule in spec.fields.items():
        if name in exclude:
            continue
        if isinstance(rule, fields.Texts):
            for language in fields.LANGUAGES:
                field_class = TextAreaField if rule.multiline else StringField
                attributes[f"{name}_{language}"] = field_class(
                    LABELS.get(name, name), render_kw={**_input(rule), "lang": language})
        elif isinstance(rule, fields.Languages):
            # One check box per language (name_de, name_tr, name_en), under one legend.
            for code in KNOWN_LANGUAGES:
                attributes[f"{name}_{code}"] = BooleanField(CHOICE_LABELS[code], description=LABELS.get(name, name))
        else:
            attributes[name] = _field(name, rule)
    attributes.update(extra or {})
    return type(f"{spec.name}Form", (FlaskForm,), attributes)


def form_values(form: FlaskForm, spec: fields.Spec, exclude: tuple = ()) -> dict:
    """The values a submitted form holds, shaped for the spec's rules (texts as {language: text})."""
    values = {}
    for name, rule in spec.fields.items():
        if name in exclude:
            continue
        if isinstance(rule, fields.Texts):
            values[name] = {language: form[f"{name}_{language}"].data or "" for language in fields.LANGUAGES}
        elif isinstance(rule, fields.Languages):
            ticked = [code for code in KNOWN_LANGUAGES if form[f"{name}_{code}"].data]
            if ticked or not rule.min_items:
                values[name] = ticked  # a conference keeps its languages when none is ticked: it needs one
        elif isinstance(rule, fields.Flag):
            values[name] = bool(form[name].data)
        elif isinstance(rule, fields.Statement):
            values[name] = {"yes": True, "no": False}.get(form[name].data)
        elif isinstance(rule, fields.Origins):
            values[name] = [line.strip() for line in (form[name].data or "").splitlines() if line.strip()]
        elif isinstance(rule, fields.ReminderOffsets):
            values[name] = fields.TypedText(form[name].data or "")
        elif isinstance(rule, (fields.Date, fields.Clock)) and isinstance(form[name].data, str):
            values[name] = form[name].data.strip() or None
        else:
            values[name] = form[name].data
    return values


def initial_data(spec: fields.Spec, values: dict) -> dict:
    """Form data from stored values: texts split per language, dates and times as the inputs expect."""
    data = {}
    for name, rule in spec.fields.items():
        value = values.get(name)
        if isinstance(rule, fields.Texts):
            for language in fields.LANGUAGES:
                data[f"{name}_{language}"] = (value or {}).get(language, "")
        elif isinstance(rule, fields.Languages):
            for code in KNOWN_LANGUAGES:
                data[f"{name}_{code}"] = code in (value or ())
        elif isinstance(rule, fields.ReminderOffsets):
            data[name] = rule.as_text(value)
        elif isinstance(rule, fields.Origins):
            data[name] = "\n".join(value or ())
        elif isinstance(rule, fields.Statement):
            data[name] = {True: "yes", False: "no"}.get(value, "")
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        elif isinstance(value, dt.time):
            data[name] = value.strftime("%H:%M")
        elif value is None:
            data[name] = "" if not isinstance(rule, (fields.Flag, fields.References)) else value
        else:
            data[name] = value
    return data


class SignInForm(FlaskForm):
    """Email and password."""

    email = StringField(_l("Email"), validators=[InputRequired(), Length(max=MAX_EMAIL_LENGTH)],
                        render_kw={"autocomplete": "username", "type": "email", "maxlength": MAX_EMAIL_LENGTH})
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)],
                             render_kw={"autocomplete": "current-password", "maxlength": MAX_PASSWORD_LENGTH})
    next = HiddenField()


class PasswordForm(FlaskForm):
    """The current password and the new one, twice."""

    current = PasswordField(_l("Current password"), validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)],
                            render_kw={"autocomplete": "current-password", "maxlength": MAX_PASSWORD_LENGTH})
    new = PasswordField(_l("New password"), validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)],
                        render_kw={"autocomplete": "new-password", "minlength": MIN_PASSWORD_LENGTH,
                                   "maxlength": MAX_PASSWORD_LENGTH})
    repeated = PasswordField(_l("New password again"), validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)],
                             render_kw={"autocomplete": "new-password", "maxlength": MAX_PASSWORD_LENGTH})


class ConfirmForm(FlaskForm):
    """A button that changes something (delete, move, sign out): only the CSRF token."""


class TokenForm(FlaskForm):
    """A name for a new API token."""

    name = StringField(_l("Name of the token"), validators=[InputRequired(), Length(max=80)],
                       render_kw={"maxlength": 80})


class PublishForm(FlaskForm):
    """The organiser's optional word on a release, per language, and the number the preview showed."""

    comment_de = TextAreaField(_l("Comment in German (optional)"), render_kw={"maxlength": MAX_COMMENT_LENGTH, "rows": 3})
    comment_tr = TextAreaField(_l("Comment in Turkish (optional)"), render_kw={"maxlength": MAX_COMMENT_LENGTH, "rows": 3})
    expected = HiddenField()


class MemberForm(FlaskForm):
    """An organiser to let edit the conference."""

    email = StringField(_l("Email"), validators=[InputRequired(), Length(max=MAX_EMAIL_LENGTH)],
                        render_kw={"type": "email", "maxlength": MAX_EMAIL_LENGTH})


class ImportForm(FlaskForm):
    """A programme document to check and then apply."""

    document = FileField(_l("Programme document (JSON)"))
    text = HiddenField()
    apply = BooleanField(_l("Apply"))


PLACEMENT_FIELDS = {"extend_day": BooleanField(_l("Extend the day's end if the agenda runs longer"))}
ItemForm = spec_form(fields.ITEM, extra=PLACEMENT_FIELDS)
WorkshopForm = spec_form(fields.WORKSHOP)
NewWorkshopForm = spec_form(fields.WORKSHOP, extra={
    f"day_{name}": ZoneField(LABELS[name]) if isinstance(rule, fields.Zone) else StringField(LABELS[name],
                                                                                             render_kw=_input(rule))
    for name, rule in fields.DAY.fields.items() if name in ("date", "local_start", "local_end", "zone")
})
DayForm = spec_form(fields.DAY)
ConferenceForm = spec_form(fields.CONFERENCE)
DuplicateForm = spec_form(fields.DUPLICATE)
AssignmentForm = spec_form(fields.ASSIGNMENT)
ENTRY_FORMS = {
    "organisations": spec_form(fields.ORGANISATION),
    "people": spec_form(fields.PERSON),
    "platforms": spec_form(fields.PLATFORM),
}
