"""Canonical URLs: same document, same spelling; different document, different spelling."""

from __future__ import annotations

import pytest

from newsdesk.errors import UserError
from newsdesk.ingest.urls import InvalidURLError, canonical_url, is_http_url, resolve_url

CANONICAL_CASES = [
    ("lowercase-scheme-host", "HTTP://Example.COM/Path", "http://example.com/Path"),
    ("root-slash-added", "http://example.com", "http://example.com/"),
    ("default-http-port", "http://example.com:80/a", "http://example.com/a"),
    ("default-https-port", "https://example.com:443/a", "https://example.com/a"),
    ("other-port-kept", "https://example.com:8443/a", "https://example.com:8443/a"),
    ("port-80-on-https-kept", "https://example.com:80/", "https://example.com:80/"),
    ("fragment-dropped", "https://example.com/a#section-2", "https://example.com/a"),
    ("utm-dropped", "https://ex.com/a?utm_source=rss&utm_medium=feed", "https://ex.com/a"),
    ("utm-case-insensitive", "https://ex.com/a?UTM_Campaign=x&id=3", "https://ex.com/a?id=3"),
    ("click-ids-dropped", "https://ex.com/?fbclid=1&gclid=2&msclkid=3&yclid=4", "https://ex.com/"),
    ("mailchimp-dropped", "https://ex.com/p?mc_cid=a&mc_eid=b&page=2", "https://ex.com/p?page=2"),
    ("ga-igshid-dropped", "https://ex.com/p?_ga=1.2&igshid=x", "https://ex.com/p"),
    ("twitter-ref-dropped", "https://ex.com/p?ref_src=twsrc%5Etfw", "https://ex.com/p"),
    (
        "other-params-order-kept",
        "https://ex.com/s?b=2&a=1&utm_x=0&c=3",
        "https://ex.com/s?b=2&a=1&c=3",
    ),
    ("empty-params-dropped", "https://ex.com/s?&&a=1&", "https://ex.com/s?a=1"),
    ("empty-query-dropped", "https://ex.com/s?", "https://ex.com/s"),
    ("idna-host", "https://Bücher.example/katalog", "https://xn--bcher-kva.example/katalog"),
    ("idna-already-ascii", "https://xn--bcher-kva.example/", "https://xn--bcher-kva.example/"),
    ("trailing-dot-host", "https://example.com./a", "https://example.com/a"),
    ("escape-hex-uppercased", "https://ex.com/a%c3%a4", "https://ex.com/a%C3%A4"),
    ("escaped-unreserved-decoded", "https://ex.com/%7Euser/%41b", "https://ex.com/~user/Ab"),
    ("escaped-slash-kept", "https://ex.com/a%2Fb", "https://ex.com/a%2Fb"),
    ("escaped-query-separator-kept", "https://ex.com/?q=a%26b", "https://ex.com/?q=a%26b"),
    ("space-and-unicode-encoded", "https://ex.com/a b/ä", "https://ex.com/a%20b/%C3%A4"),
    ("lone-percent-encoded", "https://ex.com/100%", "https://ex.com/100%25"),
    ("dot-segments-removed", "https://ex.com/a/./b/../c", "https://ex.com/a/c"),
    ("path-case-kept", "https://ex.com/Article/ABC", "https://ex.com/Article/ABC"),
    ("plus-in-query-kept", "https://ex.com/s?q=a+b", "https://ex.com/s?q=a+b"),
    ("ipv6-host", "http://[2001:DB8::1]:8080/x", "http://[2001:db8::1]:8080/x"),
    ("surrounding-space-trimmed", "  https://ex.com/a \n", "https://ex.com/a"),
    ("tab-newline-removed", "https://ex.com/a\n/b\t", "https://ex.com/a/b"),
]


@pytest.mark.parametrize(
    ("url", "expected"), [c[1:] for c in CANONICAL_CASES], ids=[c[0] for c in CANONICAL_CASES]
)
def test_canonical_url_spells_equivalent_urls_one_way(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "url", [c[2] for c in CANONICAL_CASES], ids=[c[0] for c in CANONICAL_CASES]
)
def test_canonical_url_is_idempotent(url: str) -> None:
    assert canonical_url(canonical_url(url)) == canonical_url(url)


INVALID_CASES = [
    ("relative", "/news/article"),
    ("scheme-relative", "//example.com/a"),
    ("ftp", "ftp://example.com/file"),
    ("javascript", "javascript:alert(1)"),
    ("mailto", "mailto:someone@example.com"),
    ("no-host", "http:///path"),
    ("bad-port", "http://example.com:99999/"),
    ("non-numeric-port", "http://example.com:abc/"),
    ("empty", ""),
    ("bad-ipv6", "http://[::1/"),
]


@pytest.mark.parametrize("url", [c[1] for c in INVALID_CASES], ids=[c[0] for c in INVALID_CASES])
def test_canonical_url_refuses_what_is_not_absolute_http(url: str) -> None:
    with pytest.raises(InvalidURLError) as caught:
        canonical_url(url)
    assert isinstance(caught.value, UserError)
    assert "\n" not in str(caught.value)


RESOLVE_CASES = [
    ("relative-path", "https://ex.com/a/b.html", "c.html", "https://ex.com/a/c.html"),
    ("parent-path", "https://ex.com/a/b/", "../c", "https://ex.com/a/c"),
    ("root-relative", "https://ex.com/a/b", "/x?y=1", "https://ex.com/x?y=1"),
    ("scheme-relative", "https://ex.com/", "//cdn.ex.org/i.png", "https://cdn.ex.org/i.png"),
    ("absolute-other-host", "https://ex.com/", "http://other.org/p", "http://other.org/p"),
    ("fragment-kept", "https://ex.com/a", "#note-1", "https://ex.com/a#note-1"),
    ("javascript", "https://ex.com/", "javascript:alert(1)", None),
    ("javascript-tab-trick", "https://ex.com/", "java\tscript:alert(1)", None),
    ("javascript-leading-space", "https://ex.com/", " \x01javascript:alert(1)", None),
    ("vbscript", "https://ex.com/", "VBScript:msgbox(1)", None),
    ("data", "https://ex.com/", "data:text/html,<script>", None),
    ("mailto", "https://ex.com/", "mailto:a@b.c", None),
    ("relative-without-base", "", "/a", None),
    ("bad-port", "https://ex.com/", "http://ex.com:70000/", None),
]


@pytest.mark.parametrize(
    ("base", "ref", "expected"), [c[1:] for c in RESOLVE_CASES], ids=[c[0] for c in RESOLVE_CASES]
)
def test_resolve_url_gives_absolute_http_or_none(base: str, ref: str, expected: str | None) -> None:
    assert resolve_url(base, ref) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://ex.com/", True), ("http://ex.com", True), ("/a", False), ("ftp://ex.com/", False)],
    ids=["https", "http", "relative", "ftp"],
)
def test_is_http_url(url: str, expected: bool) -> None:
    assert is_http_url(url) is expected
