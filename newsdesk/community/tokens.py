"""Random bearer secrets (session cookies, API tokens, reset links) and the hash we keep.

Only a SHA-256 of each token is stored: the tokens are 256 random bits, so a fast hash is
enough, and a leaked database gives no usable session.
"""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """(token to hand out, hash to store)."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
