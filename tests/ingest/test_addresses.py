"""The SSRF guard: its judgement of addresses, its backend, and fetches it must stop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from ipaddress import ip_address, ip_network
from typing import Any

import httpcore
import pytest

from newsdesk.config import Settings
from newsdesk.errors import BlockedAddressError, FetchError
from newsdesk.ingest.addresses import (
    GuardedBackend,
    Resolver,
    judge_address,
    system_resolver,
    unwrap_ipv4,
)
from newsdesk.ingest.fetch import FetchResult, fetch, make_client
from tests.support.httpserver import Response, TestServer, redirect

ServerFactory = Callable[..., TestServer]

LOCAL = Settings(allowed_networks=["127.0.0.1/32"], total_timeout=10, connect_timeout=5)


def get(url: str, settings: Settings = LOCAL, resolver: Resolver | None = None) -> FetchResult:
    async def run() -> FetchResult:
        async with make_client(settings, resolver=resolver) as client:
            return await fetch(client, url, settings=settings)

    return asyncio.run(run())


def resolving(names: dict[str, Sequence[str]]) -> Resolver:
    async def resolve(host: str, port: int) -> list[str]:
        if host not in names:
            raise OSError(f"unknown test host {host}")
        return list(names[host])

    return resolve


NONE: list[Any] = []
LOOPBACK_ONE = [ip_network("127.0.0.1/32")]

# (id, address, allowed networks, refused?)
CASES = [
    # IPv4 special ranges
    ("v4-unspecified", "0.0.0.0", NONE, True),
    ("v4-this-network", "0.1.2.3", NONE, True),
    ("v4-loopback", "127.0.0.1", NONE, True),
    ("v4-loopback-other", "127.0.0.2", NONE, True),
    ("v4-loopback-top", "127.255.255.254", NONE, True),
    ("rfc1918-10", "10.0.0.1", NONE, True),
    ("rfc1918-172.16", "172.16.0.1", NONE, True),
    ("rfc1918-172.31", "172.31.255.255", NONE, True),
    ("rfc1918-192.168", "192.168.1.1", NONE, True),
    ("v4-link-local-metadata", "169.254.169.254", NONE, True),
    ("cgnat-100.64", "100.64.0.1", NONE, True),
    ("cgnat-100.127", "100.127.255.254", NONE, True),
    ("ietf-192.0.0", "192.0.0.8", NONE, True),
    ("doc-test-net-1", "192.0.2.10", NONE, True),
    ("doc-test-net-2", "198.51.100.7", NONE, True),
    ("doc-test-net-3", "203.0.113.9", NONE, True),
    ("benchmark-198.18", "198.18.0.1", NONE, True),
    ("benchmark-198.19", "198.19.255.1", NONE, True),
    ("6to4-relay-anycast", "192.88.99.1", NONE, True),
    ("v4-multicast", "224.0.0.1", NONE, True),
    ("v4-multicast-top", "239.255.255.250", NONE, True),
    ("class-e-240", "240.0.0.1", NONE, True),
    ("broadcast", "255.255.255.255", NONE, True),
    # IPv6 special ranges
    ("v6-unspecified", "::", NONE, True),
    ("v6-loopback", "::1", NONE, True),
    ("v6-link-local", "fe80::1", NONE, True),
    ("v6-link-local-scoped", "fe80::1%eth0", NONE, True),
    ("v6-site-local", "fec0::1", NONE, True),
    ("ula-fc00", "fc00::1", NONE, True),
    ("ula-fd00", "fd12:3456:789a::1", NONE, True),
    ("v6-multicast", "ff02::1", NONE, True),
    ("v6-documentation", "2001:db8::1", NONE, True),
    ("v6-documentation-3fff", "3fff::1", NONE, True),
    ("teredo", "2001::1", NONE, True),
    ("discard-only", "100::1", NONE, True),
    ("ipv4-compatible-deprecated", "::7f00:1", NONE, True),
    ("nat64-local-use", "64:ff9b:1::a00:1", NONE, True),
    ("srv6-sid-5f00", "5f00::1", NONE, True),
    # IPv6 addresses that carry an IPv4 address inside
    ("mapped-loopback", "::ffff:127.0.0.1", NONE, True),
    ("mapped-private", "::ffff:10.1.2.3", NONE, True),
    ("mapped-metadata", "::ffff:169.254.169.254", NONE, True),
    ("nat64-loopback", "64:ff9b::7f00:1", NONE, True),
    ("nat64-private", "64:ff9b::192.168.0.1", NONE, True),
    ("6to4-loopback", "2002:7f00:1::1", NONE, True),
    ("6to4-private", "2002:c0a8:101::1", NONE, True),
    # public addresses
    ("public-google-dns", "8.8.8.8", NONE, False),
    ("public-cloudflare", "1.1.1.1", NONE, False),
    ("public-just-past-cgnat", "100.128.0.1", NONE, False),
    ("public-just-past-172.16/12", "172.32.0.1", NONE, False),
    ("public-v6-cloudflare", "2606:4700:4700::1111", NONE, False),
    ("public-v6-google", "2001:4860:4860::8888", NONE, False),
    ("mapped-public", "::ffff:8.8.8.8", NONE, False),
    ("nat64-public", "64:ff9b::808:808", NONE, False),
    ("6to4-public", "2002:808:808::1", NONE, False),
    # operator exceptions (allowed_networks)
    ("allowed-exact", "127.0.0.1", LOOPBACK_ONE, False),
    ("allowed-neighbour-still-refused", "127.0.0.2", LOOPBACK_ONE, True),
    ("allowed-via-mapped", "::ffff:127.0.0.1", LOOPBACK_ONE, False),
    ("allowed-other-family-refused", "::1", LOOPBACK_ONE, True),
    ("allowed-private-net", "10.9.8.7", [ip_network("10.0.0.0/8")], False),
    ("allowed-ula", "fd00::5", [ip_network("fd00::/8")], False),
    ("allowed-list-of-two", "192.168.5.5", [*LOOPBACK_ONE, ip_network("192.168.0.0/16")], False),
    ("not-an-address", "localhost", NONE, True),
]


@pytest.mark.parametrize(
    ("address", "allowed", "refused"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_judge_address_refuses_what_is_not_globally_routable(
    address: str, allowed: Sequence[Any], refused: bool
) -> None:
    reason = judge_address(address, allowed)
    assert (reason is not None) is refused, reason


@pytest.mark.parametrize(
    ("address", "fragment"),
    [
        ("127.0.0.2", "loopback"),
        ("10.0.0.1", "RFC 1918"),
        ("100.64.0.1", "6598"),
        ("fc00::1", "unique local"),
        ("64:ff9b::7f00:1", "embeds 127.0.0.1"),
    ],
    ids=["loopback", "rfc1918", "cgnat", "ula", "nat64"],
)
def test_reason_names_the_range_for_a_person(address: str, fragment: str) -> None:
    assert fragment in (judge_address(address, NONE) or "")


@pytest.mark.parametrize(
    ("address", "inner"),
    [
        ("::ffff:10.0.0.1", "10.0.0.1"),
        ("64:ff9b::a00:1", "10.0.0.1"),
        ("2002:a00:1::", "10.0.0.1"),
        ("2606:4700:4700::1111", None),
    ],
    ids=["mapped", "nat64", "6to4", "plain-v6"],
)
def test_unwrap_finds_the_ipv4_address_packets_really_reach(
    address: str, inner: str | None
) -> None:
    found = unwrap_ipv4(ip_address(address))
    assert (str(found) if found else None) == inner


class _Misrouting(httpcore.AnyIOBackend):
    """Connects to 127.0.0.2 whatever it is asked: what a rebinding stack or a transparent
    proxy would do behind the guard's back."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await super().connect_tcp("127.0.0.2", port, timeout=timeout)


