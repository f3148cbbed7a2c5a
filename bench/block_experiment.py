"""The HTML path with a block classifier beside it: cross-validated figures, and what it costs.

Not part of the pipeline; this measures the next step for the HTML path's known limits (wanted
lines in no trafilatura output, unwanted ones in every setting's). Each page is split into
jusText's blocks (the segmentation `page_text` uses). A block is described by its DOM context
(class and id words of it and its ancestors, its tag, enclosing article/aside/figure/footer...
elements, depth), jusText's link and stop-word figures, whether trafilatura's precise body and
newsflow's HTML body hold it, and the text path's line features and line-model verdict, for it
and for the blocks around it. Labels come from the ground truth as for the line model.

For each of K folds, a LightGBM classifier trained on the other folds' blocks scores the fold's
blocks; the line model behind its features is the one trained without the fold, so no page is
ever scored by anything that saw it. Rows printed:
- "newsflow HTML path": the current path (the same as bench/extraction.py's);
- "block classifier alone": the blocks it keeps;
- "path + block classifier": the path's lines, less those whose blocks all score under `lo`,
  plus blocks over `hi` within `near` blocks of the body that it does not already hold; the
  three thresholds chosen for each fold on the other folds (largest smaller margin to the
  targets), so the figure is cross-validated too.
Then the CPU milliseconds per page the block features cost (DOM walk, line features, model).

Usage: python bench/block_experiment.py EXTRACTION_DIR SNIPPET_DIR [--folds K]
"""

from __future__ import annotations

import argparse
import itertools
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import lightgbm
import numpy as np
from justext import core as justext_core
from lxml.html import HtmlElement
from newsflow.clean.html import precise_extraction
from newsflow.clean.linemodel import LineModel, line_features
from newsflow.clean.rules import Rules, load_rules
from newsflow.devtools.linetraining import (
    SPACES,
    TREE_PARAMETERS,
    TREE_ROUNDS,
    fold_of,
    load_training_pages,
    read_extraction_truth,
    read_snippet_gold,
    shingle_labels,
    snippet_labels,
)
from newsflow.devtools.scoring import (
    Score,
    newsflow_html,
    read_html,
    shingle_score,
    shingles,
    snippet_score,
    train_models,
)
from rich.console import Console
from rich.table import Table

# Words of class and id attributes that tell page furniture from article text, by prefix.
DOM_WORDS = (
    "ad", "article", "aside", "author", "bio", "body", "box", "breadcrumb", "caption", "comment",
    "content", "credit", "date", "entry", "foot", "head", "info", "intro", "lead", "list", "main",
    "menu", "meta", "more", "nav", "newsletter", "post", "promo", "related", "share", "sidebar",
    "social", "story", "summary", "tag", "teaser", "text", "title", "widget",
)
BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "td", "div", "figcaption", "blockquote", "span",
              "a", "dd", "pre")
ENCLOSING = ("article", "main", "aside", "figure", "footer", "header", "nav", "form", "ul",
             "table", "section")
ATTRIBUTE_WORD = re.compile(r"[a-z]+")
NEIGHBOURS = (-2, -1, 1, 2)
EXTRACTION_WEIGHT = 3.0  # a shingle page labels every line, a snippet page a handful
TARGETS = {"snippets": 0.94, "extraction": 0.97}
GRID = list(itertools.product((-1.0, 0.1, 0.2), (0.5, 0.6, 0.7, 0.8), (None, 1, 3)))


@dataclass
class BlockPage:
    corpus: str
    doc_id: str
    blocks: list[str]
    features: np.ndarray
    labels: np.ndarray
    body: list[str]  # newsflow's HTML body, held out, line by line
    body_blocks: list[list[int]]  # the blocks each body line overlaps
    scores: np.ndarray | None = None


def dom_features(element: HtmlElement | None, tag: str) -> list[float]:
    words: set[str] = set()
    enclosing: set[str] = set()
    depth = 0
    while element is not None:
        depth += 1
        enclosing.add(element.tag if isinstance(element.tag, str) else "")
        for attribute in ("class", "id"):
            words.update(ATTRIBUTE_WORD.findall((element.get(attribute) or "").lower()))
        element = element.getparent()
    return ([float(any(w.startswith(prefix) for w in words)) for prefix in DOM_WORDS]
            + [float(tag == t) for t in BLOCK_TAGS]
            + [float(e in enclosing) for e in ENCLOSING] + [float(depth)])


