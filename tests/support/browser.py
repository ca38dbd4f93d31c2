"""A real browser for tests: Debian's Chromium driven by Playwright, and a trap for scripts.

`chromium` launches /usr/bin/chromium once per test module (never a downloaded browser).
`ScriptTrap` renders HTML fragments in one page and reports everything that shows a script
ran or the markup reached out: calls to alert/confirm/prompt/print or the `__xss()` reporter
(in every frame), Content-Security-Policy violations (the page is served with a report-only
policy that forbids every script, style, plugin, form target and base URL, so any inline
script or handler that runs is reported even if it calls nothing), uncaught errors, dialogs,
popups, navigations away, requests other than images, media and allowed embeds, requests to
forbidden hosts, and links or sources whose URL the browser's own parser reads as a script
scheme. Events are dispatched on every element (mouse, focus, keyboard, animation...) with
clicks' default actions cancelled, so handlers that survived get their chance to fire.

    trap = ScriptTrap(browser, embeds={"www.youtube.com": "/embed/"})
    breaches = trap.render_each({"article-1": "<p>Hello</p>", "article-2": "<b>Hi</b>"})
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Request, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_CHROMIUM = (
    f"Chromium is not installed at {CHROMIUM}: run `make system-deps` "
    "(it installs Debian's chromium package; browser tests never download a browser)"
)
MISSING_PLAYWRIGHT = "Playwright is not installed: run `make venv` (pip install -e '.[dev]')"

HARNESS_URL = "http://harness.test/"
# Every request but the harness goes to a proxy that refuses connections (loopback too), so
# nothing leaves the machine and failed loads fail at once (firing any onerror left behind).
DEAD_PROXY: Any = {"server": "http://127.0.0.1:9", "bypass": "<-loopback>"}
# Whatever the fragments do, they may only load images, media and the allowed embeds.
QUIET_TYPES = frozenset({"image", "media"})
ATTRIBUTION_RENDERS = 60  # enough to pin a few culprits among thousands of fragments
SETTLE_MS = 400  # lets a meta refresh, an animation or a failed image load happen
CSP = (
    "default-src 'none'; script-src 'none'; script-src-attr 'none'; style-src 'none'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; img-src * data:; media-src *; "
    "frame-src {frames}"
)
# Defined before any page script in every frame: reporters that look like the functions
# payloads call, and a listener for CSP violations, all reporting through one binding.
TRAP_SCRIPT = """
(() => {
  const where = (node) => {
    const el = node && node.nodeType === 1 ? node : node && node.parentElement;
    const owner = el && el.closest ? el.closest('[data-key]') : null;
    return owner ? owner.getAttribute('data-key') : '';
  };
  const culprit = () => where(document.currentScript || (window.event && window.event.target));
  const report = (kind, detail, key) => {
    try { window.__trapReport(kind, String(detail).slice(0, 300), key || ''); } catch (e) {}
  };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => { report('call', name + '(' + args.join(',') + ')', culprit()); };
  }
  window.__xss = (...args) => { report('call', '__xss(' + args.join(',') + ')', culprit()); };
  document.addEventListener('securitypolicyviolation', (e) => {
    report('csp', e.effectiveDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''),
           where(e.target));
  }, true);
})();
"""
# Run in the harness once it has loaded: the browser's view of every URL, then events.
INSPECT_SCRIPT = """
([embeds, eventNames]) => {
  const found = [];
  const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'poster', 'data',
    'background', 'cite', 'codebase', 'ping', 'lowsrc', 'dynsrc', 'longdesc', 'srcset']);
  const safe = new Set(['http:', 'https:', 'mailto:', 'tel:']);
  const raster = /^data:image\\/(png|gif|jpe?g|webp|avif|bmp);/i;
  const key = (el) => { const o = el.closest('[data-key]'); return o ? o.dataset.key : ''; };
  const root = document.getElementById('articles');
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (!urlAttrs.has(name) && !name.endsWith('href')) continue;
      const values = name === 'srcset'
        ? attr.value.split(',').map((c) => c.trim().split(/\\s+/)[0]) : [attr.value];
      for (const value of values) {
        let url;
        try { url = new URL(value, document.baseURI); } catch (e) { continue; }
        const image = ['IMG', 'SOURCE'].includes(el.tagName) && raster.test(url.href);
        if (!safe.has(url.protocol) && !image) {
          found.push(['url', el.tagName + '[' + name + '] ' + url.href.slice(0, 120), key(el)]);
        }
      }
    }
    if (el.tagName === 'IFRAME') {
      let url = null;
      try { url = new URL(el.getAttribute('src') || '', document.baseURI); } catch (e) {}
      const prefix = url && url.protocol === 'https:' ? embeds[url.hostname] : undefined;
      if (prefix === undefined || !url.pathname.startsWith(prefix) || url.username
          || url.password || url.port) {
        found.push(['iframe', 'not an allowed embed: ' + (url ? url.href : '?'), key(el)]);
      }
      if (!el.hasAttribute('sandbox')) found.push(['iframe', 'no sandbox', key(el)]);
    }
  }
  document.addEventListener('click', (e) => e.preventDefault(), true);
  document.addEventListener('submit', (e) => e.preventDefault(), true);
  const focusable = 'a[href], input, select, textarea, button, iframe, summary, [tabindex], '
    + '[contenteditable], audio[controls], video[controls]';
  for (const el of root.querySelectorAll(focusable)) {
    try { el.focus({preventScroll: true}); } catch (e) {}
  }
  for (const el of root.querySelectorAll('*')) {
    for (const name of eventNames) {
      try { el.dispatchEvent(new Event(name, {cancelable: true})); } catch (e) {}
    }
  }
  return found;
}
"""
EVENTS = [
    "mouseover", "mouseenter", "mousemove", "mousedown", "mouseup", "mouseout", "click",
    "dblclick", "auxclick", "contextmenu", "pointerover", "pointerenter", "pointerdown",
    "pointerup", "focus", "focusin", "blur", "keydown", "keyup", "keypress", "input", "change",
    "load", "error", "toggle", "beforetoggle", "animationstart", "animationend",
    "transitionend", "scroll", "scrollend", "wheel", "copy", "paste", "drag", "dragstart",
    "drop", "touchstart", "begin", "select", "invalid", "play", "loadstart", "canplay",
]  # fmt: skip


@dataclass(frozen=True)
class Breach:
    """One sign that a fragment ran script or reached out; `key` names the fragment if known."""

    kind: str
    detail: str
    key: str = ""

    def __str__(self) -> str:
        return f"{self.key or '?'}: {self.kind}: {self.detail}"


@contextmanager
def launched_chromium() -> Iterator[Browser]:
    """Debian's Chromium under Playwright; a clear failure when either is missing."""
    if not CHROMIUM.exists():
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(MISSING_PLAYWRIGHT, pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(context: BrowserContext, url: str, *, timeout: float | None = None) -> Page:
    """A new page of `context` at `url`, loaded; fails the test on any script error there."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="load", timeout=timeout)
    assert not errors, f"script errors on {url}: {errors}"
    return page


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """One headless Chromium per test module.

    Not per session: while Playwright's sync API is started it keeps an asyncio loop running
    in this thread, so every later `asyncio.run` in the same thread (the pipeline tests use
    it) would fail. Tearing down after the module keeps other modules unaffected.
    """
    with launched_chromium() as browser:
        yield browser


class ScriptTrap:
    """Renders fragments in a fresh browser context and reports every breach it sees."""

    def __init__(
        self,
        browser: Browser,
        *,
        embeds: Mapping[str, str],
        forbidden_hosts: frozenset[str] = frozenset(),
    ) -> None:
        self._browser = browser
        self._embeds = dict(embeds)
        self._forbidden = forbidden_hosts
        self._breaches: list[Breach] = []
        self._document = b""
        self._budget = 0

    def render(self, fragments: Mapping[str, str]) -> list[Breach]:
        """Every breach seen while `fragments` (key -> HTML) were shown together in one page."""
        self._breaches = []
        self._document = self._harness(fragments).encode()
        context = self._browser.new_context(proxy=DEAD_PROXY)
        try:
            self._arm(context)
            page = context.new_page()
            page.on("pageerror", lambda error: self._add("error", str(error)))
            page.on("dialog", self._on_dialog)
            page.on("popup", lambda popup: self._add("popup", popup.url))
            page.goto(HARNESS_URL, wait_until="load")
            self._inspect(page)
            page.wait_for_timeout(SETTLE_MS)
            if page.url != HARNESS_URL:
                self._add("navigation", f"the page went to {page.url}")
        finally:
            context.close()
        return list(self._breaches)

    def render_each(self, fragments: Mapping[str, str]) -> list[Breach]:
        """Like `render`, but every breach names its fragment.

        All fragments share one page first (fast when all is well). Most breaches name their
        fragment from inside the page; for the rest (requests, navigations) the fragments are
        halved until one is left to blame, within ATTRIBUTION_RENDERS renders.
        """
        breaches = self.render(fragments)
        keyed = [breach for breach in breaches if breach.key]
        unkeyed = [breach for breach in breaches if not breach.key]
        self._budget = ATTRIBUTION_RENDERS
        return keyed + (self._pin(fragments, unkeyed) if unkeyed else [])

    def _pin(self, fragments: Mapping[str, str], unkeyed: list[Breach]) -> list[Breach]:
        if len(fragments) == 1:
            return [replace(breach, key=next(iter(fragments))) for breach in unkeyed]
        if self._budget <= 0:
            return [replace(b, key=f"one of {len(fragments)} fragments") for b in unkeyed]
        items = list(fragments.items())
        found: list[Breach] = []
        for part in (dict(items[: len(items) // 2]), dict(items[len(items) // 2 :])):
            self._budget -= 1
            here = [breach for breach in self.render(part) if not breach.key]
            found.extend(self._pin(part, here) if here else [])
        # Nothing alone did it: the fragments only misbehave together.
        return found or [replace(b, key=f"{len(fragments)} fragments together") for b in unkeyed]

    def _arm(self, context: BrowserContext) -> None:
        context.expose_binding("__trapReport", self._on_report)
        context.add_init_script(TRAP_SCRIPT)
        context.route(HARNESS_URL, self._serve_harness)
        context.on("request", self._judge)

    def _inspect(self, page: Page) -> None:
        try:
            found = page.evaluate(INSPECT_SCRIPT, [self._embeds, EVENTS])
        except Exception as exc:  # the page navigated away under us: that is a breach too
            self._add("navigation", f"the harness was replaced: {type(exc).__name__}")
            return
        for kind, detail, key in found:
            self._add(kind, detail, key)

    def _harness(self, fragments: Mapping[str, str]) -> str:
        articles = "".join(
            f'<article data-key="{html.escape(key)}">{fragment}</article>'
            for key, fragment in fragments.items()
        )
        return (
            '<!doctype html><html><head><meta charset="utf-8"><title>harness</title></head>'
            f'<body><main id="articles">{articles}</main></body></html>'
        )

    def _serve_harness(self, route: Route, request: Request) -> None:
        frames = " ".join(f"https://{host}" for host in self._embeds) or "'none'"
        headers = {
            "Content-Type": "text/html; charset=utf-8",
            "Content-Security-Policy-Report-Only": CSP.format(frames=frames),
        }
        route.fulfill(status=200, body=self._document, headers=headers)

    def _judge(self, request: Request) -> None:
        if request.url == HARNESS_URL:
            return
        parts = urlsplit(request.url)
        host = (parts.hostname or "").lower()
        kind = request.resource_type
        if any(host == bad or host.endswith("." + bad) for bad in self._forbidden):
            self._add("request", f"{kind} to forbidden host: {request.url[:120]}")
        elif request.is_navigation_request() and request.frame.parent_frame is None:
            self._add("navigation", request.url[:120])
        elif kind == "document" and self._is_embed(parts):
            return
        elif kind not in QUIET_TYPES:
            self._add("request", f"{kind}: {request.url[:120]}")

    def _is_embed(self, parts: Any) -> bool:
        prefix = self._embeds.get((parts.hostname or "").lower())
        return parts.scheme == "https" and prefix is not None and parts.path.startswith(prefix)

    def _on_report(self, source: Any, kind: str, detail: str, key: str) -> None:
        self._add(kind, detail, key)

    def _on_dialog(self, dialog: Any) -> None:
        self._add("dialog", f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _add(self, kind: str, detail: str, key: str = "") -> None:
        self._breaches.append(Breach(kind, detail, key))


def breach_report(breaches: list[Breach], limit: int = 40) -> str:
    """Distinct breaches one a line, for an assertion message."""
    distinct = sorted({str(breach) for breach in breaches})
    lines = distinct[:limit]
    if len(distinct) > limit:
        lines.append(f"... and {len(distinct) - limit} more")
    return "\n".join(lines)


__all__ = [
    "CHROMIUM",
    "Breach",
    "ScriptTrap",
    "breach_report",
    "chromium",
    "launched_chromium",
]
