"""The bench's corpus: N documents generated from an evaluation folder's pages.

Each page keeps its boilerplate; its article paragraphs are replaced by paragraphs drawn from
all pages of its kind, numbers redrawn and about half the names swapped (fixed seed,
corpus.toml), so documents are neither byte-identical nor near-duplicates, which the pipeline
would skip or group instead of processing them.
"""

from __future__ import annotations

import gzip
import html
import random
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict

SEED = 20261122
MIN_PARAGRAPH_WORDS = 8
MIN_SLOTS = 6  # thinner pages can clean to less text than validation accepts
SLOT = "@@NEWSFLOW-BENCH-PARAGRAPH@@"
TITLE_SLOT = "@@NEWSFLOW-BENCH-TITLE@@"
# Capitalised words after a lower-case word or comma: names and places, not sentence starts.
NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,}\b")
# Years are kept (a redrawn year can move a published date out of the validated range).
NUMBER = re.compile(r"\b(?!(?:19|20)\d\d\b)\d+")


class Variation(BaseModel):
    """corpus.toml as read: a misspelt or missing key fails the load, naming it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    surnames: tuple[str, ...]
    boilerplate: tuple[str, ...]

    @property
    def boilerplate_pattern(self) -> re.Pattern[str]:
        return re.compile("|".join(self.boilerplate), re.IGNORECASE)


@cache
def variation() -> Variation:
    text = resources.files(__package__).joinpath("corpus.toml").read_text("utf-8")
    return Variation.model_validate(tomllib.loads(text))


@dataclass(frozen=True)
class Templates:
    """Pages of one kind with their article paragraphs cut out, and the paragraph pool."""

    kind: str  # "html" or "text"
    pages: list[str]  # each with SLOT markers where a paragraph goes
    pool: list[str]


def html_template(page: str, boilerplate: re.Pattern[str]) -> tuple[str, list[str]]:
    """The page with each paragraph-long <p> (and the title) replaced by a slot marker."""
    import lxml.html

    root = lxml.html.document_fromstring(page)
    paragraphs = []
    for p in root.iter("p"):
        text = " ".join(p.text_content().split())
        if len(text.split()) >= MIN_PARAGRAPH_WORDS and not boilerplate.search(text):
            paragraphs.append(text)
            for child in list(p):
                p.remove(child)
            p.text = SLOT
    for title in [*root.iter("title"), *root.iter("h1")][:2]:
        for child in list(title):
            title.remove(child)
        title.text = TITLE_SLOT
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>"), paragraphs


def text_template(page: str, boilerplate: re.Pattern[str]) -> tuple[str, list[str]]:
    """The page text with each paragraph-long line replaced by a slot marker."""
    lines, paragraphs = page.splitlines(), []
    for i, line in enumerate(lines):
        if len(line.split()) >= 2 * MIN_PARAGRAPH_WORDS and not boilerplate.search(line):
            paragraphs.append(line.strip())
            lines[i] = SLOT
    if lines:
        lines[0] = TITLE_SLOT
    return "\n".join(lines) + "\n", paragraphs


def load_templates(eval_dir: Path) -> list[Templates]:
    """Templates of both kinds; pages with too few paragraphs to vary are left out."""
    kinds = [
        ("html", sorted((eval_dir / "html").glob("*.html.gz")), html_template,
         lambda p: gzip.decompress(p.read_bytes()).decode("utf-8", "replace")),
        ("text", sorted((eval_dir / "text").glob("*.txt")), text_template,
         lambda p: p.read_text("utf-8", "replace")),
    ]
    boilerplate = variation().boilerplate_pattern
    result = []
    for kind, paths, cut, read in kinds:
        pages, pool = [], []
        for path in paths:
            template, paragraphs = cut(read(path), boilerplate)
            pool += paragraphs
            if template.count(SLOT) >= MIN_SLOTS:
                pages.append(template)
        if not pages:
            raise SystemExit(f"no usable {kind} pages under {eval_dir}")
        result.append(Templates(kind, pages, pool))
    return result


def vary(text: str, rng: random.Random, names: dict[str, str]) -> str:
    """Numbers redrawn, about half of the names swapped (consistently within a document)."""
    surnames = variation().surnames

    def number(m: re.Match[str]) -> str:
        digits = len(m.group())
        return str(rng.randrange(10 ** (digits - 1) if digits > 1 else 0, 10**digits))

    def name(m: re.Match[str]) -> str:
        word = m.group()
        if word not in names:
            names[word] = rng.choice(surnames) if rng.random() < 0.5 else word
        return names[word]

    return NAME.sub(name, NUMBER.sub(number, text))


def make_document(index: int, templates: list[Templates]) -> tuple[str, str]:
    """Document `index` of the corpus: its file suffix and content, same for any corpus size."""
    rng = random.Random(f"{SEED}:{index}")
    kind = templates[index % len(templates)]
    page = rng.choice(kind.pages)
    names: dict[str, str] = {}
    fill = (lambda s: html.escape(s, quote=False)) if kind.kind == "html" else (lambda s: s)
    parts = page.split(SLOT)
    body = [parts[0]]
    for part in parts[1:]:
        body += [fill(vary(rng.choice(kind.pool), rng, names)), part]
    title = " ".join(vary(rng.choice(kind.pool), rng, names).split()[:9])
    return ("html" if kind.kind == "html" else "txt"), "".join(body).replace(
        TITLE_SLOT, fill(title))


def build_corpus(templates: list[Templates], n: int, folder: Path) -> Path:
    """Write n documents (.html and .txt alternating) into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        suffix, content = make_document(i, templates)
        (folder / f"doc{i:06d}.{suffix}").write_text(content, encoding="utf-8")
    return folder


def corpus_size(folder: Path) -> tuple[int, int]:
    """Files and bytes in a corpus folder."""
    files = [p for p in folder.iterdir() if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)
