"""The site's secret key: the setting when given, else one generated once and kept on disk.

It signs what the site hands out and must recognise later (image-proxy URLs today), so it has
to survive restarts and be the same in every process that shares DATA_DIR.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from newsdesk.config import Settings
from newsdesk.errors import ConfigError

KEY_FILE = "secret_key"


def secret_key(settings: Settings) -> bytes:
    """NEWSDESK_SECRET_KEY, else DATA_DIR/secret_key (created, readable by us only, if new)."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.data_dir / KEY_FILE
    try:
        return _read(path) or _create(path)
    except OSError as exc:
        raise ConfigError(f"cannot keep the secret key in {path}: {exc.strerror or exc}") from None


def _read(path: Path) -> bytes | None:
    try:
        key = path.read_bytes().strip()
    except FileNotFoundError:
        return None
    return key or None


def _create(path: Path) -> bytes:
    """Write a new key, whole, then link it into place; if another process got there first,
    theirs is the key (a link either appears complete or not at all)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48).encode()
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key + b"\n")
    try:
        os.link(draft, path)
    except FileExistsError:
        existing = _read(path)
        if existing is None:
            raise ConfigError(f"{path} is empty; delete it or set NEWSDESK_SECRET_KEY") from None
        return existing
    finally:
        draft.unlink()
    return key
