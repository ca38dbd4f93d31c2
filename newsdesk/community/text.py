"""Checking text readers type: one gate for comments, names, reasons and emails.

Null bytes and lone surrogates are refused outright (PostgreSQL cannot store the first, no
encoder the second); other control characters are dropped; line ends become "\n".
"""

from __future__ import annotations

import re
import unicodedata

from newsdesk.errors import CommunityError

_CONTROL = re.compile(
    r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


def clean_text(value: str, *, field: str, max_chars: int, multiline: bool = False) -> str:
    """The text as stored, or a CommunityError saying what is wrong with it, in one line."""
    if "\x00" in value or _SURROGATE.search(value):
        raise CommunityError(f"The {field} contains characters that cannot be stored.")
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = _CONTROL.sub("", value)
    if multiline:
        value = re.sub(r"\n{3,}", "\n\n", value.replace("\t", " ")).strip()
    else:
        value = _SPACES.sub(" ", value).strip()
    if not value:
        raise CommunityError(f"The {field} is empty.")
    if len(value) > max_chars:
        raise CommunityError(
            f"The {field} is too long: {len(value):,} characters, at most {max_chars:,}."
        )
    return value


_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


def clean_email(value: str) -> str:
    email = clean_text(value, field="email address", max_chars=254).lower()
    if not _EMAIL.match(email):
        raise CommunityError("That does not look like an email address.")
    return email
