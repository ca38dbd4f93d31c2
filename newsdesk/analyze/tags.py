"""The tags step: entities and hashtags of each article, stored in their own tables.

Runs after sections in the analysis runner (contract in issue 5). Re-running it on the same
text stores the same rows; an article it cannot tag gets a recorded reason, never an
exception out of the run.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from sqlalchemy.orm import Session

from newsdesk.analyze.entities import Entity, extract, slugify, title_case
from newsdesk.analyze.hashtags import SUBJECT_MENTIONS, hashtags
from newsdesk.analyze.sections import StepContext, skip_reason
from newsdesk.store import tags as tag_store

# 2: gazetteer, confident candidates, relative floor; 3: glued names split, acronyms joined
# to their spelled-out names, interview speaker labels blanked, topic tags from a list;
# 4: places split from names, short country names folded, more demonyms (3 was merged to
# main before these, so its stored tags are recomputed too); 6: 'Sheikh' inside a name,
# phrases also written in lower case no hashtag, generic institutions tied to a country, an
# article's subject kept beside a heavy country, 'Unless'/'Despite' opening no name; 7: a
# repeated Title Case headline not read as text, portfolio and hyphenated titles stripped,
# 'John Major' kept whole, a country split from the name after it ('of the United States Joe
# Biden'), a name spelled out for an acronym an organisation; 8: a news outlet only cited
# ('told CNN Philippines') no hashtag and no longer the place it is named after, 'La France'
STEP_VERSION = "8"
# Names and topics are in the first part of an article; the rest costs time and adds noise.
MAX_CHARS = 20_000
# Entities kept per article: enough for related articles and entity pages, not every name.
MAX_ENTITIES = 25
log = logging.getLogger(__name__)
# Wikinews interviews label each turn '((WN))' (the interviewer) or '((Jane Doe))': a label
# is layout, not a mention, and counting it would make 'WN' the article's main name.
_SPEAKER_LABEL = re.compile(r"\(\([^()\n]{1,60}\)\)")


def without_speaker_labels(text: str) -> str:
    """Interview speaker labels blanked to spaces (offsets kept for mention positions)."""
    return _SPEAKER_LABEL.sub(lambda m: " " * len(m.group()), text)


def without_repeated_title(title: str, text: str) -> str:
    """The text without its first line when that repeats a Title Case headline.

    Extracted pages often open with the headline again. A Title Case headline is not read
    for names (its capitals are style, see entities.mentions), but its repeat in the text was,
    and gave names no sentence has: 'Colin Powell Resigns as U.S. Secretary of State' became
    #ColinPowellResigns. A sentence-case repeat is left: its spans are the title's own.
    """
    if not title.strip() or not title_case(title):
        return text
    found = re.match(r"\s*" + re.escape(title.strip()) + r"[ \t]*(?:\n|$)", text)
    return text[found.end() :].lstrip("\n") if found else text


def _known_full_name(session: Session, entity: Entity) -> None:
    """A lone 'Obama' becomes the full name other articles use most, when there is one."""
    if entity.kind != "person" or " " in entity.name:
        return
    known = tag_store.known_full_names(session, kind="person", last_word=entity.name)
    if known:
        entity.name = known[0][0]


def tag_article(session: Session, article: tag_store.ArticleText) -> None:
    reason = skip_reason(article.title, article.text, article.language)
    text = without_speaker_labels(without_repeated_title(article.title, article.text)[:MAX_CHARS])
    entities: list[Entity] = []
    if reason is None:
        entities = extract(article.title, text)
        for entity in entities:
            _known_full_name(session, entity)
        if not entities:
            reason = "no names or topics found"
    # People other stored articles name: an article's subject among them is kept (hashtags).
    people = [e.slug for e in entities if e.kind == "person" and e.mentions >= SUBJECT_MENTIONS]
    followed = tag_store.linked_elsewhere(session, slugs=people, article_id=article.id)
    tags = hashtags(entities, text, article.title, followed=followed) if reason is None else []
    if reason is None and not tags:
        reason = "no hashtag passed the filters"
    tag_store.replace_tags(
        session,
        article_id=article.id,
        entities=[
            tag_store.EntityLink(e.name, slugify(e.name), e.kind, e.salience, e.mentions)
            for e in entities[:MAX_ENTITIES]
            if slugify(e.name)
        ],
        hashtags=[
            tag_store.HashtagLink(t.tag, t.label, rank, t.score)
            for rank, t in enumerate(tags, start=1)
        ],
        version=STEP_VERSION,
        reason=reason,
    )


def analyze_tags(ctx: StepContext, article_ids: Sequence[int]) -> None:
    """Tag each article in its own transaction, so one bad article never undoes the others."""
    with ctx.store.session() as session:
        articles = tag_store.article_texts(session, article_ids=article_ids)
    for article in articles:
        try:
            with ctx.store.session() as session:
                tag_article(session, article)
        except Exception as exc:  # recorded on the article; the run goes on
            log.exception("tagging article %s failed", article.id)
            with ctx.store.session() as session:
                tag_store.replace_tags(
                    session,
                    article_id=article.id,
                    entities=[],
                    hashtags=[],
                    version=STEP_VERSION,
                    reason=f"failed: {type(exc).__name__}: {exc}"[:500],
                )
