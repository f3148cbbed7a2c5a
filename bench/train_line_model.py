"""Train the text path's line model on the development pages and write it into the package.

How pages are labelled and the two stages fitted: newsflow/devtools/linetraining.py.

Usage: python bench/train_line_model.py EXTRACTION_DIR SNIPPET_DIR [--out PATH]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from newsflow.clean.linemodel import MODEL_FILE
from newsflow.devtools.linetraining import fit, load_training_pages

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "flows/newsflow/clean" / MODEL_FILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("extraction_dir", type=Path, help="extraction-dev folder")
    parser.add_argument("snippet_dir", type=Path, help="cleaning-trafilatura-dev folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model file to write")
    args = parser.parse_args()
    pages = load_training_pages(args.extraction_dir, args.snippet_dir)
    model = fit(pages)
    args.out.write_text(model.to_json() + "\n", encoding="utf-8")
    rows = sum(int((~np.isnan(p.labels)).sum()) for p in pages)
    print(f"{model.version}: {len(pages)} pages, {rows} labelled lines -> {args.out}")


if __name__ == "__main__":
    main()
