"""httpcore's connection pool with its bookkeeping made linear and its liveness checks lazy.

Each time a request is placed or finishes, httpcore 1.0's pool walks its connections and, for
each one, builds a list of all connections just to count them, and asks every idle
connection whether the server has closed it (a poll(2) on its socket behind anyio's
typed-attribute lookup, ~20 µs); then, for every queued request, it lists all available and
all idle connections to take the first of each. With the 20 fetches a round keeps in flight
that is ~90 liveness checks and ~400 list builds per request: most of the pool's CPU in a
re-poll whose feeds all answer 304.

This subclass takes the same decisions with less work: the count it meant is the number of
connections (`len`); the first available or idle connection is found with `next`; and an idle
connection's liveness (`has_expired`: keep-alive ran out, or the server hung up) is checked
when it is about to be given a request rather than on every pass, so a dead connection is
still never used: it is closed and the next one tried. Idle connections nobody asks for are
bounded by `max_keepalive_connections` as before and closed with the pool.

It overrides a private method, so it checks at import that the method is still there: a
newer httpcore that renames it fails loudly here instead of silently losing the fix.
"""

from __future__ import annotations

from typing import Any

import httpcore

if not callable(getattr(httpcore.AsyncConnectionPool, "_assign_requests_to_connections", None)):
    raise RuntimeError("this httpcore has no _assign_requests_to_connections; see httppool.py")


class LeanConnectionPool(httpcore.AsyncConnectionPool):
    """An AsyncConnectionPool whose request assignment is O(connections + requests)."""

    def _assign_requests_to_connections(self) -> list[Any]:
        closing: list[Any] = []
        connections: list[Any] = self._connections
        for connection in list(connections):
            if connection.is_closed():
                connections.remove(connection)
            elif connection.is_idle() and len(connections) > self._max_keepalive_connections:
                connections.remove(connection)
                closing.append(connection)

        for pool_request in [request for request in self._requests if request.is_queued()]:
            origin = pool_request.request.url.origin
            available = self._first_live(origin, closing)
            if available is not None:
                pool_request.assign_to_connection(available)
                continue
            if len(connections) >= self._max_connections:
                idle = next((c for c in connections if c.is_idle()), None)
                if idle is None:
                    continue  # stays queued until a connection frees up
                connections.remove(idle)
                closing.append(idle)
            connection = self.create_connection(origin)
            connections.append(connection)
            pool_request.assign_to_connection(connection)
        return closing

    def _first_live(self, origin: Any, closing: list[Any]) -> Any:
        """The first connection free for `origin` that is still alive; the dead are closed."""
        connections: list[Any] = self._connections
        for connection in list(connections):
            if not (connection.can_handle_request(origin) and connection.is_available()):
                continue
            if not connection.has_expired():
                return connection
            connections.remove(connection)
            closing.append(connection)
        return None
