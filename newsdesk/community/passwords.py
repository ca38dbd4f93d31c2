"""Password hashing with argon2id, and the dummy check that makes unknown users cost the same.

A sign-in for an address with no account still runs one argon2 verification (against a hash
of a random password made once per process), so neither the answer nor its timing tells an
attacker which addresses have accounts.
"""

from __future__ import annotations

import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from newsdesk.errors import CommunityError

MIN_LENGTH = 10
MAX_LENGTH = 256  # argon2 takes any length; a cap keeps one request from buying minutes of CPU

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise CommunityError(f"Choose a password of at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise CommunityError(f"Passwords can be at most {MAX_LENGTH} characters.")


def hash_password(password: str) -> str:
    check_strength(password)
    return _hasher.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; with no stored hash, the same work against a dummy one."""
    candidate = password[:MAX_LENGTH]
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), candidate) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
