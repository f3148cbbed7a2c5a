"""Line classifier for plain text: find the article body among a whole page's lines.

A page copied as text keeps no markup, so each line is judged on features that survive that
loss: its length, whether it reads as a sentence, how many of its words are lower-case, whether
it belongs to a run of short lines (menus, link lists) and whether a boilerplate rule matches.
Each line gets a signed weight, prose positive and furniture negative, and the body is the
contiguous run of lines with the largest total weight, so a subheading or a short aside inside
the article survives while menus and teaser lists around it do not.
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
        lowercase_share=_lowercase_share(words, settings.min_cased_share),
        numeric_share=numeric / len(words) if words else 0.0,
        list_item=bool(settings.list_marker.match(line)),
        boilerplate=rules.drop_class(line),
    )


def _lowercase_share(words: list[str], min_cased_share: float) -> float:
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


def line_weights(lines: list[str], rules: Rules) -> list[float]:
    """Signed weights: prose lines count their words, other kinds cost their penalty.

    A short line costs more inside a run of short lines, the shape of a menu or a list of
    headlines, than alone, the shape of a subheading. A line without a word (a lone symbol) is
    no evidence either way. A block of boilerplate lines (a newsletter box inside the article)
    costs its full penalty once, not once per line. Prose after an end marker (a comment
    section's header) counts less: readers' comments come after the article.
    """
    settings = rules.classifier
    features = [line_features(line, rules) for line in lines]
    kinds = [line_kind(f, rules) for f in features]
    runs = _short_runs(kinds)
    ended = _after_end_marker(features, kinds, rules)
    weights: list[float] = []
    previous_kind = ""
    for f, kind, run, after_end in zip(features, kinds, runs, ended, strict=True):
        if f.words == 0:
            weights.append(0.0)
            continue
        if kind == "prose":
            weights.append(f.words * (settings.after_end_factor if after_end else 1.0))
        elif kind == "boilerplate" and previous_kind != "boilerplate":
            weights.append(-settings.class_penalty.get(f.boilerplate or "", settings.penalty[kind]))
        elif kind == "boilerplate" or run >= settings.list_run_lines:
            weights.append(-settings.penalty["short_run"])
        else:
            weights.append(-settings.penalty[kind])
        previous_kind = kind
    return weights


def _short_runs(kinds: list[str]) -> list[int]:
    """For every line, the length of the run of labels and phrases it is in (0 for others)."""
    short = [kind in ("label", "phrase") for kind in kinds]
    runs = [0] * len(kinds)
    start = 0
    while start < len(kinds):
        end = start
        while end < len(kinds) and short[end] == short[start]:
            end += 1
        if short[start]:
            runs[start:end] = [end - start] * (end - start)
        start = end
    return runs


def _after_end_marker(features: list[LineFeatures], kinds: list[str], rules: Rules) -> list[bool]:
    """True for lines after the first end marker that follows enough prose.

    The prose condition skips end-marker words in menus and bylines above the article.
    """
    settings = rules.classifier
    prose_words = 0
    for index, (f, kind) in enumerate(zip(features, kinds, strict=True)):
        prose_words += f.words if kind == "prose" else 0
        if (
            prose_words >= settings.end_marker_min_words
            and f.boilerplate in settings.end_marker_classes
        ):
            return [i > index for i in range(len(features))]
    return [False] * len(features)


def densest_run(weights: list[float]) -> tuple[int, int]:
    """Start and end (exclusive) of the contiguous run with the largest total weight."""
    best_sum, best = float("-inf"), (0, 0)
    current, start = 0.0, 0
    for index, weight in enumerate(weights):
        if current <= 0:
            current, start = weight, index
        else:
            current += weight
        if current > best_sum:
            best_sum, best = current, (start, index + 1)
    return best


def select_body(lines: list[str], rules: Rules) -> list[str]:
    """The lines of the densest run of prose, in page order."""
    if not lines:
        return []
    start, end = densest_run(line_weights(lines, rules))
    return lines[start:end]
