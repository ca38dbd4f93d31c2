"""Canonical URLs: one spelling per article address, so the same page is stored once.

Feeds and pages name the same article with many spellings: upper-case hosts, default ports,
fragments, campaign parameters appended by newsletters and social sites. `canonical_url`
removes the differences that cannot change which document a server returns, and keeps
everything that might (query order, encoded reserved characters, path case).
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, unquote, urljoin, urlsplit, urlunsplit

import idna

from newsdesk.errors import UserError

# Query parameters that only tell the publisher (or an ad network) where a click came from.
# Keys are compared case-insensitively; a key matching one of TRACKING_PREFIXES is dropped too.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",  # Facebook click id
        "gclid",  # Google Ads click id
        "gclsrc",  # Google Ads click source
        "dclid",  # Google Display click id
        "gbraid",  # Google Ads (iOS app campaigns)
        "wbraid",  # Google Ads (web to app)
        "msclkid",  # Microsoft Ads click id
        "yclid",  # Yandex click id
        "ysclid",  # Yandex search click id
        "twclid",  # Twitter/X click id
        "ttclid",  # TikTok click id
        "li_fat_id",  # LinkedIn
        "igshid",  # Instagram share id
        "igsh",  # Instagram share id (newer)
        "mc_cid",  # Mailchimp campaign id
        "mc_eid",  # Mailchimp subscriber id
        "_ga",  # Google Analytics cross-domain linker
        "_gl",  # Google Analytics linker
        "_hsenc",  # HubSpot
        "_hsmi",  # HubSpot
        "mkt_tok",  # Marketo
        "oly_anon_id",  # Omeda
        "oly_enc_id",  # Omeda
        "vero_id",  # Vero
        "vero_conv",  # Vero
        "rb_clickid",  # Rakuten
        "s_cid",  # Adobe campaign id
        "ref_src",  # Twitter embed referrer
        "ref_url",  # Twitter embed referrer
        "ocid",  # Microsoft/MSN
        "cmpid",  # generic campaign id (news sites)
        "wt_mc",  # Webtrekk campaign
        "wt.mc_id",  # Webtrekk campaign
        "at_medium",  # AT Internet / Piano Analytics
        "at_campaign",  # AT Internet / Piano Analytics
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")  # Google/Urchin, Matomo, HubSpot ads

DEFAULT_PORTS = {"http": 80, "https": 443}
# RFC 3986 unreserved characters: their percent-encoded and literal forms are equivalent.
UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Characters that may stay literal in a path or query; everything else gets percent-encoded.
PATH_SAFE = frozenset(UNRESERVED | set("!$&'()*+,;=:@/%"))
QUERY_SAFE = frozenset(PATH_SAFE | set("?"))
# Components made only of these need no change (the common case, checked in C).
_LEFT_AS_IS = {
    safe: re.compile("[" + re.escape("".join(sorted(safe - {"%"}))) + "]*")
    for safe in (PATH_SAFE, QUERY_SAFE)
}
PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
# WHATWG URL parsing drops ASCII tab and newline anywhere and trims C0 controls and spaces.
TAB_NEWLINE = re.compile(r"[\t\n\r]")
C0_AND_SPACE = "".join(chr(i) for i in range(0x21))


class InvalidURLError(UserError):
    """A URL that is not an absolute http(s) address we can use."""


def canonical_url(url: str) -> str:
    """The one spelling of `url` that newsdesk stores and compares."""
    parts = _split_http(url)
    host = _canonical_host(parts.hostname or "", url)
    netloc = _netloc(parts, host, url)
    path = _remove_dot_segments(_normalise_escapes(parts.path, PATH_SAFE)) or "/"
    query = _strip_tracking(parts.query)
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def resolve_url(base: str, ref: str) -> str | None:
    """`ref` resolved against `base` when the result is an absolute http(s) URL, else None.

    Used on links found in hostile HTML, so anything odd (other schemes, no host, bad port)
    gives None rather than an error.
    """
    ref = TAB_NEWLINE.sub("", ref).strip(C0_AND_SPACE)
    base = TAB_NEWLINE.sub("", base).strip(C0_AND_SPACE)
    try:
        joined = urljoin(base, ref) if base else ref
        parts = urlsplit(joined)
        if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname:
            return None
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError:
        return None
    return joined


def is_http_url(url: str) -> bool:
    """Whether `url` is an absolute http(s) URL with a host."""
    return resolve_url("", url) is not None


def _split_http(url: str) -> SplitResult:
    cleaned = TAB_NEWLINE.sub("", url).strip(C0_AND_SPACE)
    try:
        parts = urlsplit(cleaned)
    except ValueError as exc:
        raise InvalidURLError(f"not a valid URL: {_shorten(url)}") from exc
    if parts.scheme.lower() not in DEFAULT_PORTS:
        raise InvalidURLError(f"not an absolute http(s) URL: {_shorten(url)}")
    if not parts.hostname:
        raise InvalidURLError(f"URL has no host: {_shorten(url)}")
    return parts


def _canonical_host(host: str, url: str) -> str:
    """Lower-case ASCII host: IDNA for names, brackets kept for IPv6 literals."""
    if ":" in host:  # urlsplit removed the brackets of an IPv6 literal
        return f"[{host.lower()}]"
    host = unquote(host).rstrip(".").lower()
    if not host:
        raise InvalidURLError(f"URL has no host: {_shorten(url)}")
    if host.isascii():
        if any(ch.isspace() or ch in "<>\"'`{}|\\^" for ch in host):
            raise InvalidURLError(f"URL has an invalid host: {_shorten(url)}")
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        pass
    try:  # IDNA 2003 accepts some names (symbols, emoji) that IDNA 2008 refuses
        return host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidURLError(f"URL has an invalid host: {_shorten(url)}") from exc


def _netloc(parts: SplitResult, host: str, url: str) -> str:
    try:
        port = parts.port
    except ValueError as exc:
        raise InvalidURLError(f"URL has an invalid port: {_shorten(url)}") from exc
    netloc = host
    if port is not None and port != DEFAULT_PORTS[parts.scheme.lower()]:
        netloc = f"{host}:{port}"
    userinfo, at, _ = parts.netloc.rpartition("@")
    if at:
        netloc = f"{userinfo}@{netloc}"
    return netloc


def _normalise_escapes(component: str, safe: frozenset[str]) -> str:
    """Upper-case escapes, decode escaped unreserved characters, encode what must be.

    Escaped reserved characters (%2F, %3D, %26 ...) stay escaped: decoding them would change
    how the server splits the path or query.
    """

    if _LEFT_AS_IS[safe].fullmatch(component):  # no escape, nothing to encode
        return component

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in UNRESERVED else f"%{match.group(1).upper()}"

    component = PERCENT_ESCAPE.sub(fix, component)
    out = []
    for index, char in enumerate(component):
        if char == "%" and not PERCENT_ESCAPE.match(component, index):
            out.append("%25")
        elif char in safe:
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4: "/a/./b/../c" and "/a/c" name the same resource."""
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    result = "/".join(output)
    if path.startswith("/") and not result.startswith("/"):
        result = "/" + result
    return result


def _strip_tracking(query: str) -> str:
    """Drop tracking and empty parameters; keep the rest, in order, as they were written."""
    kept = []
    for param in query.split("&"):
        if not param:
            continue
        key = unquote(param.split("=", 1)[0].replace("+", " ")).strip().lower()
        if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
            continue
        kept.append(_normalise_escapes(param, QUERY_SAFE))
    return "&".join(kept)


def _shorten(url: str, limit: int = 120) -> str:
    """A URL fit for a one-line error message."""
    printable = "".join(ch if ch.isprintable() else "?" for ch in url)
    return printable if len(printable) <= limit else printable[: limit - 1] + "…"
