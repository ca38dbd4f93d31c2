"""What every analysis step is handed: settings, the store, the embedder, and a way to say no.

Steps open their own sessions (`ctx.store.session()`), read what earlier steps stored and write
only their own tables. An article a step cannot analyse is reported with `ctx.skip(id,
reason)`: the runner records it as skipped for that step, with the reason, instead of ok.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdesk.analyze.embed import Embedder
from newsdesk.config import Settings
from newsdesk.store.engine import Store


@dataclass
class AnalyzeContext:
    settings: Settings
    store: Store
    embedder: Embedder
    # Reasons given by the step now running, by article id; the runner reads and clears them.
    skipped: dict[int, str] = field(default_factory=dict)
    # Notes the runner attaches to articles analysed anyway ("short text", "truncated").
    notes: dict[int, str] = field(default_factory=dict)

    def skip(self, article_id: int, reason: str) -> None:
        """Record that the running step could not analyse this article, and why (one line)."""
        self.skipped[article_id] = " ".join(reason.split())[:300]
