"""Enrich: entities and stories for the cleaned articles.

Read in order: ner.py (spaCy spans per article, run on the workers right after cleaning),
resolve.py (spans to canonical entities, a chunk at a time: rules in its docstring, heuristics
in heuristics.toml; repair.py, names.py, typecheck.py and gazetteer.py hold the pieces), stories.py
(near-duplicate articles grouped into stories), quotations/ (who said what: quotations
found on the workers, their speakers linked to the resolved mentions here), spread.py (the same
quotation of one speaker across articles, clustered).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsflow.enrich.ner import NerSettings, Span, tag_articles
from newsflow.enrich.quotations import Quotation, attribute_quotations
from newsflow.enrich.resolve import (
    DemonymMention,
    Enrichment,
    EntityCatalog,
    KnownEntities,
    Mention,
    load_resolution_data,
    resolve_chunk,
)
from newsflow.enrich.spread import ClusterMember, KnownQuote, SpreadIndex
from newsflow.enrich.stories import StoryIndex

__all__ = [
    "ClusterMember",
    "DemonymMention",
    "Enrichment",
    "EntityCatalog",
    "KnownEntities",
    "KnownQuote",
    "Mention",
    "NerSettings",
    "PublishedIndex",
    "Quotation",
    "Span",
    "SpreadIndex",
    "StoryIndex",
    "attribute_quotations",
    "load_resolution_data",
    "resolve_chunk",
    "tag_articles",
]


@dataclass(frozen=True)
class PublishedIndex:
    """The published entities' names, the LSH index of published stories and the index of
    quotations' words (reading published ones by speaker), which new articles resolve against
    and join."""

    entities: KnownEntities = field(default_factory=KnownEntities)
    story_index: StoryIndex = field(default_factory=StoryIndex)
    spread_index: SpreadIndex = field(default_factory=SpreadIndex)