def page_blocks(content: str) -> tuple[list[str], list[list[float]]]:
    """jusText's blocks with their DOM context and jusText's own figures."""
    try:
        dom = justext_core.preprocessor(justext_core.html_to_dom(
            content.encode("utf-8", errors="replace"), "utf-8", "utf-8", "replace"))
    except Exception:  # jusText raises several kinds on a page it cannot parse
        return [], []
    texts, rows = [], []
    for paragraph in justext_core.ParagraphMaker.make_paragraphs(dom):
        text = SPACES.sub(" ", paragraph.text).strip()
        if not text:
            continue
        found = dom.xpath(paragraph.xpath) if paragraph.xpath else []
        row = dom_features(found[0] if found else None, paragraph.dom_path.split(".")[-1])
        row += [paragraph.links_density(), paragraph.stopwords_density(frozenset()),
                float(paragraph.is_heading), float(np.log1p(paragraph.words_count))]
        texts.append(text)
        rows.append(row)
    return texts, rows


def precise_body(content: str, rules: Rules) -> tuple[str | None, str]:
    """The title and the precise body the HTML path starts from, as one line of text."""
    _, title, body = precise_extraction(content, None, rules)
    return title, SPACES.sub(" ", " ".join(body))


def block_features(content: str, title: str | None, precise: str, body: list[str],
                   model: LineModel, rules: Rules) -> tuple[list[str], np.ndarray]:
    texts, dom = page_blocks(content)
    if not texts:
        return [], np.zeros((0, 0))
    kept = SPACES.sub(" ", " ".join(body))
    lines = line_features(texts, title, None, rules)
    words = np.array([rules.count_words(t) for t in texts], dtype=float)
    verdicts = np.column_stack([[float(t in precise) for t in texts],
                                [float(t in kept) for t in texts],
                                model.probabilities(lines, words)])
    padded = np.vstack([np.zeros((2, 3)), verdicts, np.zeros((2, 3))])
    around = [padded[2 + offset: 2 + offset + len(texts)] for offset in NEIGHBOURS]
    return texts, np.hstack([np.array(dom), verdicts, lines, *around])


def load_pages(extraction: Path, snippets: Path, line_model_for: Callable[[str], LineModel]
               ) -> list[BlockPage]:
    rules = load_rules()
    sources: list[tuple[str, Path, Mapping, Callable]] = [
        ("extraction", extraction, read_extraction_truth(extraction), shingle_labels),
        ("snippets", snippets, read_snippet_gold(snippets), snippet_labels),
    ]
    pages = []
    for corpus, folder, reference, labeler in sources:
        for doc_id, truth in reference.items():
            content = read_html(folder / "html" / f"{doc_id}.html.gz")
            model = line_model_for(doc_id)
            body = [SPACES.sub(" ", line).strip()
                    for line in newsflow_html(content, doc_id, model).split("\n\n")
                    if line.strip()]
            blocks, features = block_features(content, *precise_body(content, rules), body,
                                              model, rules)
            if not blocks:
                continue
            overlaps = [[i for i, b in enumerate(blocks) if b in line or line in b]
                        for line in body]
            pages.append(BlockPage(corpus, doc_id, blocks, features,
                                   np.array(labeler(blocks, truth), dtype=float), body,
                                   overlaps))
    return pages


def score_folds(pages: list[BlockPage], folds: int) -> None:
    """Each page's block scores from a classifier trained on the other folds."""
    for fold in range(folds):
        rows, labels, weights = [], [], []
        for page in pages:
            labelled = ~np.isnan(page.labels)
            if fold_of(page.doc_id, folds) == fold or not labelled.any():
                continue
            share = EXTRACTION_WEIGHT if page.corpus == "extraction" else 1.0
            rows.append(page.features[labelled])
            labels.append(page.labels[labelled])
            weights.append(np.full(labelled.sum(), 1000 * share / labelled.sum()))
        trees = lightgbm.train(
            {**TREE_PARAMETERS, "seed": 1},
            lightgbm.Dataset(np.vstack(rows), np.concatenate(labels),
                             weight=np.concatenate(weights)),
            num_boost_round=TREE_ROUNDS)
        for page in pages:
            if fold_of(page.doc_id, folds) == fold:
                page.scores = trees.predict(page.features)


