"""Make outside HTML safe to show, and turn bytes and HTML into plain text.

Everything that reaches a reader's browser passes `sanitize_html`: an allow-list (nh3, the
Python binding of Rust's ammonia) of the tags an article needs, with every URL re-checked and
made absolute here, so the rules do not depend on where the HTML came from (feed or page).
"""

from __future__ import annotations

import codecs
import contextvars
import functools
import re
import unicodedata
from urllib.parse import urlsplit

import nh3
from lxml import etree
from lxml.html import HtmlElement, HTMLParser

from newsdesk.ingest.urls import resolve_url

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
        "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "iframe", "img", "ins", "kbd",
        "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small",
        "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
        "th", "thead", "time", "tr", "u", "ul", "var", "wbr", "video", "audio", "section",
        "article",
    }
)  # fmt: skip
# Removed with everything inside: their content is code, chrome or form controls, not prose.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "title", "textarea", "select", "button",
     "svg", "math", "object", "embed", "applet", "frameset", "noembed", "noframes", "xmp"}
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height"},
    "source": {"src", "srcset", "sizes", "type", "media", "width", "height"},
    "video": {"src", "poster", "controls", "width", "height", "preload", "muted", "loop"},
    "audio": {"src", "controls", "preload", "loop"},
    "iframe": {"src", "width", "height", "allowfullscreen"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "data": {"value"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
}
RESTRICTED_VALUES = {"img": {"loading": {"lazy", "eager"}}}
IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-presentation"
LINK_REL = "nofollow noopener noreferrer ugc"
# nh3 checks these schemes before our filter sees a URL; the filter below is stricter still.
URL_SCHEMES = {"http", "https", "mailto", "tel", "data"}
URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite"})
# Video players whose embeds we keep, with the path their embed URLs start with.
EMBED_HOSTS = {
    "www.youtube.com": "/embed/",
    "youtube.com": "/embed/",
    "www.youtube-nocookie.com": "/embed/",
    "youtube-nocookie.com": "/embed/",
    "player.vimeo.com": "/video/",
}
# Raster images only: an SVG data URL is a document that can carry script.
DATA_IMAGE = re.compile(r"data:image/(?:png|gif|jpe?g|webp|avif|bmp);base64,[a-z0-9+/=\s]*\Z", re.I)
# nh3's output is serialised HTML: attribute values are double-quoted with '"', '<' and '>'
# escaped, and text holds no raw '<' except inside raw-text elements (an iframe's content),
# so this splits it into tags and text exactly; a quoted value is never taken for a tag.
TOKEN = re.compile(
    r'<(?P<end>/?)(?P<tag>[a-zA-Z][^\s/>]*)(?P<attrs>(?:\s+[^\s"=/>]+(?:="[^"]*")?)*)\s*/?>'
    r"|<!--.*?-->|[^<]+|<",
    re.S,
)
SRC_ATTR = re.compile(r'\ssrc="https://')
IMAGE_ATTR = re.compile(r'\ssrc(?:set)?="')

PRESCAN_BYTES = 4096
META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:+-]+)""",
    re.I,
)
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What browsers actually use for these labels (WHATWG Encoding standard).
ENCODING_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
}
WESTERN_MARKS = frozenset("\u00a0“”‘’‚„–—…€«»‹›°§©®™·•¡¿ªº¼½¾£¥¢†‡")

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
CELL_TAGS = frozenset({"td", "th"})
SKIPPED_IN_TEXT = frozenset(
    {"script", "style", "template", "noscript", "head", "title", "select", "textarea", "svg"}
)
SOFT_HYPHEN = "\u00ad"
LINE_BREAK = "\x00"  # stands for <br> and <pre> newlines until whitespace is folded


def sanitize_html(html: str, *, base_url: str | None) -> str:
    """Allow-listed HTML with absolute URLs (against `base_url`), safe to put in our pages.

    Without a base URL, relative URLs are dropped: kept as they are they would point into
    our own site.
    """
    if not html or not html.strip():
        return ""
    token = _BASE_URL.set(base_url or "")
    try:
        cleaned = _cleaner().clean(html)
    finally:
        _BASE_URL.reset(token)
    return _drop_empty_media(cleaned)


def html_to_text(html: str) -> str:
    """Plain text: one paragraph per block element, blank lines between them.

    Entities are decoded, soft hyphens dropped, runs of whitespace become one space (line
    breaks from <br> and <pre> are kept), and script, style and similar elements are skipped.
    """
    if not html or not html.strip():
        return ""
    root = _parse_fragment(html)
    if root is None:
        return ""
    blocks: list[list[str]] = [[]]
    _walk(root, blocks, in_pre=False)
    paragraphs = (_finish_block(block) for block in blocks)
    return "\n\n".join(p for p in paragraphs if p)


def normalise_text(text: str) -> str:
    """A key for "same text": two copies of one article map to the same string.

    Publishers re-typeset what they copy: curly or straight quotes, dashes, non-breaking or
    zero-width spaces, soft hyphens, full-width forms, capitalised headings. NFKC folds
    compatibility forms, casefold() lower-cases (ß as ss), format characters (soft hyphen,
    zero-width joiners) vanish, every punctuation mark becomes a space, and whitespace runs
    collapse, so only the words and their order remain. Symbols and digits stay: "€5" and
    "$5" are different texts.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_TEXT_FOLD)
    return " ".join(folded.split())  # str.split and the regex \s agree on what is a space


