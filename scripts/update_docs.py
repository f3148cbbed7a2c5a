"""Rewrite the generated parts of the documentation.

    python scripts/update_docs.py                      # docs/data-dictionary.md only
    python scripts/update_docs.py --db /tmp/demo/news.duckdb
                                                       # and every example's output

The data dictionary comes from a warehouse created with the current schema; the examples'
output comes from `--db`, a warehouse the seeds were published into
(`newsflow run --db /tmp/demo/news.duckdb`), as the tests check them on one.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from newsflow.devtools import docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="A warehouse holding the published seeds.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        docs.DICTIONARY.write_text(docs.schema_dictionary(Path(folder)), encoding="utf-8")
    print(f"wrote {docs.DICTIONARY}")
    if args.db:
        for path in docs.documentation_files():
            if count := docs.rewrite_examples(path, args.db):
                print(f"{path}: {count} example(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