async def _to_loopback(host: str, port: int) -> list[str]:
    return ["127.0.0.1"]


def test_peer_address_is_judged_again_after_connecting(
    http_server_factory: ServerFactory,
) -> None:
    target = http_server_factory(host="127.0.0.2")
    backend = GuardedBackend(LOOPBACK_ONE, resolver=_to_loopback, inner=_Misrouting())

    with pytest.raises(BlockedAddressError, match=r"127\.0\.0\.2 .*seen after connecting"):
        asyncio.run(backend.connect_tcp("ok.test", target.port, timeout=5))


def test_permitted_connection_reports_the_address_it_reached(http_server: TestServer) -> None:
    backend = GuardedBackend(LOOPBACK_ONE, resolver=_to_loopback)

    async def connect() -> Any:
        stream = await backend.connect_tcp("ok.test", http_server.port, timeout=5)
        try:
            return stream.get_extra_info("server_addr")
        finally:
            await stream.aclose()

    assert asyncio.run(connect())[0] == "127.0.0.1"


def test_system_resolver_answers_with_address_literals() -> None:
    assert "127.0.0.1" in asyncio.run(system_resolver("localhost", 80))


# -- the guard inside fetch() ----------------------------------------------------------------------


def test_redirect_to_a_refused_address_is_blocked(
    http_server: TestServer, http_server_factory: ServerFactory
) -> None:
    inside = http_server_factory(host="127.0.0.2")
    inside.route("/secret", Response(body=b"secret"))
    http_server.route("/", redirect(inside.url("/secret")))

    with pytest.raises(BlockedAddressError, match=r"127\.0\.0\.2"):
        get(http_server.url("/"))

    assert inside.requests == []  # refused by the guard, not by a failed connection


