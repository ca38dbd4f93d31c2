"""The text a copy shares with its original, as word shingles and a MinHash signature.

Republishers change the frame, not the article: they add a credit line ("This article was
originally published on …", "(AP) —"), swap the site footer, insert "Read more" links and
newsletter prompts, and re-typeset quotes and dashes. So the text is first stripped of short
boilerplate and attribution paragraphs, then normalised as the ingest stage normalises it for
exact matching, and only then cut into overlapping word n-grams. Each shingle is a stable
32-bit hash (the signature is persisted, so Python's salted `hash` would not do).
"""

from __future__ import annotations

import functools
import re
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from newsdesk.ingest.attribution import find_attribution
from newsdesk.ingest.clean import normalise_text

# 96 permutations = 32 LSH bands of 3 rows: a pair at Jaccard 0.4 (a copy trimmed to 40% of
# its original) becomes a candidate 88% of the time, at 0.5 99%, while unrelated articles
# (Jaccard < 0.05) almost never do. 384 bytes an article as uint32.
NUM_PERM = 96
SEED = 1
SCHEME = "affine32"  # datasketch 2 default, named so a future default cannot change stored values
SHINGLE_WORDS = 4
# Past this many words an article is judged on its beginning: copies keep the beginning, and
# a megabyte of text must not cost more than a normal article does.
MAX_WORDS = 20_000
MAX_CHARS = 200_000
LEDE_WORDS = 10
# Paragraphs longer than this are article text, whatever words they contain.
_BOILERPLATE_MAX_WORDS = 40

_BOILERPLATE = re.compile(
    "|".join(
        [
            r"\bread (?:more|the full|the original|next)\b",
            r"\b(?:continue|keep) reading\b",
            r"\b(?:sign|signing) up\b",
            r"\bsubscribe\b",
            r"\bnewsletter\b",
            r"\bfollow us\b",
            r"\bshare (?:this|on)\b",
            r"\ball rights reserved\b",
            r"(?:©|\(c\)|\bcopyright\b)",
            r"\bclick here\b",
            r"\bdownload (?:our|the) app\b",
            r"\b(?:related|recommended|more from|see also|advertisement)\s*:?\s*$",
            r"^\s*(?:related|recommended|see also|more)\s*:",
            r"\b(?:originally|first) (?:published|appeared)\b",
            r"\brepublished (?:from|with|under|by)\b",
            r"\bcreative commons\b|\bcc by\b",
            r"\b(?:contact|email|e-mail) (?:us|the (?:author|newsroom|editor))\b",
            r"\b(?:photo|image|video)\s*(?:credit|:)",
        ]
    ),
    re.IGNORECASE | re.MULTILINE,
)
# A wire dateline or credit opening the first paragraph: "(AP) — ", "LONDON (Reuters) - ".
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z .,'-]{0,40}\s)?\((?:AP|Reuters|AFP|dpa|UPI|[A-Z]{2,6})\)\s*[—–-]\s*"
)


@dataclass(frozen=True)
class Shingled:
    """An article's text as matching sees it: shingle hashes plus what verification needs.

    `lede_key` hashes the first LEDE_WORDS words: a copy that keeps the beginning but trims
    half the text has a Jaccard too low for the bands to catch reliably, and this key finds
    it anyway (verification then decides, so a quoted lede costs a check, not a false fold).
    """

    shingles: frozenset[int]
    lede: frozenset[int]
    words: int
    lede_key: int | None


def matching_text(text: str, attribution: str | None = None) -> str:
    """The body without the frame a republisher changes: credit lines, footers, prompts."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    credit = (attribution or find_attribution(text) or "").strip()
    if paragraphs:
        paragraphs[0] = _DATELINE.sub("", paragraphs[0], count=1)
    kept = []
    for paragraph in paragraphs:
        short = len(paragraph.split()) <= _BOILERPLATE_MAX_WORDS
        if short and (paragraph == credit or _BOILERPLATE.search(paragraph)):
            continue
        kept.append(paragraph)
    return "\n\n".join(kept)


def shingle(text: str, attribution: str | None = None) -> Shingled:
    """Word n-gram hashes of the normalised matching text, and of its first paragraph."""
    first, _, rest = matching_text(text[:MAX_CHARS], attribution).partition("\n\n")
    lede = normalise_text(first).split()[:MAX_WORDS]
    words = (lede + normalise_text(rest).split())[:MAX_WORDS]
    key = zlib.crc32(" ".join(words[:LEDE_WORDS]).encode()) if len(words) >= LEDE_WORDS else None
    return Shingled(_hashes(words), _hashes(lede), len(words), key)


def _hashes(words: list[str]) -> frozenset[int]:
    if len(words) < SHINGLE_WORDS:
        return frozenset([zlib.crc32(" ".join(words).encode())]) if words else frozenset()
    return frozenset(
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode())
        for i in range(len(words) - SHINGLE_WORDS + 1)
    )


def signature(shingles: frozenset[int]) -> np.ndarray:
    """The MinHash of a shingle set: NUM_PERM uint32 values (the same for the same set)."""
    minhash = MinHash(
        num_perm=NUM_PERM, hashfunc=_identity, permutations=_permutations(), scheme=SCHEME
    )
    minhash.update_batch(sorted(shingles))
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


@functools.cache
def _permutations() -> np.ndarray:
    """datasketch draws these from SEED on every MinHash; drawing them once saves most of it."""
    return np.asarray(MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations)


def _identity(value: int) -> int:
    return value


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def estimated_jaccard(one: np.ndarray, two: np.ndarray) -> float:
    return float(np.mean(one == two))
