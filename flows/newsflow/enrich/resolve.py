"""Raw NER spans to canonical entities: one entity per real-world thing, every mention to it.

resolve_chunk is what the flow calls, once per chunk: the chunk's articles are resolved
together, so agreement (4b) sees all of them.

Rules, in the order they apply:
0. Spans are repaired and completed (repair.py): split where the model joined names, trimmed of
   role words and punctuation; a span of another label that reads as a person's name (a given
   name or initial first, a title before it) is a PERSON, and so are given name + surname runs
   the model left untagged.
1. Noise: a span naming the article's outlet or one of its authors is not a mention.
2. Demonyms (`Russian`, `Belarusian`) go to demonym_mentions with their place, not to entities.
   Titles of people and modifiers are stripped (`President`, `ex-Soviet`), short forms become the
   full name they stand for (`US` -> `United States`).
3. Within an article, a name made of the last word(s) of exactly one longer PERSON name of the
   same article is that person (`Johnson` -> `Boris Johnson`, `Zelenskyy` ORG -> PERSON).
4. Within an article, mentions of one name agree on a label: the most frequent wins, ties by the
   tie priority of heuristics.toml (`Belarus` GPE beats a stray ORG).
4b. A name the article tags PERSON is type-checked (typecheck.py): context words, given names
   and titles, the corpus's label for the name (the articles resolved together and the
   warehouse), the gazetteer.
   `label_source` records what decided the label; `ner_label` keeps the model's.
4c. The full name and surname of each person the article confirms are found again where no
   span is (`recall`).
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
from functools import lru_cache

from newsflow.enrich.gazetteer import SUBDIVISION, Place, gazetteer
from newsflow.enrich.names import (
    demonym_place,
    entity_id_for,
    full_form,
    heuristics,
    name_key,
    name_tokens,
    normalise_name,
    stable_id,
    strip_leading_words,
    strip_titles,
    strip_trailing_numbers,
)
from newsflow.enrich.ner import Span
from newsflow.enrich.repair import (
    NONE_LABEL,
    common_words,
    find_again,
    person_evidence,
    repair_rules,
    repair_spans,
    stop_words,
    with_untagged_persons,
)
from newsflow.enrich.typecheck import (
    GIVEN_NAME,
    KNOWN_PERSON,
    MODEL,
    RECALL,
    LabelVotes,
    NameInArticle,
    TypeRules,
    check_person,
    given_names,
    published_votes,
    type_rules,
)
from newsflow.records import Article, Entity, QuarantineRecord, TableRows, by_table, rows_of


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
    label_source: str = MODEL  # what decided `label`: model, agreement, gazetteer, context, names


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


@dataclass(frozen=True)
class Enrichment:
    """A chunk's resolved rows, by table (entity_mentions, demonym_mentions)."""

    rows: list[TableRows] = field(default_factory=list)

    @property
    def mentions(self) -> list[Mention]:
        return rows_of(self.rows, "entity_mentions")

    @property
    def demonyms(self) -> list[DemonymMention]:
        return rows_of(self.rows, "demonym_mentions")


class KnownEntities:
    """Published entities by (label, folded name), so a new spelling finds its entity.

    A plain class, not a dataclass: Prefect passes it to tasks without walking its contents.
    """

    def __init__(self, ids: dict[tuple[str, str], str] | None = None,
                 votes: LabelVotes | None = None) -> None:
        self._ids = ids or {}
        self.votes = votes or LabelVotes()

    @classmethod
    def from_names(cls, rows: Iterable[tuple]) -> KnownEntities:
        """Rows of (entity_id, label, name, mentions[, articles]); a folded name claimed by two
        entities (after a variant rule was added) goes to the one with more mentions, then lower
        id. Articles per name and label are the warehouse's votes for the type checks (a row
        without them counts as one article)."""
        best: dict[tuple[str, str], tuple[int, str]] = {}
        articles: dict[tuple[str, str], int] = {}
        for entity_id, label, name, mentions, *rest in rows:
            slot = (label, name_key(name))
            candidate = (-mentions, entity_id)
            if slot not in best or candidate < best[slot]:
                best[slot] = candidate
            articles[(slot[1], label)] = articles.get((slot[1], label), 0) + (
                rest[0] if rest else 1)
        votes = published_votes((key, label, n) for (key, label), n in articles.items())
        return cls({slot: entity_id for slot, (_, entity_id) in best.items()}, votes)

    def entity_id(self, label: str, key: str) -> str:
        return self._ids.get((label, key)) or entity_id_for(label, key)


