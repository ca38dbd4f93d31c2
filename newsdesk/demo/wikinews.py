"""The demo's Wikinews mirror: the original publisher of every demo article.

One feed per top-level topic present plus "Other news" for articles without a topic. An
article with several topics appears in each of their feeds with the same GUID (its Wikinews
URL) and the same link, so the pipeline has to notice it has seen it already.
"""

from __future__ import annotations

import uuid
from typing import NamedTuple

from newsdesk.demo import pages
from newsdesk.demo.corpus import TOPICS, CorpusArticle
from newsdesk.demo.feeds import FeedDocument, FeedEntry, render_feed
from newsdesk.demo.publishing import (
    OTHER_NEWS,
    SiteFiles,
    article_path,
    category_path,
    feed_format,
    feed_path,
    listing,
    midnight,
    neighbours,
    teaser,
    teaser_html,
)

HOME_ITEMS = 30


class TopicFeed(NamedTuple):
    path: str
    title: str
    topic: str


def build_wikinews(site: SiteFiles, articles: list[CorpusArticle]) -> list[TopicFeed]:
    """Add pages, topic feeds, category pages and the home page; return the feeds in order."""
    groups = _group_by_topic(articles)
    order = [topic for topic in (*TOPICS, OTHER_NEWS) if topic in groups]
    nav = (
        pages.Link("Main page", "/wikinews/"),
        *(pages.Link(topic, category_path(topic)) for topic in order),
        pages.Link("About Wikinews", "/wikinews/about.html"),
    )
    for article in articles:
        group = groups[_primary_topic(article)]
        related = [group[i] for i in neighbours(len(group), group.index(article))]
        page = pages.wikinews_page(_view(site, article, related), nav=nav)
        site.add(article_path(article), page)
    feeds = []
    for topic in order:
        title = f"Wikinews: {topic}"
        site.add(feed_path(topic), render_feed(_feed(site, topic, title, groups[topic])))
        site.add(category_path(topic), listing(title, _links(groups[topic])))
        feeds.append(TopicFeed(feed_path(topic), title, topic))
    latest = _links(articles[:HOME_ITEMS])
    site.add("/wikinews/index.html", listing("Wikinews (local demo mirror)", latest))
    site.add("/wikinews/about.html", _about())
    return feeds


def _group_by_topic(articles: list[CorpusArticle]) -> dict[str, list[CorpusArticle]]:
    groups: dict[str, list[CorpusArticle]] = {}
    for article in articles:
        for topic in article.topics or (OTHER_NEWS,):
            groups.setdefault(topic, []).append(article)
    return groups


def _primary_topic(article: CorpusArticle) -> str:
    return (article.topics or (OTHER_NEWS,))[0]


def _links(articles: list[CorpusArticle]) -> list[pages.Link]:
    return [pages.Link(article.title, article_path(article)) for article in articles]


def _view(
    site: SiteFiles, article: CorpusArticle, related: list[CorpusArticle]
) -> pages.ArticleView:
    return pages.ArticleView(
        title=article.title,
        paragraphs=article.paragraphs,
        description=teaser(article.paragraphs),
        self_url=site.url(article_path(article)),
        original_url=article.url,
        published=article.published,
        categories=tuple(
            pages.Link(c, category_path(c) if c in article.topics else "/wikinews/")
            for c in article.categories
        )
        or (pages.Link(OTHER_NEWS, category_path(OTHER_NEWS)),),
        related=tuple(_links(related)),
        feeds=tuple(pages.Link(f"Wikinews: {t}", feed_path(t)) for t in article.topics),
    )


def _feed(site: SiteFiles, topic: str, title: str, members: list[CorpusArticle]) -> FeedDocument:
    entries = []
    for article in members:
        link = site.url(article_path(article))
        entries.append(
            FeedEntry(
                guid=article.url,
                link=link,
                title=article.title,
                summary_html=teaser_html(article, link),
                published=midnight(article),
                author=pages.WIKINEWS_AUTHOR,
                categories=article.categories,
            )
        )
    return FeedDocument(
        format=feed_format(topic),
        title=title,
        description=f"Latest Wikinews articles in {topic} (local demo mirror).",
        home_url=site.url(category_path(topic)),
        self_url=site.url(feed_path(topic)),
        feed_id=f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'newsdesk-demo:' + feed_path(topic))}",
        entries=entries,
    )


def _about() -> str:
    return pages.listing_page(
        title="About this Wikinews mirror",
        heading="About this Wikinews mirror",
        intro="A local copy of real Wikinews articles, served by newsdesk's demo so the feed "
        "pipeline can be tried without the internet. " + pages.ATTRIBUTION + ". Articles "
        "published before 25 September 2005 are in the public domain.",
        items=(pages.Link("Wikinews", "https://www.wikinews.org"),),
    )
