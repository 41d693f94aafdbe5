"""Email addresses as plain SMTP can carry them and headers can hold them safely. No Flask here."""
from __future__ import annotations

import re

# Deliberately simple: anything an MTA can route, no spaces, no control characters.
_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f<>\"(),;:\\\[\]]{1,64}@[^@\s\x00-\x1f\x7f<>\"(),;:\\\[\]]+\.[^@\s.\x00-\x1f\x7f]{2,63}$")


def ascii_address(address: str) -> str | None:
    """The address as plain SMTP carries it: IDN domains in punycode; None if the local part is not ASCII."""
    local, _, domain = (address or "").strip().rpartition("@")
    if not local.isascii():
        return None
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}" if domain else None
    except UnicodeError:
        return None


def is_email(address: str) -> bool:
    """Whether an address looks deliverable over plain SMTP and is safe to put into a header."""
    converted = ascii_address(address)
    return converted is not None and len(converted) <= 254 and bool(_EMAIL.match(converted))


def normalise_email(address: str) -> str:
    """One spelling per address, so the same person is found whatever case they type (IDN domains in punycode)."""
    return (ascii_address(address) or address.strip()).lower()