@dataclass
class _Draft:
    span: Span
    name: str
    tokens: tuple[str, ...]
    label: str
    source: str = MODEL


def _preferred_form(forms: Iterable[str]) -> str:
    """Most frequent form, a form in capitals only when no other is seen; ties go to the
    first in code-point order, so the choice is stable. sql/tables/entities/finish.sql chooses
    by the same rule over everything published (tests/test_rules_agree.py)."""
    counts = Counter(forms)
    return min(counts, key=lambda form: (form.isupper(), -counts[form], form))


def _resolve_partial_names(drafts: list[_Draft]) -> None:
    """Rule 3: a name ending exactly one longer person name of the article is that person; so is
    one word of another label starting exactly one, unless it names a prominent place."""
    rules = heuristics()
    persons: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for d in drafts:
        if d.label == "PERSON" and len(d.tokens) >= 2:
            persons[d.tokens].append(d.name)
    full_forms = {tokens: _preferred_form(forms) for tokens, forms in persons.items()}
    # The full names by each of their proper endings, and by their first word.
    by_ending: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for tokens in full_forms:
        for n in range(1, len(tokens)):
            by_ending[tokens[-n:]].append(tokens)
        by_first[tokens[0]].append(tokens)
    for d in drafts:
        if d.label not in rules.partial_name_labels:
            continue
        owners = by_ending.get(d.tokens, [])
        if not owners and len(d.tokens) == 1 and d.label != "PERSON" and not gazetteer(
                ).prominent(d.name, repair_rules().prominent_city_population):
            # A family name written first (`Wang` beside `Wang Donghai`).
            owners = by_first.get(d.tokens[0], [])
        if len(owners) == 1:
            if d.label != "PERSON":
                d.source = KNOWN_PERSON
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


def _draft_article(article: Article, spans: Sequence[Span], common: frozenset[str],
                   rules: TypeRules) -> tuple[list[_Draft], list[DemonymMention]]:
    """Rules 1-4 on one article: its named mentions as drafts, and its demonyms. Spans are
    repaired first (repair.py); with `person_evidence`, a span of another label that reads as
    a person's name is a PERSON, and with `recall`, so are the names the model left untagged."""
    noise = {normalise_name(n).casefold() for n in [*article.authors, article.outlet or ""] if n}
    spans = repair_spans(article.text, spans, common, rules)
    if rules.recall:
        spans = with_untagged_persons(article.text, spans, common, rules)
    demonyms: list[DemonymMention] = []
    drafts: list[_Draft] = []
    for span in spans:
        surface = normalise_name(span.text)
        if not surface or surface.casefold() in noise:
            continue
        label, source = span.label, MODEL
        if label == NONE_LABEL:
            label, source = "PERSON", GIVEN_NAME
        elif place := demonym_place(surface):
            demonyms.append(DemonymMention(
                stable_id("mention", article.article_id, str(span.start_char)),
                article.article_id, span.text, place, span.label,
                span.start_char, span.end_char, span.sentence,
            ))
            continue
        elif (rules.person_evidence and label in rules.person_evidence_labels
              and (evidence := person_evidence(span, article.text, common, rules))):
            label, source = "PERSON", evidence
        name = full_form(_case_of_prose(_bare_name(surface, label), span, article.text))
        tokens = name_tokens(name)
        if tokens and name.casefold() not in noise:
            drafts.append(_Draft(span, name, tokens, label, source))
    _resolve_partial_names(drafts)
    _agree_labels(drafts)
    return drafts, demonyms


@lru_cache(maxsize=1 << 16)
def _bare_name(surface: str, label: str) -> str:
    """A span's name without its titles and modifiers, and for a PERSON without the leading
    and trailing words no name has. Cached: a chunk's articles name the same things many
    times, and the rules read the surface and the label alone."""
    name = strip_titles(surface, label)
    if label == "PERSON":
        name = strip_trailing_numbers(strip_leading_words(name))
    return name


