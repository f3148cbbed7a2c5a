"""Linking the speakers of the quotations found on the workers to the article's resolved
entity mentions (run in the flow, a chunk at a time), and typing them.

A speaker's entity is the mention under its words; else, by the rules of quotations.toml, a
pronoun or description stands for someone named before it in the article: "he"/"she" the
nearest person, "they" the nearest organisation or group, "who" the name right before it, "the
minister" the nearest person named in a sentence that gives them that role. The type follows
the entity's label (a place speaks only by metonymy, "Moscow said": typed `place`); a speaker
with no entity is a `pronoun` or a `description`, flagged anonymous when unnamed
("officials", "a spokesperson").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsflow.enrich.names import stable_id
from newsflow.enrich.quotations.finding import FoundQuote, Speaker
from newsflow.enrich.quotations.rules import Language, quote_rules
from newsflow.enrich.resolve import Mention
from newsflow.records import Article, QuarantineRecord, each_article

# The labels a speaker's entity may have, with the speaker type each gives: a person, a body
# that issues statements, a group, or a place standing for its government ("Moscow said").
TYPE_OF_LABEL = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "place"}
SPEAKER_LABELS = tuple(TYPE_OF_LABEL)
# Every speaker type: those of entities, then of speakers without one.
SPEAKER_TYPES = [*TYPE_OF_LABEL.values(), "pronoun", "description"]
GROUP_LABELS = ("ORG", "NORP")
RELATIVE_REACH_CHARS = 3  # between a name and its "who": ", " at most

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
    speaker_type: str | None  # person, organisation, group, place, pronoun, description
    speaker_anonymous: bool



def attribute_quotations(articles: Sequence[Article], found: dict[str, list[FoundQuote]],
                         mentions: Sequence[Mention]
                         ) -> tuple[list[Quotation], list[QuarantineRecord]]:
    """The articles' quotations as rows, speakers linked to the resolved entity mentions
    (quarantining an article whose linking fails)."""
    by_article: dict[str, list[Mention]] = {}
    for m in mentions:
        by_article.setdefault(m.article_id, []).append(m)
    rows, rejected = each_article(
        articles, "quotations", "speaker linking failed",
        lambda a: attribute(a, found.get(a.article_id, []), by_article.get(a.article_id, [])))
    return [row for article_rows in rows.values() for row in article_rows], rejected


def attribute(article: Article, found: Sequence[FoundQuote],
              mentions: Sequence[Mention]) -> list[Quotation]:
    """The article's quotations as rows, each speaker linked to its canonical entity and
    typed (module docstring)."""
    lang = quote_rules().language(article.language)
    speakers = _Speakers([m for m in mentions if m.article_id == article.article_id
                          and m.label in SPEAKER_LABELS])
    rows = []
    for quote in found:
        entity = speakers.entity_of(quote.speaker, lang)
        kind = _speaker_type(quote.speaker, entity, lang)
        rows.append(Quotation(
            quote_id=stable_id("quote", article.article_id, str(quote.start_char)),
            article_id=article.article_id,
            content=quote.content,
            speaker=quote.speaker.text if quote.speaker else None,
            speaker_entity_id=entity.entity_id if entity else None,
            cue=quote.cue,
            direct=quote.direct,
            start_char=quote.start_char,
            end_char=quote.end_char,
            sentence=quote.sentence,
            speaker_type=kind,
            speaker_anonymous=kind == "description" and _anonymous(quote.speaker, lang),
        ))
    return rows


def _speaker_type(speaker: Speaker | None, entity: Mention | None, lang: Language
                  ) -> str | None:
    if speaker is None:
        return None
    if entity is not None:
        return TYPE_OF_LABEL[entity.label]
    folded = speaker.text.casefold()
    if folded in lang.pronouns or folded in lang.relative_pronouns:
        return "pronoun"
    return "description"


def _anonymous(speaker: Speaker | None, lang: Language) -> bool:
    """An unnamed source: the speaker's words hold an anonymous-source word and no name."""
    if speaker is None:
        return False
    words = speaker.text.split()
    return any(w.casefold().strip(",.") in lang.anonymous_sources for w in words) and not any(
        w[:1].isupper() for w in words[1:])


class _Speakers:
    """An article's mentions that may speak, in text order, looked up by offset (bisect), so a
    long article's thousands of quotations do not each scan all its mentions."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start_char)
        self.longest = max((m.end_char - m.start_char for m in self.mentions), default=0)

    def entity_of(self, speaker: Speaker | None, lang: Language) -> Mention | None:
        """The mention the speaker's words are, or stand for (module docstring)."""
        if speaker is None:
            return None
        last = bisect_left(self.mentions, speaker.end_char, key=lambda m: m.start_char)
        first = bisect_left(self.mentions, speaker.start_char - self.longest,
                            key=lambda m: m.start_char)
        under = [m for m in self.mentions[first:last] if speaker.start_char < m.end_char]
        if under:
            return min(under, key=lambda m: (m.label != "PERSON", -(m.end_char - m.start_char)))
        folded = speaker.text.casefold()
        if folded in lang.person_pronouns:
            return self._before(speaker, lambda m: m.label == "PERSON")
        if folded in lang.group_pronouns:
            return self._before(speaker, lambda m: m.label in GROUP_LABELS)
        if folded in lang.relative_pronouns:
            named = self._before(speaker, lambda m: True)
            reach = speaker.start_char - named.end_char if named else None
            return named if reach is not None and reach <= RELATIVE_REACH_CHARS else None
        role = _role(folded, lang)
        if role is not None:
            return self._before(speaker, lambda m: m.label == "PERSON"
                                and role in m.sentence.casefold())
        return None

    def _before(self, speaker: Speaker, fits: Callable[[Mention], bool]) -> Mention | None:
        """The nearest mention that ends before the speaker and fits."""
        started = bisect_left(self.mentions, speaker.start_char, key=lambda m: m.start_char)
        return next((self.mentions[i] for i in range(started - 1, -1, -1)
                     if self.mentions[i].end_char <= speaker.start_char
                     and fits(self.mentions[i])), None)


def _role(folded: str, lang: Language) -> str | None:
    """The role a description names ("the minister", "the former president"), if it is one:
    a determiner and a role, nothing else."""
    words = folded.split()
    if len(words) < 2 or words[0] not in lang.determiners:
        return None
    role = " ".join(words[1:])
    if role in lang.roles:
        return role
    return words[-1] if words[-1] in lang.roles and len(words) <= 3 else None
