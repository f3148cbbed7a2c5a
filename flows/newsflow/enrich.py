"""Enrich: spaCy named entities over a batch of clean articles, with stable ids."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from newsflow.records import Article, Entity, EntityMention

if TYPE_CHECKING:
    from spacy.language import Language

# NER needs only its own layers and sentence boundaries for the mention's sentence;
# the tagger, parser and lemmatizer would triple the cost for nothing we store.
_UNUSED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
_POSSESSIVE = re.compile(r"[’']s$")


@lru_cache(maxsize=2)
def load_model(name: str) -> Language:
    """Load a spaCy model once per process, reduced to sentence splitting and NER."""
    import spacy

    nlp = spacy.load(name, exclude=[p for p in _UNUSED_PIPES])
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    elif "senter" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    return nlp


def normalise_name(text: str) -> str:
    """Surface form to name: squash whitespace, drop a possessive `'s` and a leading `the`."""
    name = " ".join(text.split())
    name = _POSSESSIVE.sub("", name)
    return re.sub(r"^(?i:the)\s+", "", name)


def stable_id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def entity_id_for(label: str, name: str) -> str:
    return stable_id("entity", label, name.casefold())


def extract_mentions(
    articles: Sequence[Article], model: str, labels: Sequence[str], batch_size: int = 32
) -> list[EntityMention]:
    """Run NER over the batch with nlp.pipe and return mentions with offsets into the text."""
    nlp = load_model(model)
    wanted = set(labels)
    mentions: list[EntityMention] = []
    docs = nlp.pipe((a.text for a in articles), batch_size=batch_size)
    for article, doc in zip(articles, docs, strict=True):
        for ent in doc.ents:
            name = normalise_name(ent.text)
            if ent.label_ not in wanted or not name:
                continue
            mentions.append(
                EntityMention(
                    mention_id=stable_id("mention", article.article_id, str(ent.start_char)),
                    article_id=article.article_id,
                    entity_id=entity_id_for(ent.label_, name),
                    mention_text=ent.text,
                    label=ent.label_,
                    start_char=ent.start_char,
                    end_char=ent.end_char,
                    sentence=ent.sent.text.strip(),
                )
            )
    return mentions


class EntityCatalog:
    """Accumulates the surface forms of each entity over a run's chunks."""

    def __init__(self) -> None:
        self._forms: dict[str, dict[str, int]] = {}
        self._labels: dict[str, str] = {}

    def add(self, mentions: Sequence[EntityMention]) -> None:
        for m in mentions:
            counts = self._forms.setdefault(m.entity_id, {})
            name = normalise_name(m.mention_text)
            counts[name] = counts.get(name, 0) + 1
            self._labels[m.entity_id] = m.label

    def entities(self) -> list[Entity]:
        """One entity per id, named by its most frequent normalised surface form."""
        return [
            Entity(
                entity_id=entity_id,
                canonical_name=max(counts, key=lambda n: (counts[n], n)),
                label=self._labels[entity_id],
                aliases=sorted(counts),
            )
            for entity_id, counts in self._forms.items()
        ]
