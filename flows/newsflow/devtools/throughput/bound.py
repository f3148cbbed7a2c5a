"""The lower bound: the work no pipeline can avoid, timed in a process of its own.

trafilatura.extract on every document (a .txt file wrapped one <p> a line, as it only reads
HTML), then spaCy NER over the texts with the pipeline's model and pipes. Everything the
pipeline adds beyond it shows up as the ratio pipeline/bound.

Run as `python -m newsflow.devtools.throughput.bound CORPUS CORES`: prints the phase times as
one JSON line.
"""

from __future__ import annotations

import html
import json
import sys
import time
from pathlib import Path

from newsflow.devtools.throughput.processes import Measured
from newsflow.enrich.ner import load_model
from newsflow.settings import Settings

# The English model a run loads when NEWSFLOW_SPACY_MODELS is not set (the bench clears it).
MODEL = Settings.model_fields["spacy_models"].get_default(call_default_factory=True)["en"]


def command(corpus: Path, cores: int) -> list[str]:
    """The bound's process: this module on corpus, nlp.pipe with n_process = cores."""
    return [sys.executable, "-m", __name__, str(corpus), str(cores)]


def phases_of(result: Measured) -> dict:
    """The phase times the bound's process printed; empty when it failed."""
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if result.ok and lines else {}


def extracted_texts(corpus: Path) -> list[str]:
    """trafilatura.extract of every file of the corpus, in name order ("" where it finds
    nothing); a .txt file is wrapped one <p> a line, as trafilatura only reads HTML."""
    import trafilatura

    texts = []
    for path in sorted(corpus.iterdir()):
        content = path.read_text("utf-8", "replace")
        if path.suffix == ".txt":
            paragraphs = "".join(f"<p>{html.escape(line)}</p>"
                                 for line in content.splitlines() if line.strip())
            content = f"<html><body>{paragraphs}</body></html>"
        texts.append(trafilatura.extract(content) or "")
    return texts


def bound(corpus: Path, cores: int) -> dict:
    """Extract every document, NER the texts; the time of each phase and what it found."""
    t0 = time.perf_counter()
    import trafilatura  # noqa: F401  (its import is part of the bound's load phase)

    nlp = load_model(MODEL)  # spaCy and the model, reduced to the pipeline's NER pipes
    t_loaded = time.perf_counter()
    texts = extracted_texts(corpus)
    t_extracted = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=32, n_process=cores))
    t_done = time.perf_counter()
    return {
        "load": t_loaded - t0, "extract": t_extracted - t_loaded, "ner": t_done - t_extracted,
        "documents": len(texts), "extracted": sum(bool(t) for t in texts),
        "words": sum(len(t.split()) for t in texts), "entities": entities,
        "pipes": nlp.pipe_names,
    }


if __name__ == "__main__":
    print(json.dumps(bound(Path(sys.argv[1]), int(sys.argv[2]))))
