"""host_key: the publisher key of a URL, the same whether or not its cached path is taken."""

from __future__ import annotations

import pytest

from newsdesk.store.sources import host_key

CASES = [
    ("http://www.Example.com/a", "example.com"),
    ("https://example.com:443/a", "example.com"),
    ("http://example.com:80/a", "example.com"),
    ("https://example.com:8443?q=1", "example.com:8443"),
    ("http://127.0.0.1:4444/article/1/2.html", "127.0.0.1:4444"),
    ("//news.example.org:81/x", "news.example.org:81"),
    ("http://user:pw@example.com:8080/x#frag", "example.com:8080"),
    ("http://[::1]:99/", "::1:99"),
    ("http://example.com:notaport/", "example.com"),
    ("HTTP://WWW.EXAMPLE.COM/", "example.com"),
    ("http://example.com#x/y", "example.com"),
    ("relative/path", ""),
    ("", ""),
    # characters urlsplit strips before reading: the key must follow what it reads
    ("http:/\t/example.com/x", "example.com"),
    ("http://exa\nmple.com/x", "example.com"),
    (" http://example.com/", "example.com"),
]


@pytest.mark.parametrize(("url", "key"), CASES)
def test_host_key(url: str, key: str) -> None:
    assert host_key(url) == key
    assert host_key(url) == key  # the second answer comes from the cache