def combined(page: BlockPage, low: float, high: float, near: int | None) -> str:
    assert page.scores is not None
    kept = [line for line, blocks in zip(page.body, page.body_blocks, strict=True)
            if not blocks or max(page.scores[i] for i in blocks) >= low]
    text = "\n".join(kept)
    held = set(shingles(text))
    matched = sorted({i for blocks in page.body_blocks for i in blocks})
    added = []
    for index, (block, score) in enumerate(zip(page.blocks, page.scores, strict=True)):
        grams = shingles(block)
        if score < high or block in text or (grams and sum(g in held for g in grams)
                                             >= 0.5 * len(grams)):
            continue
        if near is not None and matched and min(abs(index - j) for j in matched) > near:
            continue
        added.append(block)
    return "\n".join(kept + added)


def scores(pages: list[BlockPage], texts: Callable[[BlockPage], str], truth: Mapping,
           gold: Mapping) -> dict[str, Score]:
    by_corpus: dict[str, dict[str, str]] = {"extraction": {}, "snippets": {}}
    for page in pages:
        by_corpus[page.corpus][page.doc_id] = texts(page)
    return {"extraction": shingle_score(truth, by_corpus["extraction"]),
            "snippets": snippet_score(gold, by_corpus["snippets"])}


def nested_choice(pages: list[BlockPage], folds: int, truth: Mapping, gold: Mapping
                  ) -> tuple[dict[str, Score], list[tuple]]:
    """Thresholds for each fold chosen on the other folds, each fold scored with its own."""
    texts = {setting: {(p.corpus, p.doc_id): combined(p, *setting) for p in pages}
             for setting in GRID}

    def result(setting: tuple, fold_set: set[int]) -> dict[str, Score]:
        chosen_pages = [p for p in pages if fold_of(p.doc_id, folds) in fold_set]
        return scores(chosen_pages, lambda p: texts[setting][(p.corpus, p.doc_id)],
                      {d: v for d, v in truth.items() if fold_of(d, folds) in fold_set},
                      {d: v for d, v in gold.items() if fold_of(d, folds) in fold_set})

    chosen = []
    for fold in range(folds):
        others = set(range(folds)) - {fold}
        chosen.append(max(GRID, key=lambda setting, others=others: min(
            result(setting, others)[c].f1 - TARGETS[c] for c in TARGETS)))
    picked = {(p.corpus, p.doc_id): texts[chosen[fold_of(p.doc_id, folds)]][(p.corpus, p.doc_id)]
              for p in pages}
    return scores(pages, lambda p: picked[(p.corpus, p.doc_id)], truth, gold), chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("extraction_dir", type=Path)
    parser.add_argument("snippet_dir", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    console = Console(width=100)
    models = train_models(load_training_pages(args.extraction_dir, args.snippet_dir), args.folds)
    pages = load_pages(args.extraction_dir, args.snippet_dir, models.held_out)
    score_folds(pages, args.folds)
    truth = read_extraction_truth(args.extraction_dir)
    gold = read_snippet_gold(args.snippet_dir)
    rows = {
        "newsflow HTML path": scores(pages, lambda p: "\n".join(p.body), truth, gold),
        "block classifier alone": scores(
            pages, lambda p: "\n".join(b for b, s in zip(p.blocks, p.scores, strict=True)
                                       if s >= 0.5), truth, gold),
    }
    rows["path + block classifier (nested)"], chosen = nested_choice(pages, args.folds, truth,
                                                                      gold)
    table = Table(title=f"HTML, {args.folds}-fold cross-validated (F1, precision/recall)")
    table.add_column("method", no_wrap=True)
    table.add_column("extraction-dev, shingle", justify="right")
    table.add_column("trafilatura corpus, snippet", justify="right")
    for name, result in rows.items():
        table.add_row(name, *(f"{r.f1:.4f} ({r.precision:.3f}/{r.recall:.3f})"
                              for r in (result["extraction"], result["snippets"])))
    console.print(table)
    console.print("thresholds (low, high, near) chosen per fold:", chosen)

    rules = load_rules()
    contents = [read_html(path) for path in sorted((args.snippet_dir / "html").glob("*.html.gz"))]
    precise = [precise_body(content, rules) for content in contents]  # the path runs it anyway
    started = time.process_time()
    for content, (title, text) in zip(contents, precise, strict=True):
        block_features(content, title, text, [], models.everything, rules)
    console.print(f"block features beyond the path's precise pass: "
                  f"{(time.process_time() - started) * 1000 / len(contents):.1f} CPU ms per page "
                  f"of {args.snippet_dir.name}")


if __name__ == "__main__":
    main()
