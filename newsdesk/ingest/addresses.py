"""The SSRF guard: which IP addresses a fetch may connect to, enforced on every connection.

Feeds and pages name their own URLs, so a hostile one can point us at the machine we run on,
the office network or a cloud metadata service (SSRF). The rule is simple: only globally
routable addresses, plus the networks the operator lists in ``allowed_networks``.

``ipaddress.is_global`` alone is not enough: on Python 3.11 it calls 64:ff9b::7f00:1 (NAT64 of
127.0.0.1), 2002:7f00:1:: (6to4 of 127.0.0.1), fec0::/10 and ::a.b.c.d "global", and it knows
nothing of ranges assigned after the interpreter was built. So addresses that carry an IPv4
address inside are unwrapped first, IPv6 must lie in the global unicast space 2000::/3, and an
explicit table names the special ranges, which also gives a person a reason they can look up.

`GuardedBackend` applies the rule where it cannot be bypassed: inside httpcore, at the moment a
connection is opened, so it holds for the first request, for every redirect and for every new
connection a keep-alive pool opens later, whatever the DNS answers by then.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address
from socket import AF_INET, AF_INET6, AF_UNSPEC, SOCK_STREAM
from typing import Any

import anyio
import httpcore

from newsdesk.errors import BlockedAddressError

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network

Resolver = Callable[[str, int], Awaitable[Sequence[str]]]
"""Turns (host, port) into IP address literals; raises OSError when the name does not resolve.

