"""The one signing key: from settings, else made once and kept beside the data.

Several web processes must agree on it (a token signed by one is checked by another), so a
random per-process key will not do; keeping it in DATA_DIR gives every process on the machine
the same key, and NEWSDESK_SECRET_KEY gives it to processes on other machines.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from newsdesk.config import Settings


def secret_key(settings: Settings) -> bytes:
    """The signing key for `settings`; creates DATA_DIR/secret_key (mode 600) on first use."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.data_dir / "secret_key"
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key


def sign(key: bytes, purpose: str, value: str) -> str:
    """An HMAC of `value` for one `purpose`, so a signature made for one use fails another."""
    return hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()


def verify(key: bytes, purpose: str, value: str, signature: str) -> bool:
    return hmac.compare_digest(sign(key, purpose, value), signature)
