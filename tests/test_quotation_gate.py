"""Quotation gate: who-said-what must not fall below the floors pinned in quality_floors.toml.

Every article of quotations-dev goes through the quotation rules as written, with the English
model's parser on the sentences they leave open (cleaning and NER are the other gates' and the
pipeline tests' business), and the corpus's own scorer
(quotations-dev/score.py) scores the result. Skipped without the evaluation data, unless CI
requires it (conftest.py's `eval_dir`).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from newsflow.enrich.quotations import find_quotes, marked
from newsflow.enrich.quotations.parsing import parser_for
from newsflow.settings import Settings

FLOORS = tomllib.loads(Path(__file__).with_name("quality_floors.toml").read_text("utf-8"))
FIGURE = re.compile(r"content P=[\d.]+ R=[\d.]+ F1=(?P<content_f1>[\d.]+) \| direct P=[\d.]+ "
                    r"R=[\d.]+ F1=(?P<direct_f1>[\d.]+) \| attribution P=[\d.]+ R=[\d.]+ "
                    r"F1=(?P<attribution_f1>[\d.]+)")


@pytest.fixture(scope="module")
def figures(eval_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    corpus = eval_dir / "quotations-dev"
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    predictions = tmp_path_factory.mktemp("quotations") / "predictions.jsonl"
    parser = parser_for(Settings().spacy_models["en"])
    with predictions.open("w", encoding="utf-8") as out:
        for doc in sorted(gold):
            text = (corpus / "text" / f"{doc}.txt").read_text(encoding="utf-8")
            found = [{"content": marked(q.content, q.direct),
                      "speaker": q.speaker.text if q.speaker else "",
                      "cue": q.cue or ""} for q in find_quotes(text, "en", parser=parser)]
            out.write(json.dumps({"id": doc, "quotations": found}) + "\n")
    scored = subprocess.run([sys.executable, str(corpus / "score.py"), str(corpus / "gold.json"),
                             str(predictions)], capture_output=True, text=True, check=True)
    match = FIGURE.search(scored.stdout)
    assert match, f"score.py printed no figures: {scored.stdout!r}"
    return {name: float(value) for name, value in match.groupdict().items()}


@pytest.mark.parametrize("figure", sorted(FLOORS["quotation_floors"]))
def test_figure_is_at_or_above_its_floor(figures: dict[str, float], figure: str) -> None:
    floor = FLOORS["quotation_floors"][figure]
    assert figures[figure] >= floor, f"{figure} = {figures[figure]:.3f}, below its floor {floor}"
