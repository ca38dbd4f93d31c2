"""The AI panel in HTML: its context for the article page, and the Ask form's POST.

The form works as a plain POST (answer page) and, when htmx is on the page, swaps only the
answer into the panel (the `HX-Request` header asks for the fragment).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse

from newsdesk.api.generate import TOO_MANY, client_key
from newsdesk.errors import NoTextError, QuestionError
from newsdesk.generate.cited import Answer
from newsdesk.generate.limits import allow_question
from newsdesk.generate.panel import NoSuchArticle, ask, summary_of
from newsdesk.generate.question import MAX_QUESTION_CHARS
from newsdesk.store.generated import article_texts
from newsdesk.web.csrf import require_csrf
from newsdesk.web.render import ArticleId, render, settings_of, store_of

router = APIRouter(include_in_schema=False)


def ai_panel_context(request: Request, article_id: int) -> dict[str, Any]:
    """What templates/generate/ai_panel.html needs, under the key `ai` (never raises)."""
    panel: dict[str, Any] = {
        "article_id": article_id,
        "summary": None,
        "error": None,
        "answer": None,
        "question": "",
        "max_chars": MAX_QUESTION_CHARS,
    }
    try:
        panel["summary"] = summary_of(settings_of(request), store_of(request), article_id)
    except (NoSuchArticle, NoTextError) as exc:
        panel["error"] = str(exc)
    return {"ai": panel}


def _answer(request: Request, article_id: int, question: str) -> tuple[Answer | None, str | None]:
    if not allow_question(settings_of(request), client_key(request)):
        return None, TOO_MANY
    try:
        return ask(settings_of(request), store_of(request), article_id, question), None
    except (QuestionError, NoTextError) as exc:
        return None, str(exc)


@router.post("/article/{article_id}/ask", response_class=HTMLResponse)
def ask_form(
    request: Request,
    article_id: ArticleId,
    question: str = Form(default=""),
    _csrf: None = Depends(require_csrf),
) -> HTMLResponse:
    with store_of(request).session() as session:
        found = article_texts(session, article_ids=[article_id])
    if not found:
        raise HTTPException(404, "No such article")
    try:
        answer, error = _answer(request, article_id, question)
    except NoSuchArticle:
        raise HTTPException(404, "No such article") from None
    code = 429 if error == TOO_MANY else 200
    context = {
        "answer": answer,
        "error": error,
        "question": question[:MAX_QUESTION_CHARS],
        "article_id": article_id,
        "title": found[0].title,
        "max_chars": MAX_QUESTION_CHARS,
    }
    if request.headers.get("hx-request"):
        return render(request, "generate/answer.html", code, **context)
    return render(request, "generate/ask_page.html", code, **context)
