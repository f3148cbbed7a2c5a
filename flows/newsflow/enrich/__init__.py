"""Enrich: spaCy NER resolved to canonical entities (see resolve.py for the rules).

Heuristics (titles, spelling variants, short forms, demonyms, label tie-breaks) are data in
heuristics.toml.
"""

from newsflow.enrich.resolve import (
    DemonymMention,
    Enrichment,
    EntityCatalog,
    KnownEntities,
    Mention,
    enrich_articles,
    resolve_articles,
)

__all__ = [
    "DemonymMention",
    "Enrichment",
    "EntityCatalog",
    "KnownEntities",
    "Mention",
    "enrich_articles",
    "resolve_articles",
]
