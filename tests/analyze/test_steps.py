"""The sections and tags steps on both databases: idempotent, bad input recorded, never raised."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from newsdesk.analyze.context import AnalyzeContext as Context
from newsdesk.analyze.sections import SECTIONS, analyze_sections
from newsdesk.analyze.tags import analyze_tags
from newsdesk.store import tags as tag_store
from newsdesk.store.engine import Store
from newsdesk.store.models_tags import ArticleSection, ArticleTagging, Entity, Hashtag
from tests.analyze.conftest import AddArticle

EVAL = Path(__file__).parent.parent / "data" / "eval" / "hashtags.jsonl"


def _real(n: int) -> list[dict[str, str]]:
    return [json.loads(line) for line in EVAL.read_text().splitlines()[:n]]


def _snapshot(store: Store, ids: list[int]) -> object:
    with store.session() as session:
        return (
            [tag_store.hashtags_of_article(session, article_id=i) for i in ids],
            [tag_store.entities_of_article(session, article_id=i) for i in ids],
            tag_store.sections_of(session, article_ids=ids),
            session.scalar(select(func.count()).select_from(Entity)),
            session.scalar(select(func.count()).select_from(Hashtag)),
        )


def test_real_articles_get_a_section_and_hashtags_and_a_rerun_changes_nothing(
    ctx: Context, add_article: AddArticle
) -> None:
    ids = [add_article(row["title"], row["text"]) for row in _real(4)]
    analyze_sections(ctx, ids)
    analyze_tags(ctx, ids)
    first = _snapshot(ctx.store, ids)
    analyze_sections(ctx, ids)
    analyze_tags(ctx, ids)
    assert _snapshot(ctx.store, ids) == first
    with ctx.store.session() as session:
        sections = tag_store.sections_of(session, article_ids=ids)
        assert all(sections[i] in SECTIONS for i in ids)
        for article_id in ids:
            assert 1 <= len(tag_store.hashtags_of_article(session, article_id=article_id)) <= 8


def test_bad_input_is_recorded_not_raised(ctx: Context, add_article: AddArticle) -> None:
    empty = add_article("", "")
    french = add_article("Le président parle", "Le président a parlé lundi.", language="fr")
    huge = add_article("Big text", ("Officials in Paris met envoys from Berlin. " * 25_000))
    lower = add_article("nothing here", "all lower case words and no names at all here.")
    ids = [empty, french, huge, lower]
    analyze_sections(ctx, ids)
    analyze_tags(ctx, ids)
    with ctx.store.session() as session:
        sections = {r.article_id: r for r in session.scalars(select(ArticleSection))}
        tagging = {r.article_id: r for r in session.scalars(select(ArticleTagging))}
    assert sections[empty].reason == "empty" and sections[empty].section is None
    assert "not English" in (sections[french].reason or "")
    assert sections[huge].section in SECTIONS
    assert tagging[empty].reason == "empty"
    assert "not English" in (tagging[french].reason or "")
    assert tagging[huge].reason is None
    assert tagging[lower].reason is not None
    with ctx.store.session() as session:
        assert tag_store.hashtags_of_article(session, article_id=empty) == []
        tags = {h.tag for h in tag_store.hashtags_of_article(session, article_id=huge)}
    # The two cities, and the countries they lie in.
    assert tags == {"Paris", "Berlin", "France", "Germany"}


def test_a_lone_surname_takes_the_full_name_of_earlier_articles(
    ctx: Context, add_article: AddArticle
) -> None:
    first = add_article("Angela Merkel visits Paris", "Angela Merkel met officials in Paris.")
    analyze_tags(ctx, [first])
    later = add_article("Merkel speaks", "Chancellor Merkel spoke in Berlin on Friday.")
    analyze_tags(ctx, [later])
    with ctx.store.session() as session:
        names = [e.name for e in tag_store.entities_of_article(session, article_id=later)]
    assert "Angela Merkel" in names


def test_interview_speaker_labels_are_not_names(ctx: Context, add_article: AddArticle) -> None:
    text = (
        "Wikinews spoke to the astronomer Sara Lindqvist about the comet.\n\n"
        "((WN)) What did you see?\n\n((Sara Lindqvist)) A bright tail over Sweden.\n\n"
        "((WN)) How long will it stay?\n\n((Sara Lindqvist)) A week. Sweden will see it best."
    )
    article = add_article("Interview: astronomer on the comet", text)
    analyze_tags(ctx, [article])
    with ctx.store.session() as session:
        entities = {e.name: e for e in tag_store.entities_of_article(session, article_id=article)}
    assert "WN" not in entities
    assert entities["Sara Lindqvist"].mentions == 1
