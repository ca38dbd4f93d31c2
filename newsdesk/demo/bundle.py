"""Rebuild the demo's bundled corpus from the shared Wikinews corpus.

The demo ships only the English articles and only the fields the site builder reads, so the
package stays small; this script is how `newsdesk/demo/data/wikinews-en.jsonl.gz` was made, kept
so anyone can re-run it and get the same bytes (gzip mtime 0, no file name in the header).

    python -m newsdesk.demo.bundle /work/shared/data/news-corpus/articles.jsonl \
        newsdesk/demo/data/wikinews-en.jsonl.gz
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

from newsdesk.errors import UserError

KEPT_FIELDS = ("id", "title", "text", "published", "url", "categories")


def bundle_corpus(src: Path, dest: Path, *, lang: str = "en") -> int:
    """Write the `lang` rows of `src` (JSON lines) to `dest` (gzipped JSON lines); return the count.

    Rows keep the source order; a malformed line is an error, not a skip, because a silently
    shorter corpus would change every figure measured on the demo.
    """
    try:
        lines = src.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UserError(f"cannot read corpus {src}: {exc.strerror or exc}") from exc
    out = io.StringIO()
    count = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"{src}:{number}: not a JSON object ({exc.msg})") from exc
        if not isinstance(row, dict) or row.get("lang") != lang:
            continue
        kept = {field: row.get(field) for field in KEPT_FIELDS}
        out.write(json.dumps(kept, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    _write_gzip(dest, out.getvalue().encode("utf-8"))
    return count


def _write_gzip(dest: Path, data: bytes) -> None:
    """Gzip with a fixed header (no name, mtime 0) so the same input gives the same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m newsdesk.demo.bundle SRC.jsonl DEST.jsonl.gz", file=sys.stderr)
        return 2
    try:
        count = bundle_corpus(Path(args[0]), Path(args[1]))
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {count} articles to {args[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
