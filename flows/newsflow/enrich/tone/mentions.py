"""Tone toward each mention: scored on the workers, joined to the resolved mentions in the flow.

The workers score every PERSON, ORG and GPE span of the articles in a language the model knows
(`tone_spans`, right after tagging): the costly part runs beside cleaning and NER. Resolution
in the flow then trims, splits and relabels spans and finds some names again where no span is;
`mention_tones` gives each resolved PERSON, ORG or GPE mention the tone of the span it lies in
(the span overlapping it most), scores the few mentions no such span covers (names found again
or relabelled by resolution) with the same function, and gives the mentions of other languages
a row with no tone, so every mention in scope has exactly one row.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from newsflow.enrich.ner import Span
from newsflow.enrich.resolve import Mention
from newsflow.enrich.tone import Tone, target_tone, tone_model
from newsflow.enrich.tone.features import tone_file
from newsflow.records import Article, QuarantineRecord, failure_reason


@dataclass(frozen=True)
class SpanTone:
    """The tone of a span's sentence toward it (offsets into the article's text)."""

    start_char: int
    end_char: int
    label: str
    score: float


@dataclass(frozen=True)
class MentionTone:
    """One row of mention_tones: a mention's tone in its sentence; label, score and model are
    None where the article's language has no tone model."""

    mention_id: str
    article_id: str
    tone_label: str | None
    tone_score: float | None
    tone_model: str | None


def in_sentence(text: str, sentence: str, start: int, end: int) -> tuple[int, int] | None:
    """The offsets of text[start:end] within `sentence`, the sentence of text around it; None
    if the sentence does not hold it."""
    at = text.rfind(sentence, max(0, end - len(sentence)), start + len(sentence))
    if at == -1 or at > start or at + len(sentence) < end:
        return None
    return start - at, end - at


def scores(article: Article) -> bool:
    """Whether the article's mentions get a tone (its language has the model)."""
    return article.language in tone_file().scope.languages


def scored_tone(text: str, sentence: str, start: int, end: int) -> Tone:
    """The tone toward text[start:end] in its sentence; a target its sentence does not hold
    (a sentence clipped oddly) is scored as a sentence of its own."""
    found = in_sentence(text, sentence, start, end)
    if found is None:
        return target_tone(text[start:end], 0, end - start)
    return target_tone(sentence, *found)


def tone_spans(articles: Sequence[Article], spans: dict[str, list[Span]]
               ) -> dict[str, list[SpanTone]]:
    """Each scored article's spans of the labels in scope with their tone, by article id
    (worker side)."""
    labels = tone_file().scope.labels
    toned: dict[str, list[SpanTone]] = {}
    for article in articles:
        if not scores(article):
            continue
        found = []
        for span in spans.get(article.article_id, []):
            if span.label not in labels:
                continue
            tone = scored_tone(article.text, span.sentence, span.start_char, span.end_char)
            found.append(SpanTone(span.start_char, span.end_char, tone.label, tone.score))
        toned[article.article_id] = found
    return toned


def mention_tones(articles: Sequence[Article], mentions: Sequence[Mention],
                  toned: dict[str, list[SpanTone]]
                  ) -> tuple[list[MentionTone], list[QuarantineRecord]]:
    """One row per resolved mention in scope (flow side; see the module's docstring), article
    by article: an article whose scoring fails is quarantined (stage `tone`, as on the workers)
    and the others keep their rows."""
    by_article: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_article.setdefault(mention.article_id, []).append(mention)
    rows: list[MentionTone] = []
    rejected: list[QuarantineRecord] = []
    for article in articles:
        try:
            rows += _article_tones(article, by_article.get(article.article_id, []),
                                   toned.get(article.article_id, []))
        except Exception as exc:  # that article's failure, not the chunk's
            rejected.append(QuarantineRecord(article.source, "tone", failure_reason(
                exc, "tone scoring failed"), article.article_id))
    return rows, rejected


def _article_tones(article: Article, mentions: Sequence[Mention], toned: list[SpanTone]
                   ) -> list[MentionTone]:
    """The rows of one article's mentions in scope."""
    labels = tone_file().scope.labels
    in_scope = [m for m in mentions if m.label in labels]
    if not scores(article):
        return [MentionTone(m.mention_id, m.article_id, None, None, None) for m in in_scope]
    version, covering = tone_model().version, _Covering(toned)
    rows = []
    for mention in in_scope:
        tone = covering.of(mention) or scored_tone(
            article.text, mention.sentence, mention.start_char, mention.end_char)
        rows.append(MentionTone(mention.mention_id, mention.article_id, tone.label, tone.score,
                                version))
    return rows


class _Covering:
    """An article's toned spans in text order, looked up by offset (bisect), so a long
    article's many mentions do not each scan all its spans."""

    def __init__(self, spans: list[SpanTone]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start_char)
        self.longest = max((s.end_char - s.start_char for s in self.spans), default=0)

    def of(self, mention: Mention) -> SpanTone | None:
        """The span overlapping the mention most, if any does (the first in text order of
        those overlapping it as much)."""
        last = bisect_left(self.spans, mention.end_char, key=lambda s: s.start_char)
        first = bisect_left(self.spans, mention.start_char - self.longest,
                            key=lambda s: s.start_char)
        best, most = None, 0
        for span in self.spans[first:last]:
            overlap = (min(span.end_char, mention.end_char)
                       - max(span.start_char, mention.start_char))
            if overlap > most:
                best, most = span, overlap
        return best
