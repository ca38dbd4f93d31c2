"""How many questions one client may ask: the ONE function routes call, `allow_question`.

In-process and per-worker (a sliding minute per client key); the community stage's
database-backed limiter can replace the body of `allow_question` without touching a route.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from newsdesk.config import Settings

WINDOW_SECONDS = 60.0
MAX_CLIENTS = 10_000

_lock = threading.Lock()
_seen: dict[str, deque[float]] = {}


def allow_question(settings: Settings, client: str) -> bool:
    """True when `client` may ask now (and counts this question); False when over the limit."""
    limit = settings.ask_per_minute
    if limit <= 0:
        return True
    now = time.monotonic()
    with _lock:
        if len(_seen) > MAX_CLIENTS:
            _forget_idle(now)
        times = _seen.setdefault(client, deque())
        while times and now - times[0] >= WINDOW_SECONDS:
            times.popleft()
        if len(times) >= limit:
            return False
        times.append(now)
        return True


def _forget_idle(now: float) -> None:
    for key in [k for k, v in _seen.items() if not v or now - v[-1] >= WINDOW_SECONDS]:
        del _seen[key]
