"""JSON twins of the AI panel: an article's summary, answers to questions about it, and the
summary of its story across outlets."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, HTTPException, Request

from newsdesk.errors import NoTextError, QuestionError
from newsdesk.generate.limits import allow_question
from newsdesk.generate.panel import NoSuchArticle, ask, summary_of
from newsdesk.generate.story_summary import story_digest
from newsdesk.web.render import ArticleId, settings_of, store_of

router = APIRouter(prefix="/api/v1")
TOO_MANY = "Too many questions from this client; wait a minute and ask again."


def client_key(request: Request) -> str:
    """Who is asking, for the rate limit: the peer address (a proxy should set it right)."""
    return request.client.host if request.client else "unknown"


@router.get("/articles/{article_id}/summary")
def api_summary(request: Request, article_id: ArticleId) -> dict[str, Any]:
    """Summary and key points drawn from the article; each sentence cites its sentence id."""
    try:
        made = summary_of(settings_of(request), store_of(request), article_id)
    except NoSuchArticle as exc:
        raise HTTPException(404, str(exc)) from None
    except NoTextError as exc:
        raise HTTPException(400, str(exc)) from None
    return {"article_id": article_id, **made.as_json()}


@router.post("/articles/{article_id}/ask")
def api_ask(
    request: Request, article_id: ArticleId, question: Any = Body(default=None, embed=True)
) -> dict[str, Any]:
    """Sentences of the article that answer `question`, each with its citation, or
    "The article does not say." when none does."""
    if not allow_question(settings_of(request), client_key(request)):
        raise HTTPException(429, TOO_MANY)
    try:
        reply = ask(settings_of(request), store_of(request), article_id, question)
    except NoSuchArticle as exc:
        raise HTTPException(404, str(exc)) from None
    except (NoTextError, QuestionError) as exc:
        raise HTTPException(400, str(exc)) from None
    return {"article_id": article_id, **reply.as_json()}


@router.get("/stories/{story_id}/summary")
def api_story_summary(request: Request, story_id: ArticleId) -> dict[str, Any]:
    """What the story's outlets all report (each point one outlet's sentence, citing every
    outlet's matching sentence as "<article id>/<sentence id>") and the figures they give
    differently, both versions cited."""
    made = story_digest(settings_of(request), store_of(request), story_id)
    if made is None:
        raise HTTPException(404, "No such story")
    return {"story_id": story_id, **made.as_json()}