def _case_of_prose(name: str, span: Span, text: str) -> str:
    """A name on a line set in capitals (a dateline, a wire headline) in title case, but for
    words the article also writes in capitals in its prose (`NATO`): `LONDON` -> `London`."""
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    line = text[line_start:len(text) if line_end == -1 else line_end]
    if not line.isupper() or not name.isupper():
        return name
    prose = {w for other in text.splitlines() if not other.isupper() for w in other.split()}
    return " ".join(w if w in prose else "-".join(p.capitalize() for p in w.split("-"))
                    for w in name.split())


def _find_persons_again(article: Article, drafts: list[_Draft],
                        demonyms: list[DemonymMention]) -> None:
    """Label consistency: the full name and the surname of each person the article confirms,
    written where no span is, are that person (a surname two persons share is left alone)."""
    forms: dict[str, str] = {}
    shared: set[str] = set()
    minimum = repair_rules().min_surname_chars
    for d in drafts:
        words = d.name.split()
        if d.label != "PERSON" or len(d.tokens) < 2:
            continue
        forms[d.name] = d.name
        surname = words[-1]
        if len(surname) >= minimum and surname[:1].isupper():
            if forms.get(surname, d.name) != d.name:
                shared.add(surname)
            forms[surname] = d.name
    for surname in shared:
        forms.pop(surname)
    taken = [(d.span.start_char, d.span.end_char) for d in drafts] + [
        (m.start_char, m.end_char) for m in demonyms]
    for span, name in find_again(article.text, forms, taken):
        drafts.append(_Draft(span, name, name_tokens(name), "PERSON", RECALL))


def _check_types(article: Article, drafts: list[_Draft], votes: LabelVotes,
                 rules: TypeRules) -> None:
    """Rule 4b: each name the article tags PERSON, checked once, all its mentions relabelled."""
    groups: dict[tuple[str, ...], NameInArticle] = {}
    for d in drafts:
        if d.label == "PERSON":
            group = groups.setdefault(d.tokens, NameInArticle(" ".join(d.tokens),
                                                              tuple(d.name.split()), []))
            group.spans.append((d.span.start_char, d.span.end_char))
    persons = [tokens for tokens in groups if len(tokens) > 1]
    verdicts = {tokens: check_person(group, article.text, persons, votes, rules)
                for tokens, group in groups.items()}
    for d in drafts:
        if d.tokens in verdicts:
            verdict = verdicts[d.tokens]
            d.label = verdict.label
            if verdict.source != MODEL:  # a kept PERSON keeps what made it one
                d.source = verdict.source


def _batch_votes(drafted: Iterable[list[_Draft]]) -> LabelVotes:
    """One vote per article for each (name, label) it uses, after in-article agreement."""
    votes = LabelVotes()
    for drafts in drafted:
        for key, label in {(" ".join(d.tokens), d.label) for d in drafts}:
            votes.add(key, label)
    return votes


def _resolve_together(tagged: Iterable[tuple[Article, Sequence[Span]]],
                     known: KnownEntities, rules: TypeRules | None = None) -> Enrichment:
    """Resolve each article's spans; the type checks see the whole batch and the warehouse."""
    rules = rules or type_rules()
    tagged = list(tagged)
    common = common_words(article.text for article, _ in tagged)
    drafted = [(article, *_draft_article(article, spans, common, rules))
               for article, spans in tagged]
    if rules.any_on:
        votes = _batch_votes(drafts for _, drafts, _ in drafted).on_top_of(known.votes)
        for article, drafts, _ in drafted:
            _check_types(article, drafts, votes, rules)
    if rules.recall:
        for article, drafts, demonyms in drafted:
            _find_persons_again(article, drafts, demonyms)
    mentions: list[Mention] = []
    all_demonyms: list[DemonymMention] = []
    entity_ids: dict[tuple[str, tuple[str, ...]], str] = {}  # a chunk names an entity often
    for article, drafts, demonyms in drafted:
        all_demonyms += demonyms
        for d in drafts:
            s = d.span
            if (entity_id := entity_ids.get((d.label, d.tokens))) is None:
                entity_id = entity_ids[d.label, d.tokens] = known.entity_id(
                    d.label, " ".join(d.tokens))
            mentions.append(Mention(
                mention_id=stable_id("mention", article.article_id, str(s.start_char)),
                article_id=article.article_id,
                entity_id=entity_id,
                mention_text=s.text,
                name=d.name,
                label=d.label,
                ner_label=s.label,
                start_char=s.start_char,
                end_char=s.end_char,
                sentence=s.sentence,
                label_source=d.source,
            ))
    return Enrichment(by_table([TableRows("entity_mentions", mentions),
                                TableRows("demonym_mentions", all_demonyms)]))


