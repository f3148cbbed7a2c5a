"""Train the tone model on every target of tone-dev and write it into the package.

Features and learner: newsflow/enrich/tone/ and newsflow/devtools/tonetraining.py; the
cross-validated figures of the same recipe: bench/tone.py.

Usage: python bench/train_tone_model.py EVAL_DIR/tone-dev [--out PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsflow.devtools.tonetraining import fit, read_targets
from newsflow.enrich.tone import MODEL_FILE

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "flows/newsflow/enrich/tone" / MODEL_FILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tone_dir", type=Path, help="tone-dev folder (train.jsonl)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model file to write")
    args = parser.parse_args()
    targets = read_targets(args.tone_dir / "train.jsonl")
    model = fit(targets)
    args.out.write_text(json.dumps(model.to_dict(), separators=(",", ":")) + "\n",
                        encoding="utf-8")
    print(f"{model.version}: {len(targets)} targets, {len(model.weights)} features -> {args.out}")


if __name__ == "__main__":
    main()