Swappable so tests (and operators with their own DNS policy) can decide what a name means.
"""

_SPECIAL_V4: tuple[tuple[IPv4Network, str], ...] = tuple(
    (IPv4Network(net), reason)
    for net, reason in (
        ("0.0.0.0/8", "unspecified / 'this network'"),
        ("10.0.0.0/8", "private network (RFC 1918)"),
        ("100.64.0.0/10", "shared address space / carrier-grade NAT (RFC 6598)"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local"),
        ("172.16.0.0/12", "private network (RFC 1918)"),
        ("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
        ("192.0.2.0/24", "documentation (TEST-NET-1)"),
        ("192.88.99.0/24", "deprecated 6to4 relay anycast (RFC 7526)"),
        ("192.168.0.0/16", "private network (RFC 1918)"),
        ("198.18.0.0/15", "benchmarking (RFC 2544)"),
        ("198.51.100.0/24", "documentation (TEST-NET-2)"),
        ("203.0.113.0/24", "documentation (TEST-NET-3)"),
        ("224.0.0.0/4", "multicast"),
        ("255.255.255.255/32", "broadcast"),
        ("240.0.0.0/4", "reserved (class E)"),
    )
)

_SPECIAL_V6: tuple[tuple[IPv6Network, str], ...] = tuple(
    (IPv6Network(net), reason)
    for net, reason in (
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local (deprecated)"),
        ("fc00::/7", "unique local address (private)"),
        ("ff00::/8", "multicast"),
        ("2001::/32", "Teredo tunnel"),
        ("2001:db8::/32", "documentation"),
        ("3fff::/20", "documentation"),
    )
)

_GLOBAL_UNICAST_V6 = IPv6Network("2000::/3")
_NAT64 = IPv6Network("64:ff9b::/96")


def judge_address(ip: str | IPAddress, allowed: Sequence[IPNetwork]) -> str | None:
    """None when a fetch may connect to ``ip``; otherwise the reason, for a person to read."""
    try:
        address = ip_address(ip) if isinstance(ip, str) else ip
    except ValueError:
        return "not an IP address"
    inner = unwrap_ipv4(address)
    if _is_allowed(address, allowed) or (inner is not None and _is_allowed(inner, allowed)):
        return None
    if inner is not None:
        reason = _special_reason(inner)
        return None if reason is None else f"embeds {inner}: {reason}"
    return _special_reason(address)


def unwrap_ipv4(address: IPAddress) -> IPv4Address | None:
    """The IPv4 address that an IPv6 address really reaches, if it embeds one.

    Covers IPv4-mapped (::ffff:a.b.c.d), the NAT64 well-known prefix 64:ff9b::/96 and 6to4
    (2002::/16): each of these delivers packets to the embedded IPv4 address.
    """
    if isinstance(address, IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def _is_allowed(address: IPAddress, allowed: Sequence[IPNetwork]) -> bool:
    plain = address.__class__(int(address))  # drop an IPv6 scope id before comparing
    return any(plain.version == net.version and plain in net for net in allowed)


def _special_reason(address: IPAddress) -> str | None:
    if isinstance(address, IPv4Address):
        for net4, reason in _SPECIAL_V4:
            if address in net4:
                return reason
    else:
        address = IPv6Address(int(address))  # a scope id would make every `in` test fail
        for net6, reason in _SPECIAL_V6:
            if address in net6:
                return reason
        if address not in _GLOBAL_UNICAST_V6:
            return "outside the IPv6 global unicast space 2000::/3"
    if not address.is_global:
        return "not globally routable"
    return None


async def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's resolver (getaddrinfo), run off the event loop by anyio."""
    infos = await anyio.getaddrinfo(host, port, family=AF_UNSPEC, type=SOCK_STREAM)
    addresses: list[str] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if family in (AF_INET, AF_INET6):
            literal = str(sockaddr[0])
            if literal not in addresses:
                addresses.append(literal)
    return addresses


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that connects only to permitted addresses.

    httpcore hands us the host name from the URL. We resolve it ourselves, judge every answer,
    and connect to the very IP literal we judged, so no second lookup can return another
    address (DNS rebinding). TLS is unaffected: httpcore passes the URL's host to start_tls as
    the server name (SNI and certificate check), and the Host header comes from the URL too.
    Once connected, the peer address the socket reports is judged again, which catches anything
    between us and the wire that connects elsewhere than asked (a misbehaving resolver stack, a
    transparent proxy, a test double).
    """

    def __init__(
        self,
        allowed: Sequence[IPNetwork],
        *,
        resolver: Resolver | None = None,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._allowed = tuple(allowed)
        self._resolver: Resolver = resolver or system_resolver
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        options = list(socket_options or ())
        refused: list[tuple[str, str]] = []
        failure: Exception | None = None
        for address in await self._addresses(host, port, timeout):
            reason = judge_address(address, self._allowed)
            if reason is not None:
                refused.append((address, reason))
                continue
            try:
                stream = await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc  # try the host's next permitted address
                continue
            await self._check_peer(stream, host)
            return stream
        if failure is not None:
            raise failure
        address, reason = refused[0]
        raise BlockedAddressError(f"refused address {address} for host {host} ({reason})")

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddressError(f"refused unix socket {path} (only TCP to permitted addresses)")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)

    async def _addresses(self, host: str, port: int, timeout: float | None) -> list[str]:
        try:
            return [str(ip_address(host))]
        except ValueError:
            pass  # a name, not a literal
        try:
            with anyio.fail_after(timeout):
                found = [str(address) for address in await self._resolver(host, port)]
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving host {host} timed out") from exc
        except (OSError, UnicodeError, ValueError) as exc:
            detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise httpcore.ConnectError(f"could not resolve host {host}: {detail}") from exc
        if not found:
            raise httpcore.ConnectError(f"host {host} has no addresses")
        return found

    async def _check_peer(self, stream: httpcore.AsyncNetworkStream, host: str) -> None:
        peer = stream.get_extra_info("server_addr")
        address = str(peer[0]) if isinstance(peer, tuple) and peer else None
        if address is None:
            reason: str | None = "peer address unknown"
        else:
            reason = judge_address(address, self._allowed)
        if reason is not None:
            await stream.aclose()
            raise BlockedAddressError(
                f"refused address {address} for host {host} ({reason}; seen after connecting)"
            )
