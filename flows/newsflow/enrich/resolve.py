"""Raw NER spans to canonical entities: one entity per real-world thing, every mention to it.

Rules, in the order they apply:
1. Noise: a span naming the article's outlet or one of its authors is not a mention.
2. Demonyms (`Russian`, `Belarusian`) go to demonym_mentions with their place, not to entities.
   Titles of people and modifiers are stripped (`President`, `ex-Soviet`), short forms become the
   full name they stand for (`US` -> `United States`).
3. Within an article, a name made of the last word(s) of exactly one longer PERSON name of the
   same article is that person (`Johnson` -> `Boris Johnson`, `Zelenskyy` ORG -> PERSON).
4. Within an article, mentions of one name agree on a label: the most frequent wins, ties by the
   tie priority of heuristics.toml (`Belarus` GPE beats a stray ORG).
5. Across articles and runs, names whose folded tokens agree (heuristics.toml variants) are one
   entity per label: `Sergei Lavrov` / `Sergey Lavrov`. Nothing else merges: a bare surname
   never joins a full name of another article, and different first names never meet.
6. An entity keeps the id it was published with (the warehouse's names are matched first);
   a new entity's id is a hash of its label and folded name, so it does not depend on run order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsflow.enrich.names import (
    demonym_place,
    entity_id_for,
    full_form,
    heuristics,
    name_key,
    name_tokens,
    normalise_name,
    stable_id,
    strip_titles,
)
from newsflow.enrich.ner import Span, find_spans
from newsflow.records import Article, Entity


@dataclass(frozen=True)
class Mention:
    """One row of entity_mentions: a span of the article resolved to its entity."""

    mention_id: str
    article_id: str
    entity_id: str
    mention_text: str  # exactly the article's text at [start_char, end_char)
    name: str  # the full name the mention resolves to (`Boris Johnson` for `Johnson`)
    label: str  # the entity's label, after agreement
    ner_label: str  # the label the model gave this span
    start_char: int
    end_char: int
    sentence: str


@dataclass(frozen=True)
class DemonymMention:
    """One row of demonym_mentions: a place adjective and the place it derives from."""

    mention_id: str
    article_id: str
    mention_text: str
    place: str
    ner_label: str
    start_char: int
    end_char: int
    sentence: str


@dataclass
class Enrichment:
    mentions: list[Mention] = field(default_factory=list)
    demonyms: list[DemonymMention] = field(default_factory=list)


class KnownEntities:
    """Published entities by (label, folded name), so a new spelling finds its entity.

    A plain class, not a dataclass: Prefect passes it to tasks without walking its contents.
    """

    def __init__(self, ids: dict[tuple[str, str], str] | None = None) -> None:
        self._ids = ids or {}

    @classmethod
    def from_names(cls, rows: Iterable[tuple[str, str, str, int]]) -> KnownEntities:
        """Rows of (entity_id, label, name, mentions); a folded name claimed by two entities
        (after a variant rule was added) goes to the one with more mentions, then lower id."""
        best: dict[tuple[str, str], tuple[int, str]] = {}
        for entity_id, label, name, mentions in rows:
            slot = (label, name_key(name))
            candidate = (-mentions, entity_id)
            if slot not in best or candidate < best[slot]:
                best[slot] = candidate
        return cls({slot: entity_id for slot, (_, entity_id) in best.items()})

    def entity_id(self, label: str, key: str) -> str:
        return self._ids.get((label, key)) or entity_id_for(label, key)


@dataclass
class _Draft:
    span: Span
    name: str
    tokens: tuple[str, ...]
    label: str


def _preferred_form(forms: Iterable[str]) -> str:
    """Most frequent form; ties go to the alphabetically first, so the choice is stable."""
    counts = Counter(forms)
    return min(counts, key=lambda form: (-counts[form], form))


def _resolve_partial_names(drafts: list[_Draft]) -> None:
    """Rule 3: a name ending exactly one longer person name of the article is that person."""
    rules = heuristics()
    persons: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for d in drafts:
        if d.label == "PERSON" and len(d.tokens) >= 2:
            persons[d.tokens].append(d.name)
    full_forms = {tokens: _preferred_form(forms) for tokens, forms in persons.items()}
    for d in drafts:
        if d.label not in rules.partial_name_labels:
            continue
        n = len(d.tokens)
        owners = [t for t in full_forms if len(t) > n and t[-n:] == d.tokens]
        if len(owners) == 1:
            d.tokens, d.name, d.label = owners[0], full_forms[owners[0]], "PERSON"


def _agree_labels(drafts: list[_Draft]) -> None:
    """Rule 4: every mention of a name in an article takes the name's majority label."""
    rules = heuristics()
    votes: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for d in drafts:
        votes[d.tokens][d.label] += 1
    agreed = {
        tokens: min(counts, key=lambda label: (-counts[label], rules.label_rank(label)))
        for tokens, counts in votes.items()
    }
    for d in drafts:
        d.label = agreed[d.tokens]


