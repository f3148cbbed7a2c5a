"""Line shapes for plain text: prose, boilerplate, data, phrase or label.

The body is chosen by the learned line model (linemodel.py); these shapes remain for the check
that what is left after cleaning reads as an article (some prose, not a menu or a link list).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsflow.clean.rules import Rules


@dataclass(frozen=True)
class LineFeatures:
    """What the classifier knows about one line."""

    words: int
    sentence: bool
    lowercase_share: float
    numeric_share: float
    list_item: bool
    boilerplate: str | None


def line_features(line: str, rules: Rules) -> LineFeatures:
    settings = rules.classifier
    words = settings.word.findall(line)
    numeric = sum(word[0].isdigit() for word in words)
    return LineFeatures(
        words=len(words),
        sentence=bool(settings.sentence_end.search(line)),
        lowercase_share=lowercase_share(words, settings.min_cased_share),
        numeric_share=numeric / len(words) if words else 0.0,
        list_item=bool(settings.list_marker.match(line)),
        boilerplate=rules.drop_class(line),
    )


def lowercase_share(words: list[str], min_cased_share: float) -> float:
    """Share of cased words that start lower-case; 1.0 when too few words are in a cased script."""
    cased = [word for word in words if word[0].lower() != word[0].upper()]
    if not cased or len(cased) < min_cased_share * len(words):
        return 1.0
    return sum(word[0].islower() for word in cased) / len(cased)


def line_kind(features: LineFeatures, rules: Rules) -> str:
    """prose, boilerplate, data (table rows, list items), phrase (short lower-case text) or label.

    Labels, short Title Case lines, are what menus and link lists are made of.
    """
    settings = rules.classifier
    if features.boilerplate:
        return "boilerplate"
    if features.lowercase_share >= settings.min_lowercase_share and (
        features.words >= settings.long_line_words
        or (features.sentence and features.words >= settings.min_sentence_words)
    ):
        return "prose"
    if features.list_item or (
        features.words >= settings.min_data_words
        and features.numeric_share >= settings.min_numeric_share
    ):
        return "data"
    if (
        features.words >= settings.min_phrase_words
        and features.lowercase_share >= settings.min_phrase_lowercase_share
    ):
        return "phrase"
    return "label"
