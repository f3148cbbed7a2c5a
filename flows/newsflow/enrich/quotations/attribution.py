"""Linking the speakers of the quotations found on the workers to the article's resolved
entity mentions (run in the flow, a chunk at a time): the mention under the speaker's words,
else for a personal pronoun the nearest person mentioned before it."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from newsflow.enrich.names import stable_id
from newsflow.enrich.quotations.finding import FoundQuote, Speaker, each_article
from newsflow.enrich.quotations.rules import Language, quote_rules
from newsflow.enrich.resolve import Mention
from newsflow.records import Article, QuarantineRecord

# The labels a speaker's entity may have: a person, or a body that issues statements.
SPEAKER_LABELS = ("PERSON", "ORG", "NORP", "GPE")

@dataclass(frozen=True)
class Quotation:
    """One row of quotations."""

    quote_id: str
    article_id: str
    content: str
    speaker: str | None
    speaker_entity_id: str | None
    cue: str | None
    direct: bool
    start_char: int
    end_char: int
    sentence: str



def attribute_quotations(articles: Sequence[Article], found: dict[str, list[FoundQuote]],
                         mentions: Sequence[Mention]
                         ) -> tuple[list[Quotation], list[QuarantineRecord]]:
    """The articles' quotations as rows, speakers linked to the resolved entity mentions
    (quarantining an article whose linking fails)."""
    by_article: dict[str, list[Mention]] = {}
    for m in mentions:
        by_article.setdefault(m.article_id, []).append(m)
    rows, rejected = each_article(
        articles, "speaker linking failed",
        lambda a: attribute(a, found.get(a.article_id, []), by_article.get(a.article_id, [])))
    return [row for article_rows in rows.values() for row in article_rows], rejected


def attribute(article: Article, found: Sequence[FoundQuote],
              mentions: Sequence[Mention]) -> list[Quotation]:
    """The article's quotations as rows, each speaker linked to its canonical entity.

    The entity is that of a mention under the speaker's words (a person before a body, then
    the longest); a pronoun that stands for one person ("he", "she") is the nearest person
    mentioned before it. Nominal speakers ("a spokesman") and groups stay unlinked.
    """
    lang = quote_rules().language(article.language)
    speakers = _Speakers([m for m in mentions if m.article_id == article.article_id
                          and m.label in SPEAKER_LABELS])
    rows = []
    for quote in found:
        rows.append(Quotation(
            quote_id=stable_id("quote", article.article_id, str(quote.start_char)),
            article_id=article.article_id,
            content=quote.content,
            speaker=quote.speaker.text if quote.speaker else None,
            speaker_entity_id=speakers.entity_of(quote.speaker, lang),
            cue=quote.cue,
            direct=quote.direct,
            start_char=quote.start_char,
            end_char=quote.end_char,
            sentence=quote.sentence,
        ))
    return rows


class _Speakers:
    """An article's mentions that may speak, in text order, looked up by offset (bisect), so a
    long article's thousands of quotations do not each scan all its mentions."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start_char)
        self.persons = [m for m in self.mentions if m.label == "PERSON"]
        self.longest = max((m.end_char - m.start_char for m in self.mentions), default=0)

    def entity_of(self, speaker: Speaker | None, lang: Language) -> str | None:
        if speaker is None:
            return None
        last = bisect_left(self.mentions, speaker.end_char, key=lambda m: m.start_char)
        first = bisect_left(self.mentions, speaker.start_char - self.longest,
                            key=lambda m: m.start_char)
        under = [m for m in self.mentions[first:last] if speaker.start_char < m.end_char]
        if under:
            best = min(under, key=lambda m: (m.label != "PERSON", -(m.end_char - m.start_char)))
            return best.entity_id
        if speaker.text.casefold() in lang.person_pronouns:
            started = bisect_left(self.persons, speaker.start_char, key=lambda m: m.start_char)
            before = (self.persons[i] for i in range(started - 1, -1, -1)
                      if self.persons[i].end_char <= speaker.start_char)
            return next((m.entity_id for m in before), None)
        return None
