"""Exact prefilters for the boilerplate rules: the literal text a pattern cannot match without.

Most lines hold none of the phrases the rules look for, yet every pattern is tried on every
line. A match of a pattern contains, somewhere in the line, each run of literal characters the
pattern cannot skip, and one of the phrases of each choice whose every alternative has such a
run; a line without any of a pattern's phrases (its most telling ones are taken) cannot match,
and searching for them is cheap. The prefilter is compiled with the patterns' own flags, so the
regex engine folds case for it exactly as for the patterns: it finds no fewer lines than they do.

The patterns are read by the standard library's regex parser (`re._parser`, whose tree the
compiler uses); an element it does not know adds no requirement, so an unknown construct can
only make the prefilter weaker, never wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from re import _constants as sre  # the parser's node kinds
from re import _parser
from typing import Any

# A requirement: the phrases one of which every match contains.
_Required = frozenset[str]
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def required_phrases(pattern: str, flags: int = 0) -> _Required | None:
    """Phrases one of which is in every text `pattern` matches (the same flags folding case),
    or None when the pattern requires none."""
    return _required(_parser.parse(pattern, flags).data)


def prefilter(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that finds a match in every line any of `patterns` finds one in (their
    required phrases); None when one of them requires none, or their flags differ."""
    flags = {pattern.flags for pattern in patterns}
    if len(flags) != 1:
        return None
    phrases: set[str] = set()
    for pattern in patterns:
        required = required_phrases(pattern.pattern, pattern.flags)
        if required is None:
            return None
        phrases |= required
    return re.compile(_alternation(sorted(phrases)), flags.pop())


def _alternation(phrases: Sequence[str]) -> str:
    """A regex of the phrases (sorted), those starting alike sharing their start: the regex
    engine tries each character of a line against a few first characters, not every phrase."""
    if "" in phrases:
        longer = [phrase for phrase in phrases if phrase]
        return f"(?:{_alternation(longer)})?" if longer else ""
    by_first: dict[str, list[str]] = {}
    for phrase in phrases:
        by_first.setdefault(phrase[0], []).append(phrase[1:])
    branches = [re.escape(first) + _alternation(rests) for first, rests in by_first.items()]
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


def _required(items: Sequence[tuple[Any, Any]]) -> _Required | None:
    """The most telling requirement of a sequence of parsed elements (the one whose shortest
    phrase is longest): each element of a sequence matches, one after the other, so each
    one's requirement is one of the sequence's."""
    candidates: list[_Required] = []
    run: list[str] = []  # consecutive literal characters: a phrase

    def end_run() -> None:
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    for kind, value in items:
        if kind is sre.LITERAL:
            run.append(chr(value))
            continue
        end_run()
        found = _element(kind, value)
        if found is not None:
            candidates.append(found)
    end_run()
    return max(candidates, key=lambda phrases: min(map(len, phrases)), default=None)


def _element(kind: Any, value: Any) -> _Required | None:
    """The requirement of one element that is not a literal character, if it has one."""
    if kind is sre.SUBPATTERN:
        _group, add_flags, _del_flags, body = value
        # Flags turned on inside (case folding) could match what the outer flags do not.
        return None if add_flags else _required(body.data)
    if kind is sre.ATOMIC_GROUP:
        return _required(value.data)
    if kind is sre.ASSERT:  # a lookahead or lookbehind: what it sees is in the line too
        return _required(value[1].data)
    if kind in _REPEATS:
        low, _high, body = value
        return _required(body.data) if low >= 1 else None
    if kind is sre.BRANCH:
        alternatives = [_required(branch.data) for branch in value[1]]
        if None in alternatives:
            return None
        return frozenset().union(*alternatives)
    return None
