"""Names as data: normalisation, titles, transliteration keys and demonyms from heuristics.toml."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from newsflow.enrich.heuristics_file import heuristics_file

_POSSESSIVE = re.compile(r"[’']s$")
_LEADING_THE = re.compile(r"^(?i:the)\s+")
_EDGE_PUNCTUATION = ".,;:!?\"“”‘’'()[]"


@dataclass(frozen=True)
class Heuristics:
    """Compiled heuristics; heuristics.toml says what each one is for."""

    version: int
    tie_priority: tuple[str, ...]
    partial_name_labels: frozenset[str]
    person_titles: tuple[tuple[str, ...], ...]  # casefolded token tuples, longest first
    modifiers: tuple[tuple[str, ...], ...]
    variants: tuple[tuple[re.Pattern[str], str], ...]
    same_as: dict[str, str]  # casefolded short form -> full name
    demonyms: dict[str, str]  # casefolded demonym -> place
    name_particles: frozenset[str]  # lower-case words a person's name may start with

    def label_rank(self, label: str) -> int:
        """Position in the tie priority; labels not listed come last."""
        if label in self.tie_priority:
            return self.tie_priority.index(label)
        return len(self.tie_priority)


def _prefixes(phrases: list[str]) -> tuple[tuple[str, ...], ...]:
    """Casefolded token tuples, longest first, so `Vice President` is tried before `President`."""
    return tuple(sorted({tuple(p.casefold().split()) for p in phrases},
                        key=lambda p: (-len(p), p)))


@cache
def heuristics() -> Heuristics:
    """The heuristics data file's names, compiled once per process."""
    data = heuristics_file()
    return Heuristics(
        version=data.version,
        tie_priority=tuple(data.labels.tie_priority),
        partial_name_labels=frozenset(data.labels.partial_name_labels),
        person_titles=_prefixes(data.names.person_titles),
        modifiers=_prefixes(data.names.modifiers),
        variants=tuple((re.compile(v.pattern), v.replacement) for v in data.names.variants),
        same_as={k.casefold(): v for k, v in data.same_as.items()},
        demonyms={k.casefold(): v for k, v in data.demonyms.items()},
        name_particles=frozenset(p.casefold() for p in data.names.particles),
    )


def normalise_name(text: str) -> str:
    """Surface form to name: squash whitespace, drop a possessive `'s` and a leading `the`."""
    name = " ".join(text.split())
    name = _POSSESSIVE.sub("", name)
    return _LEADING_THE.sub("", name)


def strip_titles(name: str, label: str) -> str:
    """Drop leading modifiers (`ex-Soviet`), and titles (`President`) of a PERSON name, while
    a name remains."""
    tokens = name.split()
    prefixes = _prefixes_by_first_word(label == "PERSON")
    stripped = True
    while stripped:
        stripped = False
        # Only the prefixes starting with the name's first word can match, in their order.
        for prefix in prefixes.get(tokens[0].casefold(), ()) if tokens else ():
            n = len(prefix)
            if len(tokens) > n and tuple(t.casefold() for t in tokens[:n]) == prefix:
                tokens = tokens[n:]
                stripped = True
                break
    return " ".join(tokens)


@cache
def _prefixes_by_first_word(person: bool) -> dict[str, tuple[tuple[str, ...], ...]]:
    """strip_titles' prefixes (modifiers, then a PERSON's titles, each longest first) by first
    word, so a name is compared only with the prefixes that start as it does."""
    rules = heuristics()
    by_word: dict[str, list[tuple[str, ...]]] = {}
    for prefix in rules.modifiers + rules.person_titles if person else rules.modifiers:
        by_word.setdefault(prefix[0], []).append(prefix)
    return {word: tuple(prefixes) for word, prefixes in by_word.items()}


def strip_leading_words(name: str) -> str:
    """Drop leading words that cannot start a person's name, while a name remains: lower-case
    words other than name particles (`broker Khurshid Alam`) and demonyms (`Belgian King
    Baudouin`), then titles again."""
    rules = heuristics()
    tokens = name.split()
    while len(tokens) > 1 and (
            tokens[0].casefold() in rules.demonyms
            or (tokens[0][:1].islower() and tokens[0].casefold() not in rules.name_particles)):
        tokens.pop(0)
    return strip_titles(" ".join(tokens), "PERSON")


def strip_trailing_numbers(name: str) -> str:
    """Drop trailing words with digits, while a name remains: sports reports run a score or
    an ordinal on into the name (`A. Smith 5-68`, `Gordon Durie 75th`)."""
    tokens = name.split()
    while len(tokens) > 1 and any(c.isdigit() for c in tokens[-1]):
        tokens.pop()
    return " ".join(tokens)


def full_form(name: str) -> str:
    """The full name a short form stands for (`US` -> `United States`), else the name."""
    return heuristics().same_as.get(name.casefold(), name)


@lru_cache(maxsize=1 << 17)
def fold_token(token: str) -> str:
    """A name token folded to ASCII lower case with the variant rewrites applied. Cached: the
    type checks and span repair fold the same words of a chunk many times over."""
    decomposed = unicodedata.normalize("NFKD", token.strip(_EDGE_PUNCTUATION).casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    for pattern, replacement in heuristics().variants:
        folded = pattern.sub(replacement, folded)
    return folded


def name_tokens(name: str) -> tuple[str, ...]:
    """Folded tokens of a name: equal tuples are spellings of one name."""
    return tuple(t for t in (fold_token(token) for token in name.split()) if t)


def name_key(name: str) -> str:
    return " ".join(name_tokens(name))


def demonym_place(name: str) -> str | None:
    """The place a demonym or place adjective derives from (`Belarusian` -> `Belarus`)."""
    return heuristics().demonyms.get(name.casefold())


def stable_id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def entity_id_for(label: str, key: str) -> str:
    """The id a new entity gets: from its label and name key, so any spelling gives the same."""
    return stable_id("entity", label, key)
