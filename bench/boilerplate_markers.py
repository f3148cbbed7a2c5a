"""False positives of the articles suite's boilerplate markers on text with no boilerplate.

    .venv/bin/python bench/boilerplate_markers.py ../shared/eval

Counts, per rule class of the cleaner's [drop_line] rules (flows/newsflow/clean/rules.toml)
anchored to a line of its own, the hand-made article bodies of extraction-dev/ground-truth.json
and the Reuters articles of entities-dev/text/ that a class would flag (false positives: the
classes the suite uses, MARKER_CLASSES of sql/tables/articles/expectations.py, must flag none),
and the raw page texts of extraction-dev/text/ it flags (what a cleaner that removed nothing
would show).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
from pathlib import Path

from newsflow.clean.rules import rules_file
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]


def suite_classes() -> tuple[str, ...]:
    path = ROOT / "sql" / "tables" / "articles" / "expectations.py"
    spec = importlib.util.spec_from_file_location("articles", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MARKER_CLASSES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path, help="the shared eval folder")
    args = parser.parse_args()
    truth = json.loads((args.eval_dir / "extraction-dev" / "ground-truth.json").read_text())
    corpora = {
        "extraction-dev bodies": [page["articleBody"] for page in truth.values()],
        "entities-dev texts": [p.read_text(encoding="utf-8") for p in
                               sorted((args.eval_dir / "entities-dev" / "text").glob("*.txt"))],
        # The same pages as copied whole, boilerplate and all: what a broken cleaner would pass.
        "extraction-dev raw pages": [
            p.read_text(encoding="utf-8") for p in
            sorted((args.eval_dir / "extraction-dev" / "text").glob("*.txt"))],
    }
    drop_line = rules_file().drop_line
    used = suite_classes()
    table = Table(title="documents flagged (bodies, texts: no boilerplate; raw pages: all)")
    table.add_column("rule class")
    table.add_column("in suite")
    for name, docs in corpora.items():
        table.add_column(f"{name} ({len(docs)})", justify="right")
    def flagged(patterns: list[str], docs: list[str]) -> str:
        marker = re.compile(f"(?im)^[ \\t]*(?:{'|'.join(f'(?:{p})' for p in patterns)})[ \\t]*$")
        return str(sum(1 for d in docs if marker.search(d)))

    for name, patterns in drop_line.items():
        table.add_row(name, "yes" if name in used else "",
                      *(flagged(patterns, docs) for docs in corpora.values()))
    suite_patterns = [p for name in used for p in drop_line[name]]
    table.add_row("any suite class", "", *(flagged(suite_patterns, docs)
                                          for docs in corpora.values()), style="bold")
    Console().print(table)


if __name__ == "__main__":
    main()