def resolve_article(article: Article, spans: Sequence[Span], known: KnownEntities) -> Enrichment:
    """Resolve one article's spans to entity mentions and demonym mentions."""
    noise = {normalise_name(n).casefold() for n in [*article.authors, article.outlet or ""] if n}
    result = Enrichment()
    drafts: list[_Draft] = []
    for span in spans:
        surface = normalise_name(span.text)
        if not surface or surface.casefold() in noise:
            continue
        mention_id = stable_id("mention", article.article_id, str(span.start_char))
        if place := demonym_place(surface):
            result.demonyms.append(DemonymMention(
                mention_id, article.article_id, span.text, place, span.label,
                span.start_char, span.end_char, span.sentence,
            ))
            continue
        name = full_form(strip_titles(surface, span.label))
        tokens = name_tokens(name)
        if tokens and name.casefold() not in noise:
            drafts.append(_Draft(span, name, tokens, span.label))
    _resolve_partial_names(drafts)
    _agree_labels(drafts)
    for d in drafts:
        s = d.span
        result.mentions.append(Mention(
            mention_id=stable_id("mention", article.article_id, str(s.start_char)),
            article_id=article.article_id,
            entity_id=known.entity_id(d.label, " ".join(d.tokens)),
            mention_text=s.text,
            name=d.name,
            label=d.label,
            ner_label=s.label,
            start_char=s.start_char,
            end_char=s.end_char,
            sentence=s.sentence,
        ))
    return result


def resolve_articles(tagged: Iterable[tuple[Article, Sequence[Span]]],
                     known: KnownEntities) -> Enrichment:
    """Resolve each article's spans; articles are independent of one another."""
    result = Enrichment()
    for article, spans in tagged:
        resolved = resolve_article(article, spans, known)
        result.mentions += resolved.mentions
        result.demonyms += resolved.demonyms
    return result


def enrich_articles(articles: Sequence[Article], model: str, labels: Sequence[str],
                    known: KnownEntities, batch_size: int = 8) -> Enrichment:
    """NER over the batch (one nlp.pipe pass), each article resolved against the known names."""
    spans = find_spans([a.text for a in articles], model, labels, batch_size)
    return resolve_articles(zip(articles, spans, strict=True), known)


class EntityCatalog:
    """The entities of a run's mentions, accumulated over its chunks."""

    def __init__(self) -> None:
        self._names: dict[str, Counter[str]] = defaultdict(Counter)
        self._aliases: dict[str, set[str]] = defaultdict(set)
        self._labels: dict[str, str] = {}

    def add(self, mentions: Iterable[Mention]) -> None:
        for m in mentions:
            self._names[m.entity_id][m.name] += 1
            surface = strip_titles(normalise_name(m.mention_text), m.ner_label)
            self._aliases[m.entity_id].update({m.name, surface})
            self._labels[m.entity_id] = m.label

    def entities(self) -> list[Entity]:
        """One entity per id, named by the full name its mentions resolve to most often
        (ties: alphabetically first); every spelling seen is an alias."""
        return [
            Entity(
                entity_id=entity_id,
                canonical_name=_preferred_form(names.elements()),
                label=self._labels[entity_id],
                aliases=sorted(self._aliases[entity_id]),
            )
            for entity_id, names in sorted(self._names.items())
        ]
