"""The section classifier: its shipped weights, and the step on articles it was not trained on."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from newsdesk.analyze.context import AnalyzeContext as Context
from newsdesk.analyze.embed import Embedder, get_embedder
from newsdesk.analyze.sections import SECTIONS, analyze_sections, load_model
from newsdesk.analyze.vectors import analyze_embed
from newsdesk.config import Settings
from newsdesk.store import tags as tag_store
from newsdesk.store.models_tags import ArticleSection
from tests.analyze.conftest import CORPUS, AddArticle, corpus_rows


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return get_embedder(Settings())


def test_the_weights_are_one_row_per_known_section_for_the_shipped_embedder(
    embedder: Embedder,
) -> None:
    model = load_model()
    assert set(model.labels) <= set(SECTIONS)
    assert model.weights.shape == (len(model.labels), embedder.dim + 1)
    assert model.embedder.split("@")[0] == embedder.name.split("@")[0]


def test_each_section_name_is_filed_under_itself(embedder: Embedder) -> None:
    # Each row starts from its section name's vector, so even a section with a handful of
    # training articles (Sports: 8 of 373) wins on its own name; a plain fit filed 'Health'
    # and 'Sports' under other sections.
    model = load_model()
    found = [label for label, _ in model.classify(embedder.embed(list(model.labels)))]
    assert found == list(model.labels)


# Articles of the bundled demo corpus with no Wikinews category (so in no training or gold
# set), filed under 'Crime and law' or 'Science and technology' before the name prior.
UNSEEN = {
    "SARS-CoV-2 surpasses one million confirmed infections in the United States": "Health",
    "German authorities confirm first case of novel coronavirus in Germany": "Health",
    "Notre Dame in Paris catches fire": "Disasters and accidents",
    "Astronomers find water vapour in atmosphere of exoplanet K2-18b": "Science and technology",
}


def test_unseen_articles_of_the_rare_sections_are_filed_under_them(
    ctx: Context, add_article: AddArticle
) -> None:
    rows = {row["title"]: row for row in corpus_rows(10_000) if row["title"] in UNSEEN}
    assert set(rows) == set(UNSEEN), f"missing from {CORPUS.name}: {set(UNSEEN) - set(rows)}"
    ids = {add_article(title, row["text"]): title for title, row in rows.items()}
    analyze_sections(ctx, list(ids))
    with ctx.store.session() as session:
        found = tag_store.sections_of(session, article_ids=list(ids))
    assert {ids[i]: found[i] for i in ids} == UNSEEN


def test_a_stored_vector_and_a_fresh_one_give_the_same_section(
    ctx: Context, add_article: AddArticle
) -> None:
    # The step embeds a missing vector from the embed step's own text, so an article gets
    # the same section whether or not the embed step ran first.
    row = corpus_rows(1)[0]
    stored, fresh = add_article(row["title"], row["text"]), add_article(row["title"], row["text"])
    analyze_embed(ctx, [stored])
    analyze_sections(ctx, [stored, fresh])
    with ctx.store.session() as session:
        got = {r.article_id: r for r in session.scalars(select(ArticleSection))}
    assert got[stored].section == got[fresh].section
    assert np.isclose(got[stored].confidence, got[fresh].confidence, atol=0.01)
