"""A capitalised phrase is not a name when the article also writes it in lower case.

Writers capitalise ordinary phrases for emphasis ('the index closed at a new All-time High')
and headlines do it by habit; a run of capitalised words then reads as a name and becomes a
hashtag (#NewAllTimeHigh). A real name keeps its capitals every time it is written, so the
same words written elsewhere with the last one in lower case ('an All-time high') say it is
a phrase. The entity stays (it may still name a country: 'British Army' beside 'British
army'); it only is no hashtag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def written_lower(forms: Iterable[str], body: str, folded: str) -> bool:
    """Whether `body` (`folded` is body.lower()) writes one of the name's forms of two or more
    words with its last word in lower case.

    Only forms of two or more words: a lone 'Apple' beside 'apple' may still be the company,
    and 'Bush' beside 'bush' the president.
    """
    for form in forms:
        words = form.split()
        if len(words) < 2 or not words[-1][:1].isupper():
            continue
        needle = form.lower()
        at = folded.find(needle)
        while at >= 0:
            end = at + len(needle)
            whole = (at == 0 or not folded[at - 1].isalnum()) and (
                end == len(folded) or not folded[end].isalnum()
            )
            if whole and body[at:end].split()[-1].islower():
                return True
            at = folded.find(needle, at + 1)
    return False


def written_in(name: str, title: str) -> bool:
    """The name, as written, in the title: 'Site' is not in '... tracker site sued'."""
    shouted = title.isupper()
    # A plain substring test first: most names are not in the title, and a regex per name
    # (compiled anew once Python's regex cache overflows) cost a tenth of the step.
    if (name.upper() if shouted else name) not in title:
        return False
    flags = re.IGNORECASE if shouted else 0
    return re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", title, flags) is not None
