"""spaCy NER over a batch of texts: raw spans with offsets and their sentence."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span as SpacySpan

# NER needs only its own layers and sentence boundaries for the mention's sentence;
# the tagger, parser and lemmatizer would triple the cost for nothing we store.
_UNUSED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


@dataclass(frozen=True)
class Span:
    """One entity span as the model found it."""

    start_char: int
    end_char: int
    text: str
    label: str
    sentence: str


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
    """The wanted entity spans of each text, in order, one nlp.pipe pass."""
    wanted = set(labels)
    for doc in load_model(model).pipe(texts, batch_size=batch_size):
        yield [
            Span(ent.start_char, ent.end_char, ent.text, ent.label_, _sentence(ent))
            for ent in doc.ents
            if ent.label_ in wanted
        ]


def _sentence(ent: SpacySpan) -> str:
    """The entity's sentence, clipped to its paragraph: the small models' sentence splitter
    often runs a sentence on across paragraph breaks (headlines, captions, quotes)."""
    text, sent = ent.doc.text, ent.sent
    start = max(sent.start_char, text.rfind("\n", 0, ent.start_char) + 1)
    end = text.find("\n", ent.end_char)
    end = sent.end_char if end == -1 else min(end, sent.end_char)
    return text[start:end].strip()
