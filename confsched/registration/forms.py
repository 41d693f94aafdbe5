"""Forms of the registration flow; every label and message through gettext, every value checked server-side."""
from __future__ import annotations

import unicodedata

from babel import Locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from confsched import collation, timeengine
from confsched.agenda.templating import zone_choices
from confsched.programme import texts
from confsched.registration.addresses import is_email
from confsched.registration.models import Role, WhenFull

_NOT_COUNTRIES = {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}
def _validate_email(form, field) -> None:
    """Reject addresses no mail server would take."""
    if not is_email(field.data or ""):
        raise ValidationError(_l("Please enter a valid email address (letters before the @ without accents)."))


def _validate_zone(form, field) -> None:
    """Only IANA zones the time engine knows; a legacy name is stored as the zone it stands for."""
    zone = timeengine.accepted_zone(field.data or "")
    if zone is None:
        raise ValidationError(_l("Please choose a time zone from the list."))
    field.data = zone


def _single_line(form, field) -> None:
    """Names and places are one line (the programme's rule, which also refuses U+2028 and U+2029), and hold no
    other invisible characters either: they end up in email headers, calendar parameters and CSV cells."""
    if field.data and (texts.refusal(field.data, multiline=False)
                       or any(unicodedata.category(char).startswith("C") for char in field.data)):
        raise ValidationError(_l("Please use a single line without control characters."))


def _choices(pairs) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def country_choices(language: str) -> list[SelectChoice]:
    """Country names in the reader's language, Germany and Türkiye first."""
    territories = Locale.parse(language).territories
    codes = [code for code in territories if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES]
    first = [code for code in ("DE", "TR") if code in territories]
    rest = sorted((code for code in codes if code not in first), key=lambda code: collation.sort_key(territories[code], language))
    return _choices([("", "—")] + [(code, territories[code]) for code in first + rest])


class RegistrationForm(FlaskForm):
    """Who is registering, how they take part and in which language and zone they read."""

    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200), _single_line])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254), _validate_email])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200), _single_line])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120), _single_line])
    country = SelectField(_l("Country"), validators=[Optional()], validate_choice=True)
    role = RadioField(_l("I take part as"), validators=[InputRequired()],
                      choices=_choices([(Role.active.value, _l("active participant")), (Role.listener.value, _l("listener"))]))
    when_full = RadioField(_l("If every active seat is taken when I confirm"),
                           default=WhenFull.waiting_list.value,
                           choices=_choices([(WhenFull.waiting_list.value, _l("put me on the waiting list")),
                                    (WhenFull.listener.value, _l("let me take part as a listener"))]))
    language = RadioField(_l("Language of my emails"), validators=[InputRequired()],
                          choices=_choices([("de", "Deutsch"), ("tr", "Türkçe")]))
    zone = SelectField(_l("My time zone"), validators=[DataRequired(), _validate_zone], validate_choice=False)
    consent = BooleanField(validators=[DataRequired(_l("Please agree to the storage of your data."))])

    def __init__(self, language: str, **kwargs):
        """Fill the choices that depend on the page language."""
        super().__init__(**kwargs)
        self.country.choices = country_choices(language)
        self.zone.choices = zone_choices(language)
        if not self.is_submitted():
            self.language.data = self.language.data or language


class JoinForm(FlaskForm):
    """A confirmed registrant picks another workshop of the conference and how to take part."""

    workshop = SelectField(_l("Workshop"), validators=[DataRequired()], coerce=int)
    role = RadioField(_l("I take part as"), validators=[InputRequired()], default=Role.active.value,
                      choices=_choices([(Role.active.value, _l("active participant")), (Role.listener.value, _l("listener"))]))
    when_full = RadioField(_l("If every active seat is taken when I confirm"), default=WhenFull.waiting_list.value,
                           validators=[InputRequired()],
                           choices=_choices([(WhenFull.waiting_list.value, _l("put me on the waiting list")),
                                             (WhenFull.listener.value, _l("let me take part as a listener"))]))

    def __init__(self, workshops: list[tuple[int, str]], **kwargs):
        """Offer only the given workshops."""
        super().__init__(**kwargs)
        self.workshop.choices = _choices(workshops)


class ActionForm(FlaskForm):
    """A button that changes something (confirm, cancel, reset, delete): POST with a CSRF token only."""


class LinkRequestForm(FlaskForm):
    """'I lost my link': an address to send the personal page links to."""

    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254), _validate_email])


class InvitationForm(FlaskForm):
    """Organisers paste addresses, one per line, each optionally followed by a language (de or tr)."""

    addresses = TextAreaField(_l("Addresses"), validators=[DataRequired(), Length(max=200_000)])


class PreferencesForm(FlaskForm):
    """A registrant changes the language of their emails and their time zone."""

    language = RadioField(_l("Language of my emails"), validators=[InputRequired()],
                          choices=_choices([("de", "Deutsch"), ("tr", "Türkçe")]))
    zone = SelectField(_l("My time zone"), validators=[DataRequired(), _validate_zone], validate_choice=False)

    def __init__(self, language: str, **kwargs):
        """Fill the choices that depend on the page language."""
        super().__init__(**kwargs)
        self.zone.choices = zone_choices(language)