def test_direct_fetch_of_a_refused_address_is_blocked(http_server_factory: ServerFactory) -> None:
    inside = http_server_factory(host="127.0.0.2")

    with pytest.raises(BlockedAddressError, match=r"refused address 127\.0\.0\.2 .*loopback"):
        get(inside.url("/"))

    assert inside.requests == []


def test_loopback_is_refused_when_no_network_is_allowed(http_server: TestServer) -> None:
    with pytest.raises(BlockedAddressError, match=r"127\.0\.0\.1"):
        get(http_server.url("/"), Settings(total_timeout=5))

    assert http_server.requests == []


def test_host_name_resolving_to_a_private_address_is_blocked() -> None:
    resolver = resolving({"intranet.test": ["10.1.2.3"]})

    with pytest.raises(BlockedAddressError, match=r"10\.1\.2\.3 for host intranet\.test"):
        get("http://intranet.test/", resolver=resolver)


def test_host_name_is_kept_in_the_request_while_connecting_to_its_address(
    http_server: TestServer,
) -> None:
    http_server.route("/", Response(body=b"ok"))

    result = get(
        f"http://ok.test:{http_server.port}/", resolver=resolving({"ok.test": ["127.0.0.1"]})
    )

    assert result.body == b"ok"
    assert http_server.requests[0].headers["host"] == f"ok.test:{http_server.port}"


def test_refused_answers_are_skipped_for_a_permitted_one(
    http_server: TestServer, http_server_factory: ServerFactory
) -> None:
    inside = http_server_factory(host="127.0.0.2", port=http_server.port)
    http_server.route("/", Response(body=b"outside"))
    resolver = resolving({"mixed.test": ["127.0.0.2", "127.0.0.1"]})

    assert get(f"http://mixed.test:{http_server.port}/", resolver=resolver).body == b"outside"
    assert inside.requests == []


def test_dns_rebinding_between_connections_is_blocked(
    http_server: TestServer, http_server_factory: ServerFactory
) -> None:
    # The name first resolves to a permitted address, then (TTL 0) to a refused one; the
    # server closes the connection so the redirect needs a new one, and a new resolution.
    inside = http_server_factory(host="127.0.0.2", port=http_server.port)
    inside.route("/next", Response(body=b"secret"))
    answers = iter([["127.0.0.1"], ["127.0.0.2"]])

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    http_server.route("/start", redirect("/next", headers={"Connection": "close"}))

    with pytest.raises(BlockedAddressError, match=r"127\.0\.0\.2 for host rebind\.test"):
        get(f"http://rebind.test:{http_server.port}/start", resolver=rebinding)

    assert len(http_server.requests_to("/start")) == 1
    assert inside.requests == []


def test_unresolvable_host_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match=r"could not resolve host nowhere\.test"):
        get("http://nowhere.test/", resolver=resolving({}))