def load_resolution_data() -> None:
    """Build what resolution looks names up in, once per process (about 0.2 s of CPU with the
    build cache written, 2.5 s without), so that a run can do it before its first chunk is
    back."""
    heuristics()
    type_rules()
    repair_rules()
    given_names()
    stop_words()
    gazetteer()


def resolve_chunk(articles: Sequence[Article], spans: dict[str, list[Span]],
                  known: KnownEntities, rules: TypeRules | None = None
                  ) -> tuple[Enrichment, list[QuarantineRecord]]:
    """A chunk's tagged articles resolved together, so agreement sees the whole chunk.

    If resolving the chunk fails, each article is tried alone to find the ones at fault: those
    are quarantined (stage `resolve`) and the others are resolved together again. Untagged
    articles (no entry in `spans`) are left out.
    """
    tagged = [(a, spans[a.article_id]) for a in articles if a.article_id in spans]
    try:
        return _resolve_together(tagged, known, rules), []
    except Exception:  # the article at fault is found below
        pass
    rejected = []
    for article, article_spans in tagged:
        try:
            _resolve_together([(article, article_spans)], known, rules)
        except Exception as exc:  # that article's failure, not the chunk's (see docstring)
            rejected.append(QuarantineRecord(
                article.source, "resolve", f"entity resolution failed: {type(exc).__name__}: "
                f"{exc}"[:500], article.article_id))
    failed = {q.doc_id for q in rejected}
    healthy = [(a, s) for a, s in tagged if a.article_id not in failed]
    return _resolve_together(healthy, known, rules), rejected


class EntityCatalog:
    """The entities of a run's mentions, accumulated over its chunks."""

    def __init__(self) -> None:
        self._names: dict[str, Counter[str]] = defaultdict(Counter)
        self._aliases: dict[str, set[str]] = defaultdict(set)
        self._labels: dict[str, str] = {}

    def add(self, mentions: Iterable[Mention]) -> None:
        for m in mentions:
            self._names[m.entity_id][m.name] += 1
            self._aliases[m.entity_id].update({m.name, _alias(m.mention_text, m.ner_label)})
            self._labels[m.entity_id] = m.label

    def entities(self) -> list[Entity]:
        """One entity per id, named by the full name its mentions resolve to most often
        (ties: alphabetically first); every spelling seen is an alias. A place is linked to
        the gazetteer by its name, else by the first alias that links. A region of the ISO
        lists (which carries only a country code) is linked only when the run also names a
        place of its country: `Gulf` is a province of Papua New Guinea, and far more often
        the Gulf."""
        rows = []
        for entity_id, names in sorted(self._names.items()):
            name = _preferred_form(names.elements())
            label = self._labels[entity_id]
            rows.append((entity_id, name, label,
                         link_place(label, [name, *sorted(self._aliases[entity_id])])))
        countries = {place.country_code for *_, place in rows
                     if place and place.kind != SUBDIVISION}
        entities = []
        for entity_id, name, label, place in rows:
            if place and place.kind == SUBDIVISION and place.country_code not in countries:
                place = None
            entities.append(Entity(
                entity_id=entity_id,
                canonical_name=name,
                label=label,
                aliases=sorted(self._aliases[entity_id]),
                geonames_id=place.geonames_id if place else None,
                country_code=place.country_code if place else None,
                latitude=place.latitude if place else None,
                longitude=place.longitude if place else None,
            ))
        return entities


@lru_cache(maxsize=1 << 16)
def _alias(mention_text: str, ner_label: str) -> str:
    """A mention's text as an alias of its entity: normalised, titles stripped (cached: the
    same surface recurs across a run's mentions)."""
    return strip_titles(normalise_name(mention_text), ner_label)


def link_place(label: str, names: Iterable[str]) -> Place | None:
    """The gazetteer's place for an entity of a place label, by the first name that links."""
    if label not in type_rules().place_labels:
        return None
    for name in names:
        if place := gazetteer().lookup(name):
            return place
    return None
