"""Exact prefilters for the boilerplate rules: the literal text a pattern cannot match without.

Most lines hold none of the phrases the rules look for, yet every pattern is tried on every
line. A match of a pattern contains, somewhere in the line, each of the pattern's phrases that is
not optional (a run of literal characters, or one of the phrases of a choice that every
alternative of the choice has); searching for the most telling of them first tells cheaply that a
line cannot match. The prefilter is compiled with the patterns' own flags, so the regex engine
folds case for it exactly as for the patterns, and it finds no fewer lines than they do.

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

# A requirement: how many characters its shortest phrase has (how telling it is), and the
# regex of its phrases.
_Required = tuple[int, str]
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def required_text(pattern: str, flags: int = 0) -> str | None:
    """A regex of phrases one of which is in every text `pattern` matches (searched with the
    same flags), or None when the pattern requires none."""
    found = _required(_parser.parse(pattern, flags).data)
    return None if found is None else found[1]


def prefilter(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that finds a match in every line any of `patterns` finds one in (their
    required phrases); None when one of them requires none, or their flags differ."""
    flags = {pattern.flags for pattern in patterns}
    if len(flags) != 1:
        return None
    phrases = [required_text(pattern.pattern, pattern.flags) for pattern in patterns]
    if not phrases or None in phrases:
        return None
    return re.compile("|".join(phrases), flags.pop())


def _required(items: Sequence[tuple[Any, Any]]) -> _Required | None:
    """The most telling requirement of a sequence of parsed elements: each element of a
    sequence matches, one after the other, so each one's requirement is one of the sequence's.
    """
    candidates: list[_Required] = []
    run: list[str] = []  # consecutive literal characters: a phrase

    def end_run() -> None:
        if run:
            candidates.append((len(run), re.escape("".join(run))))
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
    if not candidates:
        return None
    size, phrases = max(candidates, key=lambda candidate: candidate[0])
    return size, f"(?:{phrases})"


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
        return (min(found[0] for found in alternatives),
                "|".join(found[1] for found in alternatives))
    return None
