"""Type checks after NER: is a name the model tagged PERSON a person?

The small spaCy model tags places (`Rostov`, `Brest`), weapons (`Iskander`), companies (`Maxar`)
and diplomatic formats (`Normandy Format`) PERSON. Each name an article tags PERSON is checked,
once per article, with evidence from data, never from lists in code:

- context (heuristics.toml `[[types.cues]]`): a word of the name (`Maxar Technologies`,
  `Normandy Format`) or the words around any of its mentions, across a list of names
  (`the airfields of Baranovichi, Brest and Lida`, `Domanovsky and Brestsky training grounds`);
- person evidence: a given name (gender-guesser's first names of many countries, about 52,000
  folded forms) or an initial in front of a surname, a title in front of a mention, or, for one
  word, a person of the article or of the corpus (the chunk being resolved and the warehouse)
  whose name it ends (also in the plural) or, in the article, starts;
- the corpus: a name the other articles of the chunk and the warehouse tag as something else in
  enough articles takes their label (`agreement`);
- the gazetteer (GeoNames, ISO 3166): a known place that no given name precedes in the article;
- names: a single word with no person evidence that is not itself a given name is not a person
  (switch `single_token`); with `name_shape` on, neither is a longer name without a given name,
  an initial or a title.

check_person says the order in which the evidence is weighed. The other way round (a span of
another label, or no span, that is a person) is repair.py's, under the switches
`person_evidence` and `recall`.

Every decision is recorded in the mention's `label_source`; `ner_label` keeps the model's label.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, cached_property
from importlib.metadata import version

from newsflow.buildcache import cached_build, code_of
from newsflow.enrich import names
from newsflow.enrich.gazetteer import gazetteer
from newsflow.enrich.heuristics_file import heuristics_file
from newsflow.enrich.names import fold_token

MODEL, AGREEMENT, GAZETTEER, CONTEXT, NAMES = (
    "model", "agreement", "gazetteer", "context", "names")
# Why a span became PERSON that the model tagged otherwise or not at all.
GIVEN_NAME, TITLE, KNOWN_PERSON, RECALL = ("given_name", "title", "known_person", "recall")
LABEL_SOURCES = (MODEL, AGREEMENT, GAZETTEER, CONTEXT, NAMES, GIVEN_NAME, TITLE, KNOWN_PERSON,
                 RECALL)
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]|\.(?=\w))*|\d[\w.,-]*|[,&]")
_INITIAL = re.compile(r"^[^\W\d_]\.(?:[^\W\d_]\.)*$")
_SWITCHES = ("context", "agreement", "gazetteer", "single_token", "name_shape",
             "person_evidence", "recall")


@dataclass(frozen=True)
class ContextCue:
    """Words that make a name something else: in it as its last word (`suffix`), right before
    it (`before`) or right after it (`after`), each a casefolded word tuple."""

    label: str
    suffix: frozenset[str]
    before: tuple[tuple[str, ...], ...]
    after: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class TypeRules:
    """Switches and data of the type checks; bench/entities.py cross-validates the switches."""

    context: bool
    agreement: bool
    gazetteer: bool
    single_token: bool
    name_shape: bool
    person_evidence: bool
    recall: bool
    cues: tuple[ContextCue, ...]
    list_separators: frozenset[str]
    list_items: int
    agreement_min_articles: int
    agreement_share: float
    place_label: str
    not_person_label: str
    place_labels: frozenset[str]
    person_evidence_labels: frozenset[str]
    titles: frozenset[str]

    def switch_names(self) -> tuple[str, ...]:
        return _SWITCHES

    def switches(self) -> dict[str, bool]:
        return {name: getattr(self, name) for name in _SWITCHES}

    def all_off(self) -> TypeRules:
        return replace(self, **dict.fromkeys(_SWITCHES, False))

    @property
    def any_on(self) -> bool:
        return any(self.switches().values())

    @cached_property
    def _phrase_cues(self) -> dict[str, dict[tuple[str, ...], ContextCue]]:
        """Each `before` and `after` phrase with the first cue that lists it."""
        index: dict[str, dict[tuple[str, ...], ContextCue]] = {"before": {}, "after": {}}
        for cue in self.cues:
            for side, phrases in (("before", cue.before), ("after", cue.after)):
                for phrase in phrases:
                    index[side].setdefault(phrase, cue)
        return index

    def phrase_cue(self, side: str, words: list[str]) -> ContextCue | None:
        """The first cue (in the file's order) with a `side` phrase that the casefolded words
        end with (`before`) or start with (`after`)."""
        found = [cue for n in range(1, len(words) + 1)
                 if (cue := self._phrase_cues[side].get(
                     tuple(words[-n:] if side == "before" else words[:n])))]
        return min(found, key=self.cues.index, default=None)

    @cached_property
    def phrase_words(self) -> int:
        """Words in the longest `before` or `after` phrase."""
        return max((len(p) for cue in self.cues for p in (*cue.before, *cue.after)), default=0)


def _phrases(items: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({tuple(p.casefold().split()) for p in items}, key=lambda p: -len(p)))


@cache
def type_rules() -> TypeRules:
    """The `[types]` section of heuristics.toml, read once per process."""
    data = heuristics_file()
    types = data.types
    cues = tuple(ContextCue(c.label, frozenset(w.casefold() for w in c.suffix),
                            _phrases(c.before), _phrases(c.after)) for c in types.cues)
    # One-word titles only: the words of `Secretary of State` are no titles on their own.
    titles = frozenset(fold_token(title) for title in [*data.names.person_titles,
                                                       *types.extra_titles]
                       if len(title.split()) == 1)
    return TypeRules(
        **types.model_dump(include=set(_SWITCHES) | {
            "list_items", "agreement_min_articles", "agreement_share", "place_label",
            "not_person_label"}),
        cues=cues,
        list_separators=frozenset(types.list_separators),
        place_labels=frozenset(types.place_labels),
        person_evidence_labels=frozenset(types.person_evidence_labels),
        titles=titles,
    )


@cache
def given_names() -> frozenset[str]:
    """First names of many countries (gender-guesser's nam_dict, Jörg Michael's list), folded;
    read from the build cache (parsing the list costs 0.4 s of CPU)."""
    return cached_build("given-names",
                        [version("gender-guesser"), code_of(__file__, names.__file__)],
                        _given_names, accept=lambda value: isinstance(value, frozenset))


def _given_names() -> frozenset[str]:
    from gender_guesser.detector import Detector

    names = Detector(case_sensitive=False).names
    return frozenset(fold_token(n) for name in names for n in name.replace("+", " ").split())


def is_given_name(token: str) -> bool:
    return fold_token(token) in given_names()


def is_initial(token: str) -> bool:
    return bool(_INITIAL.match(token))


class LabelVotes:
    """Articles per (folded name, label): the corpus's view of a name. A chunk's votes are
    layered on the warehouse's (`on_top_of`), so the published votes are never copied."""

    def __init__(self, base: LabelVotes | None = None) -> None:
        self._votes: dict[str, Counter[str]] = defaultdict(Counter)
        self._person_surnames: Counter[str] = Counter()
        self._base = base

    def add(self, key: str, label: str, articles: int = 1) -> None:
        self._votes[key][label] += articles
        tokens = key.split()
        if label == "PERSON" and len(tokens) > 1 and (
                len(tokens[0]) == 1 or tokens[0] in given_names()):
            for n in range(1, len(tokens)):
                self._person_surnames[" ".join(tokens[-n:])] += articles

    def on_top_of(self, base: LabelVotes) -> LabelVotes:
        """These votes with the base's added to every answer."""
        layered = LabelVotes(base)
        layered._votes, layered._person_surnames = self._votes, self._person_surnames
        return layered

    def counts(self, key: str) -> Counter[str]:
        counts = Counter(self._votes.get(key, {}))
        if self._base is not None:
            counts.update(self._base.counts(key))
        return counts

    def without(self, key: str, label: str) -> Counter[str]:
        """The name's votes less one article's own vote."""
        counts = self.counts(key)
        counts[label] -= 1
        return +counts

    def surname_of_person(self, key: str) -> bool:
        """The corpus has a person, given name first, whose name ends with these words."""
        return self._person_surnames[key] > 0 or (
            self._base is not None and self._base.surname_of_person(key))

    def person_elsewhere(self, key: str) -> bool:
        """The name alone is a person in at least two articles."""
        return self.counts(key)["PERSON"] > 1


@dataclass
class NameInArticle:
    """An article's mentions of one name the model tagged PERSON, with what the text says."""

    key: str
    words: tuple[str, ...]  # the name as written, titles stripped
    spans: list[tuple[int, int]]


@dataclass(frozen=True)
class Verdict:
    label: str
    source: str


def _window_start(text: str, start: int) -> int:
    """Where the words before an offset are read from: its line, at most 300 characters."""
    return max(text.rfind("\n", 0, start) + 1, start - 300)


def words_before(text: str, start: int) -> list[str]:
    return _WORD.findall(text, _window_start(text, start), start)


def last_word_before(text: str, start: int) -> str | None:
    """words_before's last word, reading back from the offset a space at a time: no word holds
    a space, so after one the words read are the same wherever the reading began."""
    first, end = _window_start(text, start), start
    while True:
        space = text.rfind(" ", first, end)
        if words := _WORD.findall(text, space + 1 if space != -1 else first, end):
            return words[-1]
        if space == -1:
            return None
        end = space


def _words_after(text: str, end: int) -> list[str]:
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    return _WORD.findall(text[end:min(line_end, end + 300)])


def _cue_before(words: list[str], rules: TypeRules) -> ContextCue | None:
    """A cue right before the name, or before the list of names it closes."""
    i = len(words)
    for _ in range(rules.list_items + 1):
        if cue := rules.phrase_cue("before", [
                w.casefold() for w in words[max(0, i - rules.phrase_words):i]]):
            return cue
        seps = 0
        while i > 0 and words[i - 1].casefold() in rules.list_separators:
            i, seps = i - 1, seps + 1
        names = 0
        while seps and i > 0 and words[i - 1][:1].isupper():
            i, names = i - 1, names + 1
        if not names:
            return None
    return None


def _cue_after(words: list[str], rules: TypeRules) -> ContextCue | None:
    """A cue right after the name, or after the list of names it opens."""
    j = 0
    for _ in range(rules.list_items + 1):
        lowered = [w.casefold() for w in words[j:j + rules.phrase_words + 1]]
        if lowered and "-" in lowered[0] and words[j][:1].islower():
            lowered = lowered[1:]  # `dual-capable missiles`
        if cue := rules.phrase_cue("after", lowered[:rules.phrase_words]):
            return cue
        seps = 0
        while j < len(words) and words[j].casefold() in rules.list_separators:
            j, seps = j + 1, seps + 1
        names = 0
        while seps and j < len(words) and words[j][:1].isupper():
            j, names = j + 1, names + 1
        if not names:
            return None
    return None


def _titled(word_before_name: str | None, rules: TypeRules) -> bool:
    return word_before_name is not None and fold_token(word_before_name) in rules.titles


def _given_name_precedes(text: str, name: str) -> bool:
    """Somewhere in the text a given name stands right before the name (`Paris Hilton`).

    The words before the name's occurrences are read as the regex
    `([^\\W\\d_][\\w'’-]*)\\s+NAME\\b` scanned over the text would match them, without
    scanning it: the name is looked up with str.find, then the whitespace and the word before it.
    """
    resume = 0  # a match ends here: the regex's next one starts no earlier
    at = text.find(name) if name else -1
    while at != -1:
        end = at + len(name)
        space = at
        while space > 0 and text[space - 1].isspace():
            space -= 1
        word = space
        while word > 0 and _in_word(text[word - 1]):
            word -= 1
        # The word starts at its first letter (not a digit, underscore, apostrophe or hyphen).
        first = next((k for k in range(max(word, resume), space) if _is_letter(text[k])), None)
        if space < at and first is not None and _word_boundary(text, end):
            if text[first].isupper() and is_given_name(text[first:space]):
                return True
            resume = end
        at = text.find(name, at + 1)
    return False


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "_'’-"


def _is_letter(char: str) -> bool:
    return char.isalnum() and not char.isdecimal()


def _word_boundary(text: str, at: int) -> bool:
    """Regex `\\b` at this offset."""
    before = at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_")
    after = at < len(text) and (text[at].isalnum() or text[at] == "_")
    return before != after


def _known_in_article_or_corpus(key: str, article_persons: Iterable[tuple[str, ...]],
                                votes: LabelVotes) -> bool:
    """One word the article uses as a person's first name, or the corpus as a surname (also
    in the plural: `the Clintons`)."""
    persons = list(article_persons)
    if any(len(p) > 1 and p[0] == key for p in persons):
        return True
    plurals = [key[:-len(end)] for end in ("s", "es") if key.endswith(end)]
    for surname in (key, *plurals):
        if (votes.surname_of_person(surname)
                        or any(len(p) > 1 and p[-1] == surname for p in persons)):
            return True
    return False


def check_person(name: NameInArticle, text: str, article_persons: Iterable[tuple[str, ...]],
                 votes: LabelVotes, rules: TypeRules) -> Verdict:
    """The label of a name the article tags PERSON, and the evidence that decided it.

    In order: the name's own last word (a suffix cue); person evidence (title, given name or
    initial first; one word the article or the corpus knows as a person), which keeps it; cues
    around its mentions; the corpus's label; the gazetteer; one word the corpus tags PERSON in two
    articles, which keeps it; then the name-shape checks.
    """
    words = name.words
    surface = " ".join(words)
    keep = Verdict("PERSON", MODEL)
    if not words:
        return keep
    single = len(words) == 1
    if rules.context:
        for cue in rules.cues:
            if len(words) > 1 and words[-1].casefold() in cue.suffix:
                return Verdict(cue.label, CONTEXT)
    if not single and (is_given_name(words[0]) or is_initial(words[0])):
        return keep
    if any(_titled(last_word_before(text, start), rules) for start, _ in name.spans):
        return keep
    if single and _known_in_article_or_corpus(name.key, article_persons, votes):
        return keep
    if rules.context:
        for start, end in name.spans:
            cue = (_cue_before(words_before(text, start), rules)
                   or _cue_after(_words_after(text, end), rules))
            if cue:
                return Verdict(cue.label, CONTEXT)
    if rules.agreement:
        others = votes.without(name.key, "PERSON")
        total = sum(others.values())
        label, count = max(others.items(), key=lambda kv: (kv[1], kv[0]), default=("", 0))
        if (label and label != "PERSON" and count >= rules.agreement_min_articles
                and count >= rules.agreement_share * total):
            return Verdict(label, AGREEMENT)
    if rules.gazetteer and surface in gazetteer() and not _given_name_precedes(text, surface):
        return Verdict(rules.place_label, GAZETTEER)
    if single and votes.person_elsewhere(name.key):
        return keep
    if single and rules.single_token and not is_given_name(words[0]):
        return Verdict(rules.not_person_label, NAMES)
    if not single and rules.name_shape:
        return Verdict(rules.not_person_label, NAMES)
    return keep


def published_votes(rows: Iterable[tuple[str, str, int]]) -> LabelVotes:
    """Votes of the warehouse: (name key, label, articles) rows."""
    votes = LabelVotes()
    for key, label, articles in rows:
        votes.add(key, label, articles)
    return votes
