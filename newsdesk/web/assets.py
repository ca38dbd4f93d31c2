"""Static files with content hashes in their names, so browsers may cache them for a year.

`static_url("site.css")` gives `/static/site.1a2b3c4d5e.css`; the hash changes whenever the
file does, so a deploy never serves a stale stylesheet and a returning reader never asks for
an unchanged one. The hashed name is served with an immutable Cache-Control; the plain name
(and a hash that no longer matches) still works, with a short cache, for old pages.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

HASH_CHARS = 10
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300"
_HASHED = re.compile(rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_CHARS}}})(?P<ext>\.[A-Za-z0-9]+)$")


def content_hashes(directory: Path) -> dict[str, str]:
    """Each file's name (relative, with /) mapped to the start of its SHA-256."""
    return {
        path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[
            :HASH_CHARS
        ]
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def hashed_name(name: str, digest: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"


class HashedStaticFiles(StaticFiles):
    """StaticFiles that understands hashed names and sets Cache-Control to match."""

    def __init__(self, *, directory: Path) -> None:
        super().__init__(directory=directory)
        self.hashes = content_hashes(directory)

    def url_for(self, name: str) -> str:
        digest = self.hashes.get(name)
        return f"/static/{hashed_name(name, digest) if digest else name}"

    async def get_response(self, path: str, scope: Scope) -> Response:
        plain, fresh = self._unhash(path)
        response = await super().get_response(plain, scope)
        if response.status_code in (200, 304):
            response.headers["cache-control"] = LONG_CACHE if fresh else SHORT_CACHE
        return response

    def _unhash(self, path: str) -> tuple[str, bool]:
        """The file a requested name stands for, and whether its hash is the current one."""
        found = _HASHED.match(path)
        if found is None:
            return path, False
        plain = found["stem"] + found["ext"]
        return plain, self.hashes.get(plain) == found["hash"]
