"""spaCy NER over a batch of texts: raw spans with offsets and their sentence.

`tag_articles` is what a run calls on a chunk's cleaned articles (in a worker process, right
after cleaning); resolve.py turns the spans into canonical entities.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from newsflow.enrich.heuristics_file import heuristics_file
from newsflow.records import Article, QuarantineRecord, failure_reason

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span as SpacySpan

    from newsflow.settings import Settings

# NER needs only its own layers and sentence boundaries for the mention's sentence;
# the tagger, parser and lemmatizer would triple the cost for nothing we store.
_UNUSED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
# Longer texts are tagged in pieces of at most this size: the model's memory grows with the
# length of the text it is given (about 3.5 KB a character: a 100,000-character piece took
# 360 MB), and spaCy refuses texts over its max_length (E088) anyway.
PIECE_CHARS = 20_000


@dataclass(frozen=True)
class Span:
    """One entity span as the model found it."""

    start_char: int
    end_char: int
    text: str
    label: str
    sentence: str


@dataclass(frozen=True)
class NerSettings:
    models: tuple[tuple[str, str], ...]  # (language, spaCy model); the first takes unknown ones
    labels: tuple[str, ...]
    batch_size: int

    @classmethod
    def of(cls, settings: Settings) -> NerSettings:
        return cls(tuple(settings.spacy_models.items()), tuple(settings.entity_labels),
                   settings.spacy_batch_size)

    def model_for(self, language: str | None) -> str | None:
        """The model of the language; an unknown language takes the first model, a language
        without a model none (a model run on another language invents entities rather than
        finding them)."""
        models = dict(self.models)
        if language is None:
            return self.models[0][1] if self.models else None
        return models.get(language)


@cache
def model_labels() -> dict[str, str]:
    """Labels of other models' schemes as this project's (`PER` -> `PERSON`): heuristics.toml."""
    return heuristics_file().labels.model_labels


@lru_cache(maxsize=2)
def load_model(name: str) -> Language:
    """Load a spaCy model once per process, reduced to sentence splitting and NER."""
    import spacy

    nlp = spacy.load(name, exclude=list(_UNUSED_PIPES))
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    elif "senter" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    return nlp


def find_spans(texts: Sequence[str], model: str, labels: Sequence[str],
               batch_size: int = 8) -> Iterator[list[Span]]:
    """The wanted entity spans of each text, in order, one nlp.pipe pass.

    A text longer than PIECE_CHARS (or the model's `max_length`) is tagged in pieces split at
    paragraph breaks, its spans' offsets moved back into the whole text.
    """
    wanted, renamed = set(labels), model_labels()
    nlp = load_model(model)
    pieces = [(number, offset, piece) for number, text in enumerate(texts)
              for offset, piece in _pieces(text, nlp.max_length)]
    found: list[list[Span]] = [[] for _ in texts]
    done = 0  # texts before this one have all their pieces tagged
    docs = nlp.pipe((piece for _, _, piece in pieces), batch_size=batch_size)
    for (number, offset, piece), doc in zip(pieces, docs, strict=True):
        for finished in range(done, number):
            yield found[finished]
            found[finished] = []
        done = number
        found[number] += [
            Span(ent.start_char + offset, ent.end_char + offset, ent.text,
                 renamed.get(ent.label_, ent.label_), _sentence(ent, piece))
            for ent in doc.ents
            if renamed.get(ent.label_, ent.label_) in wanted
        ]
    for finished in range(done, len(texts)):
        yield found[finished]


def _pieces(text: str, max_length: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering the text: the whole text if it fits in PIECE_CHARS and
    max_length, otherwise pieces of at most that, each cut after its last paragraph break (else
    line break, else space)."""
    size = min(PIECE_CHARS, max_length)
    if len(text) <= size:
        yield 0, text
        return
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = window.rfind("\n\n")
        if cut <= 0:
            cut = window.rfind("\n")
        if cut <= 0:
            cut = window.rfind(" ")
        cut = cut + 1 if cut > 0 else size
        yield start, text[start:start + cut]
        start += cut
    yield start, text[start:]


def _sentence(ent: SpacySpan, text: str) -> str:
    """The entity's sentence in `text`, the text its doc was made of, clipped to its
    paragraph: the small models' sentence splitter often runs a sentence on across paragraph
    breaks (headlines, captions, quotes). (`ent.doc.text` would join every token's text again
    for each entity.)"""
    sent = ent.sent
    start = max(sent.start_char, text.rfind("\n", 0, ent.start_char) + 1)
    end = text.find("\n", ent.end_char)
    end = sent.end_char if end == -1 else min(end, sent.end_char)
    return text[start:end].strip()


def tag_articles(articles: Sequence[Article], ner: NerSettings
                 ) -> tuple[dict[str, list[Span]], list[QuarantineRecord]]:
    """Each article's entity spans, one nlp.pipe pass per model; if a pass fails, article by
    article, so the article that made it fail is quarantined (stage `ner`) and the others are
    tagged. Articles in a language without a model (NerSettings.model_for) are left untagged:
    no entry in the result, and `ner_model` None on the article (with_ner_models)."""
    by_model: dict[str, list[Article]] = {}
    for article in articles:
        if model := ner.model_for(article.language):
            by_model.setdefault(model, []).append(article)
    tagged: dict[str, list[Span]] = {}
    rejected: list[QuarantineRecord] = []
    for model, group in by_model.items():
        try:
            spans = find_spans([a.text for a in group], model, ner.labels, ner.batch_size)
            tagged.update({a.article_id: s for a, s in zip(group, spans, strict=True)})
            continue
        except Exception:  # the article at fault is found below
            pass
        for article in group:
            try:
                [tagged[article.article_id]] = find_spans([article.text], model, ner.labels)
            except Exception as exc:  # one article's failure is that article's (see docstring)
                rejected.append(QuarantineRecord(
                    article.source, "ner", failure_reason(exc, "NER failed"),
                    article.article_id))
    return tagged, rejected


def with_ner_models(articles: Sequence[Article], ner: NerSettings) -> list[Article]:
    """The articles with the model that tags them recorded (None: no model for the language)."""
    return [replace(a, ner_model=ner.model_for(a.language)) for a in articles]