class _TextFold(dict[int, str | None]):
    """Code point → what normalise_text makes of it, learnt on first sight.

    `str.translate` with this table does in C what a loop over `unicodedata.category` did in
    Python (3x faster on news text); the table stops growing at a bound, so hostile text
    with every code point in it cannot make it large.
    """

    def __missing__(self, code: int) -> str | None:
        category = unicodedata.category(chr(code))
        value = None if category == "Cf" else " " if category.startswith("P") else chr(code)
        if len(self) < 65536:
            self[code] = value
        return value


_TEXT_FOLD = _TextFold()


def decode_html(data: bytes) -> str:
    """Bytes of a page as text: BOM, then valid UTF-8, then the declared charset, then a guess.

    Valid UTF-8 wins over a declaration because pages often declare ISO-8859-1 while serving
    UTF-8, and non-UTF-8 text with accents almost never happens to be valid UTF-8.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_encoding(data[:PRESCAN_BYTES])
    if declared and declared != "utf-8":
        return data.decode(declared, errors="replace")
    as_utf8 = data.decode("utf-8", errors="replace")
    broken = as_utf8.count("\ufffd")
    if sum(1 for char in as_utf8 if ord(char) > 127) - broken >= broken:
        return as_utf8  # mostly UTF-8 with a few stray bytes
    return _guess_decode(data)


# The base URL of the document being cleaned, read by the one cleaner's attribute filter: a
# cleaner per document cost ~100 µs to build, more than cleaning a feed entry. A context
# variable, so threads cleaning at once each see their own.
_BASE_URL: contextvars.ContextVar[str] = contextvars.ContextVar("newsdesk_clean_base", default="")


@functools.cache
def _cleaner() -> nh3.Cleaner:
    """The allow-list cleaner, built once per process; URLs resolve against `_BASE_URL`."""
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        tag_attribute_values={
            k: {a: set(v) for a, v in d.items()} for k, d in RESTRICTED_VALUES.items()
        },
        set_tag_attribute_values={"iframe": {"sandbox": IFRAME_SANDBOX}},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    if attr == "srcset":
        return _clean_srcset(value, _BASE_URL.get())
    if attr not in URL_ATTRIBUTES:
        return value
    if tag == "iframe":
        return _embed_url(value, _BASE_URL.get())
    return _clean_url(value, _BASE_URL.get(), image=(tag in ("img", "source") and attr == "src"))


def _clean_url(value: str, base_url: str, *, image: bool) -> str | None:
    """An absolute http(s) URL, a mailto:/tel: link, or a raster data: image; else None."""
    stripped = value.strip()
    scheme = stripped.split(":", 1)[0].lower() if ":" in stripped else ""
    if scheme == "data":
        return stripped if image and DATA_IMAGE.match(stripped) else None
    if scheme in ("mailto", "tel"):
        return stripped if not image else None
    return resolve_url(base_url, stripped)


def _clean_srcset(value: str, base_url: str) -> str | None:
    candidates = []
    for url, descriptor in parse_srcset(value):
        absolute = _clean_url(url, base_url, image=True)
        if absolute is None or absolute.startswith("data:"):
            continue
        candidates.append(f"{absolute} {descriptor}".strip())
    return ", ".join(candidates) or None


def parse_srcset(value: str) -> list[tuple[str, str]]:
    """Image candidates, split as the HTML standard says (URLs may themselves hold commas)."""
    result = []
    pos, end = 0, len(value)
    while pos < end:
        while pos < end and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < end and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            start = pos
            while pos < end and value[pos] != ",":
                pos += 1
            descriptor = " ".join(value[start:pos].split())
        if url:
            result.append((url, descriptor))
    return result


def _embed_url(value: str, base_url: str) -> str | None:
    """The https URL of an allowed video player embed, else None (the iframe then goes)."""
    absolute = resolve_url(base_url, value) if base_url else resolve_url("https:", value)
    if absolute is None:
        return None
    parts = urlsplit(absolute)
    host = (parts.hostname or "").lower()
    prefix = EMBED_HOSTS.get(host)
    if prefix is None or parts.username or parts.password or parts.port:
        return None
    if not parts.path.startswith(prefix) or _climbs(parts.path):
        return None
    query = f"?{parts.query}" if parts.query else ""
    return f"https://{host}{parts.path}{query}"


def _climbs(path: str) -> bool:
    """Whether a browser would resolve dot segments in `path`, leaving the embed prefix behind
    (`/embed/../../redirect` is the player host's open redirect). Browsers read backslashes as
    slashes and `%2e` as a dot there, so both count."""
    segments = path.replace("\\", "/").split("/")
    return any(segment.lower().replace("%2e", ".") in (".", "..") for segment in segments)


def _drop_empty_media(cleaned: str) -> str:
    """Drop iframes whose src was refused, every iframe's content, and images left with no
    source (a broken-image icon): nh3 keeps an allowed tag even when it strips its URL."""
    lowered = cleaned.lower()
    if "<iframe" not in lowered and "<img" not in lowered:
        return cleaned
    out: list[str] = []
    pos = 0
    while pos < len(cleaned):
        match = TOKEN.match(cleaned, pos)
        if match is None:  # pragma: no cover - TOKEN matches any character
            break
        pos = match.end()
        tag, attrs = (match.group("tag") or "").lower(), match.group("attrs") or ""
        if tag == "iframe" and not match.group("end"):
            close = lowered.find("</iframe>", pos)  # raw text: the first end tag closes it
            pos = len(cleaned) if close < 0 else close + len("</iframe>")
            if SRC_ATTR.search(attrs):
                out.append(f"<iframe{attrs}></iframe>")
        elif tag == "img" and not IMAGE_ATTR.search(attrs):
            continue
        else:
            out.append(match.group(0))
    return "".join(out)


def _parse_fragment(html: str) -> HtmlElement | None:
    parser = HTMLParser(remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(f"<div>{html}</div>", parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        try:  # a string with an XML encoding declaration is only accepted as bytes
            root = etree.fromstring(f"<div>{html}</div>".encode("utf-8", "replace"), parser)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            return None
    return root


def _walk(element: HtmlElement, blocks: list[list[str]], *, in_pre: bool) -> None:
    """Collect text into blocks; lxml caps nesting depth (255), so recursion is bounded."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in SKIPPED_IN_TEXT:
        _add_text(blocks, element.tail, in_pre)
        return
    block = tag in BLOCK_TAGS
    if block:
        blocks.append([])
    elif tag == "br":
        blocks[-1].append(LINE_BREAK)
    elif tag in CELL_TAGS and blocks[-1]:
        blocks[-1].append(" | ")
    inner_pre = in_pre or tag == "pre"
    _add_text(blocks, element.text, inner_pre)
    for child in element:
        _walk(child, blocks, in_pre=inner_pre)
    if block:
        blocks.append([])
    _add_text(blocks, element.tail, in_pre)


def _add_text(blocks: list[list[str]], text: str | None, in_pre: bool) -> None:
    """Source line breaks only count inside <pre>; elsewhere they are just spaces.

    Soft hyphens go: they only tell a browser where it may break a word, and left in plain
    text they split words for search, duplicate detection and snippets.
    """
    if not text:
        return
    text = text.replace(LINE_BREAK, "").replace(SOFT_HYPHEN, "")
    blocks[-1].append(text.replace("\n", LINE_BREAK) if in_pre else text)


def _finish_block(parts: list[str]) -> str:
    if not parts:
        return ""
    joined = "".join(parts)
    if LINE_BREAK not in joined:  # one line, the common case: no generators needed
        return " ".join(joined.split())
    lines = (" ".join(line.split()) for line in joined.split(LINE_BREAK))
    return "\n".join(line for line in lines if line)


def _declared_encoding(head: bytes) -> str | None:
    match = META_CHARSET.search(head)
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # a meta tag readable as ASCII cannot be in UTF-16: browsers use UTF-8
    return ENCODING_ALIASES.get(name, ENCODING_ALIASES.get(label, name))


def _guess_decode(data: bytes) -> str:
    """Undeclared legacy bytes: windows-1252 when it reads as Western text, else a guess.

    windows-1252 is the browsers' default and the usual legacy case; charset detectors guess
    badly on short Western texts (French read as Baltic), so they only get the other cases.
    """
    western = data.decode("cp1252", errors="replace")
    if _plausible_western(western):
        return western
    try:
        from charset_normalizer import from_bytes  # installed with trafilatura
    except ImportError:  # pragma: no cover
        return western
    sample = data if len(data) <= 20000 else data[:10000] + data[-10000:]
    best = from_bytes(sample).best()
    return data.decode(best.encoding, errors="replace") if best else western


def _plausible_western(text: str) -> bool:
    """Accented letters and typographic marks only, and few of them (Cyrillic read as
    windows-1252 is also all accented letters, but nearly every letter is one)."""
    letters = accented = 0
    for char in text:
        if char.isascii():
            letters += char.isalpha()
        elif char in WESTERN_MARKS:
            continue
        elif ("\u00c0" <= char <= "\u00ff" and char not in "\u00d7\u00f7") or char in "œŒšŠžŽŸ":
            letters += 1
            accented += 1
        else:
            return False
    return accented <= 0.3 * max(letters, 1)
