"""How many real articles the error-page (soft 404) rule takes for error pages: none should be.

Cleans every page of the development corpora (text and HTML) and the seeds as the pipeline
does and counts, per corpus, the pages the cleaner refuses as error pages (rules.toml
[error_page]), naming each.

Usage: python bench/error_pages.py EVAL_DIR   (the folder holding extraction-dev/ etc.)
"""

from __future__ import annotations

import argparse
import gzip
from collections.abc import Iterator
from pathlib import Path

from newsflow.clean import CleaningError, clean_document
from newsflow.settings import SEEDS_DIR

ERROR_PAGE = "error page, not an article"


def pages(folder: Path, pattern: str) -> Iterator[tuple[str, str]]:
    """(name, text) of each page, gzip undone (the corpora's pages are UTF-8)."""
    for path in sorted(folder.glob(pattern)):
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        yield path.name, data.decode("utf-8", errors="replace")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path)
    args = parser.parse_args()
    corpora = [
        ("seeds", SEEDS_DIR, "*.txt", "text/plain"),
        ("entities-dev text", args.eval_dir / "entities-dev" / "text", "*.txt", "text/plain"),
        ("extraction-dev text", args.eval_dir / "extraction-dev" / "text", "*.txt",
         "text/plain"),
        ("extraction-dev html", args.eval_dir / "extraction-dev" / "html", "*.html.gz",
         "text/html"),
        ("cleaning-trafilatura-dev text", args.eval_dir / "cleaning-trafilatura-dev" / "text",
         "*.txt", "text/plain"),
        ("cleaning-trafilatura-dev html", args.eval_dir / "cleaning-trafilatura-dev" / "html",
         "*.html.gz", "text/html"),
    ]
    for name, folder, pattern, media_type in corpora:
        if not folder.is_dir():
            parser.error(f"no such folder: {folder}")
        count, flagged = 0, []
        for page, text in pages(folder, pattern):
            count += 1
            try:
                clean_document(text, media_type, page)
            except CleaningError as exc:
                if str(exc).startswith(ERROR_PAGE):
                    flagged.append(f"{page}: {exc}")
        print(f"{name}: {len(flagged)} of {count} pages taken for error pages")
        for line in flagged:
            print(f"  {line}")


if __name__ == "__main__":
    main()
