"""Finding quotations in cleaned articles, by rules over each one's text and the parse of the
sentences they leave open (run on the workers, the parse a chunk's articles at once).

1. Direct quotations are the stretches between quotation marks, paragraph by paragraph: a mark
   left open at a paragraph's end closes there, so one stray mark costs one quotation, not the
   article's others; a quotation that goes on in the next paragraph (which opens with a mark,
   as news style has it, and names no speaker of its own) is one quotation. Pieces split by
   their attribution ("...," he said, "...", "...," said X, a lawyer for Y. "...") are joined.
2. A direct quotation's speaker is the name, pronoun or nominal phrase beside a cue right after
   it (", Trump said", ", said Trump"), or before it ("Trump said:", or "He said:" ending the
   paragraph before); failing that, it keeps the speaker of the quotation before it, up to a
   few paragraphs back. A short quoted stretch with no cue right after it is a scare quote and
   is dropped.
3. Indirect quotations are reported speech outside the marks: "X said (that) ...", "..., X
   said.", "..., said X.", "according to X, ..." and "..., according to X."; reported speech
   that quotes a fragment of what was said is one quotation, the fragment inside it.

The words that mark speech are data (quotations.toml, through rules.py), per language;
attribution.py links the speakers found here to the article's entities.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from newsflow.enrich.quotations.parsing import Parser, parsed_quotes, parser_for
from newsflow.enrich.quotations.rules import Language, Parsing, QuoteRules, quote_rules
from newsflow.records import Article, QuarantineRecord, each_article

if TYPE_CHECKING:
    from spacy.tokens import Doc

_WORD = re.compile(r"[\w’'.-]+")
# The quarantine reason of an article the quotation search fails on.
_FAILURE = "quotation search failed"
_LAST_WORD = re.compile(r"[\w’'-]+$")
_CONTRACTION = re.compile(r"[’'](?:ve|d|ll|s|re|m)$", re.IGNORECASE)
_SPACES = re.compile(r"\s*")
QUOTATION_MARKS = '"“”«»„'
_TAIL_LEAD = re.compile(r"[\s,—–―-]*")  # between a closing mark and its attribution
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')]*(?=\s|$)")  # '' closes a quotation too
# A short bracket after a name: a party and state ("(D-N.Y.)", "(R-Fla.)") or a state ("(Vt.)").
_AFFILIATION = re.compile(r"\((?:[A-Z]-)?[A-Z][a-z]{0,4}\.?(?:[A-Z]\.)*\)")
# A word of a role before a speaker's name: letters or digits, with inner dots, hyphens or
# apostrophes ("NY1", "W.", "vice-presidential"); no comma or bracket.
_ROLE_WORD = re.compile(r"\w[\w.’'-]*")


@dataclass(frozen=True)
class Speaker:
    text: str
    start_char: int
    end_char: int


@dataclass(frozen=True)
class FoundQuote:
    """A quotation as the text gives it: content offsets of its first and last piece."""

    start_char: int
    end_char: int
    content: str  # the pieces as written, joined by a space
    speaker: Speaker | None
    cue: str | None
    direct: bool
    sentence: str



# --- text layout --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Paragraph:
    start: int
    end: int
    sentence_ends: list[int]  # offsets just past each sentence's end; the last is `end`

    def sentence_start(self, at: int) -> int:
        """Where the sentence holding offset `at` starts."""
        number = bisect_right(self.sentence_ends, at) - 1
        return self.start if number < 0 else self.sentence_ends[number]


def _paragraphs(text: str) -> list[_Paragraph]:
    """The text's non-blank lines, each split into sentences once."""
    paragraphs, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            paragraphs.append(_Paragraph(start, end, _sentence_ends(text, start, end)))
        start = end + 1
    return paragraphs


def _sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets just past each sentence's end in text[start:end] (the last is `end`). A stretch
    longer than `max_sentence_chars` with no end of its own is cut at a space: no sentence of
    news is that long, and every rule's work per sentence stays bounded."""
    rules = quote_rules()
    ends = []
    for m in _SENTENCE_END.finditer(text, start, end):
        words = _WORD.findall(text, max(start, m.start() - 12), m.start() + 1)
        last = words[-1].rstrip(".").casefold() if words else ""
        if text[m.start()] == "." and (last in rules.abbreviations or len(last) == 1):
            continue
        if ")" in m.group() and _AFFILIATION.search(text, max(start, m.start() - 12), m.end()):
            continue  # "Sen. Bernie Sanders (I-Vt.) said": a party and state, not a sentence end
        ends.append(m.end())
    if not ends or ends[-1] < end:
        ends.append(end)
    longest, bounded, previous = rules.windows.max_sentence_chars, [], start
    for stop in ends:
        while stop - previous > longest:
            cut = text.rfind(" ", previous + longest // 2, previous + longest)
            previous = cut + 1 if cut != -1 else previous + longest
            bounded.append(previous)
        bounded.append(stop)
        previous = stop
    return bounded


@dataclass
class _Piece:
    start: int  # at the opening mark
    end: int  # past the closing mark (or the paragraph's end when left open)
    closed: bool
    inner_start: int  # past the opening mark
    inner_end: int  # at the closing mark (or the paragraph's end)


def _pieces(text: str, start: int, end: int, rules: QuoteRules) -> list[_Piece]:
    """The quoted stretches of one paragraph; a mark left open closes at its end."""
    pieces = []
    while m := rules.opening_marks.search(text, start, end):
        close = rules.closing_marks[m.group()].search(text, m.end(), end)
        if close is None:
            pieces.append(_Piece(m.start(), end, False, m.end(), end))
            break
        start = close.end()
        pieces.append(_Piece(m.start(), start, True, m.end(), close.start()))
    return pieces


# --- speakers -----------------------------------------------------------------------------


def _is_name_word(word: str) -> bool:
    return word[:1].isupper()


def _possessive(word: str) -> bool:
    """"Trump's claims": the cue word is a noun there, not a verb."""
    return word.endswith(("’s", "'s", "s’", "s'"))


def _speaker_before(text: str, at: int, floor: int, lang: Language) -> Speaker | None:
    """The speaker whose words end right before offset `at` (a cue): a pronoun, a run of
    capitalised words, or a determiner's phrase; an appositive between commas is passed over
    ("Adam Green, co-founder of ..., said")."""
    floor = max(floor, at - quote_rules().windows.speaker_before_chars)
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, floor, at)]
    while words and not text[words[-1][1]:at].strip() \
            and (words[-1][2].casefold() in lang.between or _adverb(words, lang)):
        at = words.pop()[0]  # "Cruz gingerly said"; not "..., to speak candidly, said"
    if not words:
        return None
    gap = text[words[-1][1]:at]
    if gap.strip() == ",":  # an appositive ends here: the speaker stands before its opening comma
        return _speaker_before_appositive(text, words, floor, lang)
    elif _AFFILIATION.fullmatch(text[words[-1][0] - 1:at].strip()):
        words = [w for w in words if w[1] < words[-1][0] - 1]  # "Chaffetz (R-Utah) said"
        if not words:
            return None
    elif gap.strip():
        return None
    if words and _possessive(words[-1][2]):
        return None
    speaker = _phrase_ending(text, words, lang)
    # "a spokesman for the ministry", "Joel Pollak of Breitbart": the head phrase is the speaker
    while speaker is not None and speaker.text.casefold() not in lang.pronouns:
        kept = [w for w in words if w[1] <= speaker.start_char]
        if len(kept) < 2 or not (kept[-1][2] in lang.speaker_links or (
                kept[-1][2] in lang.anonymous_links
                and kept[-2][2].casefold() in lang.anonymous_sources)):
            break  # "a spokesman for the ministry", "officials on both sides"
        head = _phrase_ending(text, kept[:-1], lang)
        if head is None or head.text.casefold() in lang.pronouns:
            break
        speaker = Speaker(text[head.start_char:speaker.end_char], head.start_char,
                          speaker.end_char)
    return speaker


def _speaker_before_appositive(text: str, words: list[tuple[int, int, str]], floor: int,
                               lang: Language) -> Speaker | None:
    """The speaker of a cue after an appositive set off by commas, the words up to that cue's
    comma: the phrase before the appositive ("Adam Green, co-founder of ..., said"), past
    further commas inside the appositive to a name or pronoun ("Cecelia Purner, 67, a retired
    ... in Allentown, Pa., said"); else a name that is the appositive ("Sanders's campaign
    manager, Jeff Weaver, said")."""
    most = quote_rules().windows.appositive_chars
    end = words[-1][1]
    closing = text.find(",", end)
    first: Speaker | None = None
    opening = text.rfind(",", floor, words[-1][0])
    while opening != -1 and end - opening <= most:
        speaker = _speaker_before(text, opening, floor, lang)
        if first is None:
            if speaker is None:
                inside = [w for w in words if opening < w[0] and w[1] <= closing]
                if inside and len(inside) <= 5 and all(_is_name_word(w[2]) for w in inside):
                    return Speaker(text[inside[0][0]:inside[-1][1]], inside[0][0],
                                   inside[-1][1])
                return None
            first = speaker
        if speaker is not None and (_is_name_word(speaker.text)
                                    or speaker.text.casefold() in lang.pronouns):
            return speaker
        opening = text.rfind(",", floor, opening)
    return first


def _adverb(words: list[tuple[int, int, str]], lang: Language) -> bool:
    """The last word is an adverb in -ly ("Cruz gingerly said"), not a noun ("the family")."""
    word = words[-1][2]
    return (word.endswith("ly") and word.islower()
            and len(word) >= quote_rules().windows.adverb_min_letters
            and (len(words) < 2 or words[-2][2].casefold() not in lang.determiners))


def _phrase_ending(text: str, words: list[tuple[int, int, str]], lang: Language
                   ) -> Speaker | None:
    """The pronoun, capitalised run or determiner's phrase that the words end with."""
    if not words:
        return None
    last = words[-1]
    if last[2].casefold() in lang.not_speakers:
        return None  # "on Thursday said", "in the past said"
    if _CONTRACTION.sub("", last[2]).casefold() in lang.pronouns:  # "We’ve", "he’d"
        return Speaker(last[2], last[0], last[1])
    if _is_name_word(last[2]):
        first = len(words) - 1
        while first > 0 and len(words) - first < 6 and (
                _is_name_word(words[first - 1][2])
                and words[first - 1][2].casefold() not in lang.connectives
                and not text[words[first - 1][1]:words[first][0]].strip()):
            first -= 1
        return Speaker(text[words[first][0]:last[1]], words[first][0], last[1])
    if last[2].casefold() in lang.connectives:
        return None
    if last[2].casefold() in lang.anonymous_sources:  # "officials", "senior Russian officials"
        first = len(words) - 1
        while first > 0 and len(words) - first < 4 and words[first - 1][2].isalpha() \
                and words[first - 1][2].casefold() not in lang.connectives | lang.between \
                and not text[words[first - 1][1]:words[first][0]].strip():
            first -= 1
        return Speaker(text[words[first][0]:last[1]], words[first][0], last[1])
    for back in range(2, min(6, len(words)) + 1):
        word = words[-back]
        if text[word[1]:words[-back + 1][0]].strip() or word[2].casefold() in lang.connectives:
            return None  # punctuation or a connective inside: not one phrase
        if word[2].casefold() in lang.determiners or word[2][:1].isdigit():
            return Speaker(text[word[0]:last[1]], word[0], last[1])
    return None


def _speaker_after(text: str, at: int, limit: int, lang: Language) -> Speaker | None:
    """The speaker whose words start right after offset `at` ("said Trump", "according to
    the campaign"): a pronoun, capitalised words, or a determiner's phrase up to punctuation."""
    words = []
    for m in _WORD.finditer(text, at, limit):
        if text[words[-1][1] if words else at:m.start()].strip():
            break  # punctuation ends the phrase
        words.append((m.start(), m.end(), m.group()))
        if len(words) == 8:
            break
    if not words:
        return None
    first = words[0][2]
    if first.casefold() in lang.not_speakers:
        return None  # "..., said Friday that": the time, not the speaker
    most = min(quote_rules().windows.role_words + 1, len(words))
    role = next((k for k in range(1, most) if _is_name_word(words[k][2])), 0)
    if role and all(w[2].isalpha() and w[2].islower() and w[2] not in lang.connectives
                    and w[2] not in lang.determiners and lang.cues.fullmatch(w[2]) is None
                    for w in words[:role]):
        words, first = words[role:], words[role][2]  # "said former Gov. Jim Doyle"
    if first.casefold() in lang.pronouns:
        return Speaker(first, words[0][0], words[0][1])
    if first.casefold() in lang.determiners and len(words) > 1:
        # "the agency is also interviewing": the phrase ends before its verb
        n = next((k for k in range(1, len(words)) if _ends_nominal(words[k][2], lang)),
                 len(words))
        return Speaker(text[words[0][0]:words[n - 1][1]].rstrip("."), words[0][0],
                       words[n - 1][1]) if n > 1 else None
    if _is_name_word(first):
        n = 1
        while n < len(words) and (_is_name_word(words[n][2])
                                  or words[n][2] in lang.speaker_links):
            n += 1
        while words[n - 1][2] in lang.speaker_links:  # "said Kerry of" ends at the name
            n -= 1
        return Speaker(text[words[0][0]:words[n - 1][1]].rstrip("."), words[0][0],
                       words[n - 1][1])
    return None


def _ends_nominal(word: str, lang: Language) -> bool:
    """A word a nominal speaker stops before: a verb of its own, a connective, an adverb."""
    folded = word.casefold()
    return (folded in lang.between or lang.cues.fullmatch(word) is not None
            or (folded in lang.connectives and word not in lang.speaker_links))


def _subject(text: str, start: int, limit: int, lang: Language) -> Speaker | None:
    """The speaker a sentence opens with, past connectives ("But Clinton mocked ...") and an
    opening phrase of circumstance ("In an interview on Sunday, Trump doubled down ...")."""
    at = _first_char(text, start)
    opening = _WORD.match(text, at, limit)
    comma = text.find(",", at, limit)
    if opening and comma != -1 \
            and len(text[at:comma].split()) <= quote_rules().windows.opening_phrase_words \
            and len(text[comma + 1:limit].split()) >= 2 \
            and opening.group().casefold() in lang.circumstance_openers:
        at = _first_char(text, comma + 1)
    while (m := _WORD.match(text, at, limit)) and m.group().casefold() in lang.connectives:
        at = _first_char(text, m.end())
    return _speaker_after(text, at, limit, lang)


# --- direct quotations --------------------------------------------------------------------


@dataclass
class _Direct:
    pieces: list[_Piece]
    speaker: Speaker | None = None
    cue: str | None = None
    within_reported: bool = False  # a fragment quoted inside reported speech, reported with it
    goes_on_from: _Direct | None = None  # the quotation whose speaker it keeps, having none
    lead_start: int | None = None  # where the words before a quoted fragment it signs start


def _tail_attribution(text: str, piece: _Piece, limit: int, lang: Language
                      ) -> tuple[Speaker, str, int] | None:
    """(speaker, cue, end of the attribution) right after a closing mark."""
    lead = _TAIL_LEAD.match(text, piece.end, limit)  # always matches, maybe nothing
    at = lead.end() if lead else piece.end
    window_end = min(limit, at + 160)
    cue = lang.cues.match(text, at, window_end) or lang.source_after.match(text, at, window_end)
    if cue:  # ", said Trump", ", according to the ministry"
        speaker = _speaker_after(text, cue.end() + 1, window_end, lang)
        return (speaker, cue.group(), speaker.end_char) if speaker else None
    dash = next((d for d in "―—" if d in text[piece.end:at]), None)
    if dash:  # a pull quote signed at its paragraph's end: "..." ― Veronica Cruz
        speaker = _speaker_after(text, at, window_end, lang)
        if speaker and not text[speaker.end_char:limit].strip(" .,"):
            return speaker, dash, speaker.end_char
    ended = text[piece.start:piece.end].rstrip("\"”’'»“ ").endswith(".")
    for cue in lang.cues.finditer(text, at, window_end):  # ", Trump said"
        # the first cue whose speaker follows the mark ("," policy planning director X wrote")
        speaker = _speaker_before(text, cue.start(), at, lang)
        if speaker and _leads_to_speaker(text[at:speaker.start_char], ended, lang):
            return speaker, cue.group(), cue.end()
    if text[piece.inner_start:piece.inner_end].rstrip().endswith((",", "?", "!")):
        return _tail_without_cue(text, at, window_end, lang)
    return None


def _tail_without_cue(text: str, at: int, limit: int, lang: Language
                      ) -> tuple[Speaker, str, int] | None:
    """(speaker, verb, end of the verb) after a quotation whose last words end in a comma, a
    question or an exclamation mark inside its marks, where no listed cue follows: news writes
    the attribution there with any verb ("...," Trump shot back. "...," the nominee riffed on
    ...; "...," scoffed Arianna Gil). The verb is a lower-case word in -ed, or a lower-case
    word that ends its clause or is followed by its clause's last word ("shot back")."""
    words = []
    for m in _WORD.finditer(text, at, limit):
        if text[words[-1][1] if words else at:m.start()].strip():
            break  # punctuation ends the clause
        word = m.group()
        if word.endswith(".") and word[:-1].isalpha() and word.islower():
            words.append((m.start(), m.end() - 1, word[:-1]))  # "shot back.": the clause ends
            break
        words.append((m.start(), m.end(), word))
        if len(words) > quote_rules().windows.tail_title_words + 2:
            break
    if len(words) >= 2 and _tail_verb(words[0][2], lang) and words[0][2].endswith("ed") \
            and _is_name_word(words[1][2]):  # "," scoffed Arianna Gil
        speaker = _speaker_after(text, words[1][0], limit, lang)
        if speaker is not None:
            return speaker, words[0][2], speaker.end_char
    for k, (start, end, word) in enumerate(words[1:], 1):
        if not _tail_verb(word, lang):
            continue
        particle = words[k + 1] if k + 1 < len(words) and _tail_verb(words[k + 1][2], lang) \
            else None  # "shot back"
        if not word.endswith("ed") and len(words) > k + 1 + (particle is not None):
            continue  # neither a past tense nor the clause's last words: not the verb
        speaker = _speaker_before(text, start, at, lang)
        if speaker is not None and _leads_to_speaker(text[at:speaker.start_char], False, lang):
            verb_end = particle[1] if particle and not word.endswith("ed") else end
            return speaker, text[start:verb_end], verb_end
        return None
    return None


def _tail_verb(word: str, lang: Language) -> bool:
    """A lower-case word that may be a verb of attribution: not a determiner, connective or
    pronoun."""
    folded = word.casefold()
    return word.isalpha() and word.islower() and folded not in (
        lang.determiners | lang.connectives | lang.pronouns | lang.not_speakers)


def _leads_to_speaker(between: str, quote_ended: bool, lang: Language) -> bool:
    """What may stand between a closing mark and the speaker of its tail cue: nothing, a few
    plain words of a role ("...," CIA spokesman Ryan Trapani said), a longer role written with
    digits, initials or hyphens and no connective ("...," a NY1 representative said, "...,"
    former George W. Bush speechwriter Noam Neusner wrote), or the rest of the quoted sentence
    ("” for criminal behavior, she said"); after a quotation that ends its sentence with a full
    stop, nothing ("... or more.” Two weeks later Trump said" is another sentence)."""
    words = between.split()
    if not words:
        return True
    if quote_ended:
        return False
    windows = quote_rules().windows
    if len(words) <= windows.tail_role_words and all(w.isalpha() for w in words):
        return True
    if len(words) <= windows.tail_title_words and all(_title_word(w, lang) for w in words):
        return True
    return (between.rstrip().endswith(",") and len(words) <= windows.tail_rest_words
            and not _SENTENCE_END.search(between) and not re.search(r"[\"“”«»„]", between))


def _title_word(word: str, lang: Language) -> bool:
    """A word of a role before a name: letters or digits with inner dots, hyphens or
    apostrophes ("NY1", "vice-presidential"), not a connective, and ending in a full stop only
    as an initial or an abbreviation ("W.", "Gov."), never as a sentence's last word."""
    if not _ROLE_WORD.fullmatch(word) or word.casefold() in lang.connectives:
        return False
    stem = word.rstrip(".")
    return stem == word or len(stem) == 1 or stem.casefold() in quote_rules().abbreviations


def _head_attribution(text: str, piece: _Piece, floor: int, most_words: int, lang: Language
                      ) -> tuple[Speaker, str] | None:
    """(speaker, cue) in the words just before an opening mark: "according to X" and a comma
    or colon right before it ("According to the Daily Caller, “..."), a known cue at most
    `most_words` words before it ("Trump said:", "Trump told reporters,"), else a speaker and a
    few lower-case words that end in a colon or comma right before the mark ("Hillary shot
    back, “...”"), or a speaker and a colon alone."""
    for source in lang.source_after.finditer(text, floor, piece.start):  # "According to X: “"
        speaker = _speaker_after(text, source.end() + 1, piece.start, lang)
        if speaker is not None and text[speaker.end_char:piece.start].strip() in (",", ":"):
            return speaker, source.group()
    cues = list(lang.cues.finditer(text, floor, piece.start))
    for cue in reversed(cues):  # "Verizon said in a statement:": the verb's speaker, not the noun's
        between = text[cue.end():piece.start]
        if len(between.split()) > most_words or re.search(r"[.!?]", between):
            return None
        if _participle_clause(text, floor, cue) or _participle_of_preposition(text, floor, cue,
                                                                              lang):
            speaker = _subject(text, floor, cue.start(), lang)
        else:
            speaker = _speaker_before(text, cue.start(), floor, lang) \
                or _speaker_after(text, cue.end() + 1, piece.start, lang)
        if speaker is not None:
            return speaker, cue.group()
    if cues:
        return None
    head = text[floor:piece.start].rstrip()
    if not head.endswith((",", ":")):
        return None
    words = list(_WORD.finditer(text, floor, floor + len(head) - 1))
    for n in range(1, min(3, len(words) - 1) + 1):
        verb = words[-n:]
        if not all(w.group()[:1].islower() for w in verb):
            break
        speaker = _speaker_before(text, verb[0].start(), floor, lang)
        if speaker is not None:
            return speaker, text[verb[0].start():verb[-1].end()]
    if head.endswith(":") and words:  # a speaker alone before a colon: "Michael McDonald: “..."
        speaker = _speaker_before(text, words[-1].end(), floor, lang)
        if speaker is not None and speaker.start_char == _first_char(text, floor):
            return speaker, ":"
    return None


def _direct_quotes(text: str, paragraphs: list[_Paragraph], rules: QuoteRules,
                   lang: Language) -> list[_Direct]:
    """Direct quotations of the text, with their speakers where the text names them.

    A quoted stretch of fewer than `min_words_without_cue` words counts only with a cue right
    after it ("“Absolutely,” he said"); elsewhere it is a phrase inside reported speech or a
    scare quote, left to the indirect pass.
    """
    quotes: list[_Direct] = []
    carried: _Direct | None = None  # a quotation left open at the last paragraph's end
    last_spoken: tuple[int, _Direct] | None = None  # (paragraph number, quotation)
    for number, paragraph in enumerate(paragraphs):
        p_start, p_end = paragraph.start, paragraph.end
        first_here = len(quotes)  # the quotations this paragraph starts are appended from here
        current: _Direct | None = None
        previous_end, join_within = p_start, rules.direct.join_within_words
        for piece in _pieces(text, p_start, p_end, rules):
            words = len(_WORD.findall(text, piece.start, piece.end))
            if not words:
                continue  # marks around nothing quote nothing
            next_floor = piece.end
            tail = _tail_attribution(text, piece, p_end, lang) if piece.closed else None
            short = words < rules.direct.min_words_without_cue
            if short and tail is None:
                continue
            if carried is not None and piece.start == _first_char(text, p_start) \
                    and tail is None:
                current, carried = carried, None
                current.pieces.append(piece)
            elif current is not None and tail is None \
                    and _joins(text[previous_end:piece.start], join_within, lang):
                current.pieces.append(piece)  # "...," he said. "..."
            else:
                current = _Direct([piece])
                quotes.append(current)
                floor = max(previous_end, paragraph.sentence_start(piece.start))
                if floor == p_start and number > 0:
                    floor = _introduced_from(text, paragraphs[number - 1], floor)
                if head := _head_attribution(text, piece, floor,
                                             rules.direct.head_cue_within_words, lang):
                    current.speaker, current.cue = head
            join_within = rules.direct.join_within_words
            if tail is not None and (current.speaker is None or current.cue is None
                                     or lang.cues.fullmatch(current.cue) is None):
                if len(current.pieces) == 1 and current.cue is None:
                    current.lead_start = _fragment_lead(text, piece, paragraph, previous_end,
                                                        lang)
                current.speaker, current.cue, next_floor = tail
                # the rest of the attribution's sentence may stand before the next piece
                join_within = rules.direct.join_after_attribution_words
            previous_end = next_floor
            carried = None if piece.closed else current
        for quote in quotes[first_here:]:
            if quote.speaker is None and last_spoken \
                    and number - last_spoken[0] <= rules.direct.speaker_goes_on:
                quote.speaker = last_spoken[1].speaker  # the speaker goes on talking
                quote.goes_on_from = last_spoken[1]
            if quote.speaker is not None:
                last_spoken = (number, quote)
    return quotes


def _fragment_lead(text: str, piece: _Piece, paragraph: _Paragraph, previous_end: int,
                   lang: Language) -> int | None:
    """Where the sentence's own words start before a quoted fragment its tail attribution
    signs: those words are what the speaker said too ("Gore tried to distance himself, and in
    doing so he "made a strategic mistake," Lichtman said"). None where the fragment opens its
    sentence, follows a phrase set off by a comma or colon ("Later, "The talks ..."") or a
    cue, or another quotation stands before it."""
    start = paragraph.sentence_start(piece.start)
    if previous_end > start:
        return None
    lead = text[start:piece.start]
    if not lead.strip() or lang.cues.search(lead) or lang.source_after.search(lead) \
            or any(mark in lead for mark in QUOTATION_MARKS) \
            or lead.rstrip().endswith((":", ",")):
        return None
    return _first_char(text, start)


def _fragment_rest_end(text: str, piece: _Piece, speaker: Speaker | None) -> int:
    """Where the words a quoted fragment's sentence goes on with before its tail attribution
    end ("The meeting in the so-called "Normandy" format lasted nine hours, the sources said"):
    at the comma before the speaker; the closing mark where the attribution follows it."""
    if speaker is None or speaker.start_char <= piece.end:
        return piece.end
    rest = text[piece.end:speaker.start_char]
    comma = rest.rfind(",")
    return piece.end + comma if comma > 0 and rest[:comma].strip() else piece.end


def _introduced_from(text: str, previous: _Paragraph, floor: int) -> int:
    """Where to look for the attribution of a quotation that opens a paragraph: the previous
    paragraph's last sentence when it ends in a colon ("He said:" then the quotation)."""
    if not text[previous.start:previous.end].rstrip().endswith(":"):
        return floor
    ends = previous.sentence_ends
    return ends[-2] if len(ends) > 1 else previous.start


def _first_char(text: str, start: int) -> int:
    """The first offset from `start` that is not white space (without copying the rest)."""
    return _SPACES.match(text, start).end()


def _joins(between: str, most_words: int, lang: Language) -> bool:
    """The next quoted piece of the same paragraph goes on the same quotation when at most
    `most_words` words stand between, whatever the punctuation, and none of them is a cue (that
    would be the next piece's own attribution): a few words, or after the quotation's own
    attribution the rest of its sentence ("...," said X, a lawyer for Y. "...")."""
    return len(between.split()) <= most_words and lang.cues.search(between) is None


# --- indirect quotations ------------------------------------------------------------------


def _content_after(text: str, at: int, end: int, cue: str, lang: Language) -> int | None:
    """Where the content starts after a cue: past whom a "told" addresses, past the
    circumstances up to a "that" ("said in an interview Thursday that ..."); None where the
    cue is followed by its circumstances alone ("said on a conference call.")."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, at, min(end, at + 100))]
    i = 0
    if cue.split()[0] in lang.address_cues and words:
        addressee = _speaker_after(text, at, end, lang)
        if addressee is not None:
            while i < len(words) and words[i][1] <= addressee.end_char:
                i += 1
    for j in range(i, min(i + 8, len(words))):
        if words[j][2] in lang.complementisers:
            return words[j + 1][0] if j + 1 < len(words) else None
        if "," in text[words[j][1]:words[j + 1][0] if j + 1 < len(words) else words[j][1]]:
            break
    while i < len(words) and words[i][2].casefold() in lang.not_speakers:
        i += 1  # "said Wednesday she, too, wants ...": the day is the cue's, not the content's
    if i < len(words) and words[i][2].casefold() in lang.connectives:
        return None
    return words[i][0] if i < len(words) else None


class _Quoted:
    """The stretches the direct quotations cover, which reported speech must stay out of."""

    def __init__(self, spans: list[tuple[int, int, _Direct]]) -> None:
        self.spans = spans  # in text order: pieces never overlap, so their ends are in order too
        self.starts = [span[0] for span in spans]

    @classmethod
    def of(cls, direct: list[_Direct]) -> _Quoted:
        return cls(sorted(((p.start, p.end, q) for q in direct for p in q.pieces),
                          key=lambda span: span[0]))

    def within(self, start: int, end: int) -> _Quoted:
        """Only the stretches starting in [start, end): a paragraph's."""
        return _Quoted(self.spans[bisect_left(self.starts, start):bisect_left(self.starts, end)])

    def _overlapping(self, start: int, end: int) -> list[tuple[int, int, _Direct]]:
        """The stretches that overlap [start, end), found by bisection: a long paragraph's
        thousands of quotations are not each scanned for each of its cues."""
        first = max(0, bisect_right(self.starts, start) - 1)
        if first < len(self.spans) and self.spans[first][1] <= start:
            first += 1
        return self.spans[first:bisect_left(self.starts, end)]

    def covers(self, at: int) -> bool:
        return bool(self._overlapping(at, at + 1))

    def overlaps(self, start: int, end: int) -> bool:
        return bool(self._overlapping(start, end))

    def lend_speaker(self, start: int, end: int, speaker: Speaker, cue: str) -> None:
        """Reported speech that runs into a direct quotation ("X told the paper that "...")
        is that quotation's attribution, where it has none."""
        for _, _, quote in self._overlapping(start, end):
            if quote.cue is None:
                quote.speaker, quote.cue = speaker, cue

    def fragments(self, start: int, end: int, min_words_before: int, text: str
                  ) -> list[_Direct] | None:
        """The direct quotations wholly inside reported speech [start, end) that quotes words
        of its own before them ("X said that the elections were an "important step"");
        None where a quotation reaches outside it or the speech opens with the quotation."""
        inside = self._overlapping(start, end)
        if len(text[start:inside[0][0]].split()) < min_words_before:
            return None
        quotes = {id(q): q for _, _, q in inside}
        if any(not (start <= p.start and p.end <= end) for q in quotes.values()
               for p in q.pieces):
            return None
        return list(quotes.values())


def _indirect_quotes(text: str, paragraphs: list[_Paragraph], direct: list[_Direct],
                     lang: Language) -> list[FoundQuote]:
    quoted, found = _Quoted.of(direct), []
    for paragraph in paragraphs:
        start, here = paragraph.start, quoted.within(paragraph.start, paragraph.end)
        for end in paragraph.sentence_ends:
            found += _sentence_quotes(text, start, end, here, lang)
            start = end
    return found


def _sentence_quotes(text: str, start: int, end: int, quoted: _Quoted, lang: Language
                     ) -> list[FoundQuote]:
    """Reported speech in one sentence: at most one quotation per cue."""
    sentence = text[start:end].strip()
    body_end = end - (len(text[start:end]) - len(text[start:end].rstrip(" .!?\"”")))
    min_words = quote_rules().windows.min_reported_words
    found = []
    for m in lang.source_after.finditer(text, start, end):
        if quoted.covers(m.start()):
            continue
        speaker = _speaker_after(text, m.end() + 1, end, lang)
        if speaker is None:
            continue
        comma = text.find(",", speaker.end_char, end)
        if m.start() - start > 3 and text[start:m.start()].rstrip().endswith(","):
            c_start, c_end = _first_char(text, start), text.rfind(",", start, m.start())
        elif comma != -1:
            c_start, c_end = _first_char(text, comma + 1), body_end
        else:
            continue
        if not quoted.overlaps(c_start, c_end):
            found.append(_found(text, c_start, c_end, speaker, m.group(), sentence))
    for m in lang.cues.finditer(text, start, end):
        if quoted.covers(m.start()) or _noun_use(text, start, m.start(), lang):
            continue
        speaker = _speaker_before(text, m.start(), start, lang)
        if _participle_clause(text, start, m) or _participle_of_preposition(text, start, m,
                                                                             lang):
            speaker = _subject(text, start, m.start(), lang)
        inserted = _parenthetical(text, start, body_end, speaker, m, lang)
        if inserted is not None:  # "The talks, he said, would resume ..."
            if not quoted.overlaps(_first_char(text, start), body_end):
                found.append(replace(
                    _found(text, _first_char(text, start), body_end, speaker, m.group(),
                           sentence), content=inserted))
            continue
        after = _content_after(text, m.end(), end, m.group(), lang)
        if speaker is not None and after is not None \
                and len(text[after:body_end].split()) >= min_words:
            if quoted.overlaps(after, body_end):
                fragments = quoted.fragments(after, end, min_words, text)
                if fragments is None:
                    quoted.lend_speaker(after, body_end, speaker, m.group())
                    continue
                for quote in fragments:
                    quote.within_reported = True
                c_end = max(body_end, *(p.end for q in fragments for p in q.pieces))
                found.append(replace(_found(text, after, c_end, speaker, m.group(), sentence),
                                     direct=True))
            else:
                clause_end = _opening_clause_end(text, start, m.start(), after, body_end, lang)
                found.append(_found(text, after, _clause_end(text, after, clause_end, lang),
                                    speaker, m.group(), sentence))
            continue
        before = text[start:m.start()].rstrip()
        if before.endswith(","):  # "..., said Jeffrey Trimble, a senior official."
            speaker = _speaker_after(text, m.end() + 1, end, lang)
            c_end = m.start() - (len(text[start:m.start()]) - len(before)) - 1
        elif len(text[m.end():body_end].split()) <= 4 and speaker is not None \
                and speaker.start_char > start:  # "..., the ministry said."
            c_end = text.rfind(",", start, speaker.start_char)
        else:
            continue
        c_start = _first_char(text, start)
        if speaker is not None and c_end > c_start and not quoted.overlaps(c_start, c_end):
            found.append(_found(text, c_start, c_end, speaker, m.group(), sentence))
    return found


_INSERT_END = re.compile(r"[^,.;:!?\"“”]{0,40},")  # the rest of an inserted attribution


def _parenthetical(text: str, start: int, end: int, speaker: Speaker | None,
                   cue: re.Match[str], lang: Language) -> str | None:
    """The content around an attribution set between commas inside its sentence ("The talks,
    he said on Friday, would resume ..."): the words before and after it, joined. A sentence
    that opens with a phrase of circumstance ("In a speech on Tuesday, Trump ...") has none."""
    if speaker is None or speaker.start_char <= _first_char(text, start):
        return None
    opening = _WORD.match(text, _first_char(text, start))
    if opening is None or opening.group().casefold() in lang.circumstance_openers:
        return None
    before = text[start:speaker.start_char].rstrip()
    rest = _INSERT_END.match(text, cue.end(), end)
    if not before.endswith(",") or rest is None or len(before.split()) < 2:
        return None
    content = f"{before[:-1].strip()} {text[rest.end():end].strip()}"
    return _unmarked(content) if len(text[rest.end():end].split()) >= 2 else None


def _clause_end(text: str, start: int, end: int, lang: Language) -> int:
    """Where reported speech from `start` ends: at the comma before a participle cue of its own
    ("mocked the complaint, saying ..." reports two things), before another speaker's
    attribution joined by a comma or a conjunction ("he said A, he clarified that B", "Trump
    said A and Trump says B"), or before the same speaker's second cue joined by a conjunction
    ("she said A but (later) said B"), else at `end`."""
    min_words = quote_rules().windows.min_reported_words
    end = _aside_start(text, start, end, lang) or end
    for cue in lang.cues.finditer(text, start, end):
        if _participle_clause(text, start, cue):
            return text.rfind(",", start, cue.start())
        if _noun_use(text, start, cue.start(), lang):
            continue
        speaker = _speaker_before(text, cue.start(), start, lang)
        if speaker is None:  # "she said A but (later) said B": the same speaker's second cue
            head = text[start:cue.start()].rstrip()
            while (word := _LAST_WORD.search(head)) and word.group().casefold() in lang.between:
                head = head[:word.start()].rstrip()
            joint = _LAST_WORD.search(head)
            if joint is not None and joint.group().casefold() in lang.clause_joints:
                head = head[:joint.start()].rstrip(",; ")
                if len(head.split()) >= min_words:
                    return start + len(head)
            continue
        if speaker.start_char <= start:
            continue
        head = text[start:speaker.start_char].rstrip()
        joint = _LAST_WORD.search(head)
        if joint is not None and joint.group().casefold() in lang.clause_joints:
            head = head[:joint.start()].rstrip()
        elif not head.endswith((",", ";")):
            continue
        head = head.rstrip(",; ")
        if len(head.split()) >= min_words:
            return start + len(head)
    return end


def _opening_clause_end(text: str, start: int, cue: int, after: int, end: int,
                        lang: Language) -> int:
    """The comma that ends a sentence's opening subordinate clause with the cue in it ("When
    the government called snap elections for October, Mr. Manafort rallied ...": the main
    clause after the comma is the writer's); `end` where the sentence opens otherwise, a comma
    stands before the cue or none after it."""
    opening = _WORD.match(text, _first_char(text, start))
    if opening is None or opening.group().casefold() not in lang.subordinators \
            or "," in text[start:cue]:
        return end
    comma = text.find(",", after, end)
    return end if comma == -1 else comma


def _aside_start(text: str, start: int, end: int, lang: Language) -> int | None:
    """Where a relative clause after a comma that runs to the end of reported speech begins:
    the writer's aside on the speech's last name ("they will not avoid Clinton, who has been
    battered by ..."); None where the speech has fewer words of its own before it, or the
    clause closes with a comma and the speech goes on ("the plan, which ..., would cost")."""
    min_words = quote_rules().windows.min_reported_words
    for comma in re.finditer(r",\s+(\w+)", text[start:end]):
        at = start + comma.start()
        if comma.group(1) in lang.aside_relatives and "," not in text[at + 1:end] \
                and len(text[start:at].split()) >= min_words:
            return at
    return None


def _participle_clause(text: str, start: int, cue: re.Match[str]) -> bool:
    """The cue is a participle after a comma, whose speaker is the subject of the clause it
    hangs on ("Clinton mocked the complaint, saying ...")."""
    return cue.group().endswith("ing") and text[start:cue.start()].rstrip().endswith(",")


def _participle_of_preposition(text: str, start: int, cue: re.Match[str], lang: Language
                               ) -> bool:
    """The cue is a participle after a preposition, whose speaker is the subject of the clause
    it hangs on ("Bolton distanced himself from the movement by saying ...", "Silverman
    incurred a wave of boos upon saying ...")."""
    if not cue.group().endswith("ing"):
        return False
    before = _LAST_WORD.search(text[start:cue.start()].rstrip())
    return before is not None and before.group().casefold() in lang.participle_links


def _noun_use(text: str, start: int, at: int, lang: Language) -> bool:
    """The cue word at `at` is a noun here, or a verb of a relative clause whose speaker lies
    further back: it follows a determiner or a possessive ("the plan", "Trump's support", "a
    poll that found")."""
    before = list(_WORD.finditer(text, max(start, at - 40), at))
    if not before or text[before[-1].end():at].strip():
        return False
    word = before[-1].group()
    return word.casefold() in lang.determiners or _possessive(word)


def _found(text: str, start: int, end: int, speaker: Speaker | None, cue: str | None,
           sentence: str) -> FoundQuote:
    return FoundQuote(start, end, _unmarked(text[start:end]), speaker, cue, False, sentence)


def _unmarked(content: str) -> str:
    """The content without the quotation marks around it; marks around a fragment it quotes
    stay, the one closing a fragment at its end included."""
    content = content.strip().lstrip(QUOTATION_MARKS).lstrip()
    trimmed = content.rstrip(QUOTATION_MARKS)
    if sum(trimmed.count(mark) for mark in QUOTATION_MARKS) % 2:
        return content
    return trimmed.rstrip()


def marked(content: str, direct: bool) -> str:
    """The content as print shows it, a direct quotation between quotation marks (how the
    quotations-dev scorer tells a direct quotation)."""
    return f"“{content}”" if direct else content


# --- the article --------------------------------------------------------------------------


def find_quotes(text: str, language: str | None = None, rules: QuoteRules | None = None,
                parser: Parser | None = None) -> list[FoundQuote]:
    """The quotations of one cleaned article, in text order (by quotations.toml's rules, and
    with a parser by the parse of the sentences with a cue the rules leave open)."""
    return _completed([_by_rules(text, language, rules, parser is not None)], parser)[0]


@dataclass(frozen=True)
class _Ruled:
    """An article through the rules: the quotations they found, and the sentences with a cue
    they leave open (start, end, the open cues' offsets in it) for the parse."""

    text: str
    found: list[FoundQuote]
    quoted: _Quoted
    lang: Language
    labels: Parsing
    open_sentences: list[tuple[int, int, set[int]]]


def _by_rules(text: str, language: str | None, rules: QuoteRules | None, parsed: bool
              ) -> _Ruled:
    """The rules' work on one article; with `parsed`, the sentences they leave open too."""
    rules = rules or quote_rules()
    lang = rules.language(language)
    paragraphs = _paragraphs(text)
    direct = _direct_quotes(text, paragraphs, rules, lang)
    found = _indirect_quotes(text, paragraphs, direct, lang)  # may name direct ones' speakers
    _reported_speaker_goes_on(direct, found, paragraphs)
    for quote in direct:
        if quote.within_reported:
            continue
        content = " ".join(_unmarked(text[p.inner_start:p.inner_end]) for p in quote.pieces)
        first, last = quote.pieces[0], quote.pieces[-1]
        start, end = first.start, last.end
        if quote.lead_start is not None:  # the sentence's words around the fragment, its marks too
            start, stop = quote.lead_start, _fragment_rest_end(text, first, quote.speaker)
            content = " ".join([text[start:stop].strip(),
                                *(_unmarked(text[p.inner_start:p.inner_end])
                                  for p in quote.pieces[1:])])
            end = max(end, stop)
        found.append(FoundQuote(start, end, content, quote.speaker, quote.cue,
                                True, _sentence_of(text, first.start, paragraphs)))
    found += _headline_quotes(text, paragraphs, lang)
    quoted = _Quoted.of(direct)
    open_sentences = _open_sentences(text, paragraphs, found, quoted, lang) if parsed else []
    return _Ruled(text, found, quoted, lang, rules.parsing, open_sentences)


def _reported_speaker_goes_on(direct: list[_Direct], reported: list[FoundQuote],
                              paragraphs: list[_Paragraph]) -> None:
    """A direct quotation without an attribution of its own goes on from the reported speech
    just before it in its paragraph, rather than from an earlier quotation ("Coan argues that
    his client was never violent. "The government is alleging ..."")."""
    spoken = sorted(((q.end_char, q.start_char, q.speaker) for q in reported
                     if q.speaker is not None), key=lambda s: s[:2])
    ends = [s[0] for s in spoken]
    previous_end = 0
    for quote in direct:  # in text order
        start = quote.pieces[0].start
        if quote.goes_on_from is not None and quote.cue is None:
            paragraph = paragraphs[bisect_right(paragraphs, start, key=lambda p: p.start) - 1]
            floor = max(paragraph.start, previous_end)
            # the candidates ending after `floor` only: a long article's others are not scanned
            before = [s for s in spoken[bisect_right(ends, floor):bisect_right(ends, start)]
                      if s[1] >= floor]
            # of the candidates overlapping the last one, the outermost ("Coan argues that his
            # client was never encouraging ...": Coan's, not the nested one's)
            last = min((s for s in before if s[0] > before[-1][1]), key=lambda s: s[1],
                       default=None) if before else None
            quote.speaker = last[2] if last else quote.goes_on_from.speaker
        previous_end = quote.pieces[-1].end


def _completed(articles: Sequence[_Ruled], parser: Parser | None) -> list[list[FoundQuote]]:
    """Each article's quotations: the sentences all of them leave open parsed in one call (a
    parse is cheaper by the batch), each article's then completed from its own sentences'
    parse, one quotation per stretch of text."""
    sentences = [a.text[s:e] for a in articles for s, e, _ in a.open_sentences]
    docs = parser(sentences) if parser is not None and sentences else []
    if len(docs) != len(sentences):
        raise ValueError(f"the parser gave {len(docs)} parses of {len(sentences)} sentences")
    done, first = [], 0
    for article in articles:
        last = first + len(article.open_sentences)
        done.append(_one_per_span(article.found + _parsed(article, docs[first:last]),
                                  article.lang))
        first = last
    return done


def _headline_quotes(text: str, paragraphs: list[_Paragraph], lang: Language
                     ) -> list[FoundQuote]:
    """Who said what in the article's headline (its first line, when short), written as
    headlines are: a name and a colon ("Lynch: No outside influence on FBI probe"), or a name
    and a capitalised cue ("Glenn Beck Blasts Drudge for Mocking His Fast, Quotes Bible ...";
    up to the comma), the name opening the headline."""
    if not paragraphs or paragraphs[0].start != _first_char(text, 0):
        return []
    start, end = paragraphs[0].start, paragraphs[0].end
    if len(text[start:end].split()) > quote_rules().windows.headline_words:
        return []
    body_end = start + len(text[start:end].rstrip(" .!?"))
    colon = text.find(":", start, end)
    if colon != -1:
        speaker = _speaker_before(text, colon, start, lang)
        content_start = _first_char(text, colon + 1)
        if speaker is not None and _is_name_word(speaker.text) \
                and _opens_headline(text, start, speaker) \
                and len(text[content_start:body_end].split()) >= 2:
            return [_found(text, content_start, body_end, speaker, ":", text[start:end].strip())]
    for word in _WORD.finditer(text, start, end):
        cue = word.group()
        if cue not in lang.headline_cues:
            continue
        speaker = _speaker_before(text, word.start(), start, lang)
        content_start = _first_char(text, word.end())
        comma = text.find(",", content_start, body_end)
        content_end = body_end if comma == -1 else comma
        if speaker is not None and _opens_headline(text, start, speaker) \
                and content_end > content_start:
            return [_found(text, content_start, content_end, speaker, cue,
                           text[start:end].strip())]
    return []


def _opens_headline(text: str, start: int, speaker: Speaker) -> bool:
    """The speaker opens the headline, after a tag in capitals at most ("EXCLUSIVE – Roger
    Stone:"); "Macron In Kyiv Says" names no speaker "Kyiv"."""
    return all(word.isupper() for word in _WORD.findall(text, start, speaker.start_char))


def _one_per_span(found: list[FoundQuote], lang: Language) -> list[FoundQuote]:
    """One quotation for each stretch of text that candidates overlap on: a direct one before
    reported speech, one with a speaker before one without, then the longest; it takes the
    speaker and cue of another where it has none."""
    merged: list[FoundQuote] = []
    group: list[FoundQuote] = []
    for quote in sorted(found, key=lambda q: (q.start_char, -q.end_char)):
        if group and quote.start_char >= max(q.end_char for q in group):
            merged.append(_best(group))
            group = []
        group.append(quote)
    if group:
        merged.append(_best(group))
    return merged


def _best(group: list[FoundQuote]) -> FoundQuote:
    best = max(group, key=lambda q: (q.direct, q.speaker is not None,
                                     q.end_char - q.start_char))
    if best.speaker is None:
        spoken = next((q for q in group if q.speaker is not None), None)
        if spoken is not None:
            best = replace(best, speaker=spoken.speaker, cue=best.cue or spoken.cue)
    return best


def _open_sentences(text: str, paragraphs: list[_Paragraph], found: list[FoundQuote],
                    quoted: _Quoted, lang: Language) -> list[tuple[int, int, set[int]]]:
    """The sentences with a cue the rules left open, for the parse: outside quotation marks,
    outside the quotations the rules found and not the cue of one of them in the same sentence
    ("X said A, while Y has argued B"). A cue word after a determiner or possessive is a noun
    ("the plan", "Trump's support"), and one followed by fewer words than reported speech has
    (`min_reported_words`) reports nothing there: neither sends its sentence to the parser."""
    min_words = quote_rules().windows.min_reported_words
    spans = sorted((q.start_char, q.end_char, q.cue) for q in found)
    starts = [s[0] for s in spans]
    sentences = []
    for paragraph in paragraphs:
        start = paragraph.start
        for end in paragraph.sentence_ends:
            here = spans[bisect_left(starts, start):bisect_left(starts, end)]
            open_cues = {m.start() - start for m in lang.cues.finditer(text, start, end)
                         if not quoted.covers(m.start())
                         and not _noun_use(text, start, m.start(), lang)
                         and len(text[m.end():end].split()) >= min_words
                         and not any(s <= m.start() < e or m.group() == c for s, e, c in here)}
            if open_cues:
                sentences.append((start, end, open_cues))
            start = end
    return sentences


def _parsed(article: _Ruled, docs: Sequence[Doc]) -> list[FoundQuote]:
    """Reported speech the parse (`docs`, one per open sentence) finds at the open cues,
    outside quotation marks."""
    text, more = article.text, []
    for (start, end, open_cues), doc in zip(article.open_sentences, docs, strict=True):
        for quote in parsed_quotes(doc, article.lang, article.labels, open_cues):
            c_start, c_end = start + quote.start_char, start + quote.end_char
            if article.quoted.overlaps(c_start, c_end):
                continue
            s_start, s_end = start + quote.speaker[0], start + quote.speaker[1]
            more.append(FoundQuote(c_start, c_end, _unmarked(text[c_start:c_end]),
                                   Speaker(text[s_start:s_end], s_start, s_end), quote.cue,
                                   False, text[start:end].strip()))
    return more


def _sentence_of(text: str, at: int, paragraphs: list[_Paragraph]) -> str:
    """The sentence around offset `at`, found in its paragraph only."""
    paragraph = paragraphs[bisect_right(paragraphs, at, key=lambda p: p.start) - 1]
    number = bisect_right(paragraph.sentence_ends, at)
    if number == len(paragraph.sentence_ends):
        return ""
    return text[paragraph.sentence_start(at):paragraph.sentence_ends[number]].strip()


def find_article_quotes(articles: Sequence[Article], rules: QuoteRules | None = None,
                        beat: Callable[[], object] = lambda: None
                        ) -> tuple[dict[str, list[FoundQuote]], list[QuarantineRecord]]:
    """Each article's quotations, the sentences the rules leave open parsed by the article's
    NER model where its language is parsed (quotations.toml [parsing]): those of all the
    articles of one language and model in one call of its parser. An article whose text
    breaks the rules is quarantined, the others go on. `beat` is called as each article's
    rules start and before each parse (the workers' heartbeat)."""
    parsers: dict[tuple[str | None, str | None], Parser | None] = {}

    def by_rules(article: Article) -> _Ruled:
        beat()
        key = (article.language, article.ner_model)
        if key not in parsers:
            parsers[key] = language_parser(*key, rules)
        return _by_rules(article.text, article.language, rules, parsers[key] is not None)

    ruled, rejected = each_article(articles, "quotations", _FAILURE, by_rules)
    found: dict[str, list[FoundQuote]] = {}
    for key, parser in parsers.items():
        group = [a for a in articles
                 if (a.language, a.ner_model) == key and a.article_id in ruled]
        parsed, refused = _parsed_together(group, ruled, parser, beat)
        found.update(parsed)
        rejected += refused
    order = {a.article_id: k for k, a in enumerate(articles)}
    return ({i: found[i] for i in order if i in found},
            sorted(rejected, key=lambda q: order.get(q.doc_id or "", 0)))



def _parsed_together(articles: Sequence[Article], ruled: dict[str, _Ruled],
                     parser: Parser | None, beat: Callable[[], object]
                     ) -> tuple[dict[str, list[FoundQuote]], list[QuarantineRecord]]:
    """The articles' quotations, their open sentences parsed by `parser` in one call; if that
    fails, article by article, so that only the article it fails on is quarantined."""
    beat()
    try:
        quotes = _completed([ruled[a.article_id] for a in articles], parser)
    except Exception:  # the article at fault is found below
        pass
    else:
        return {a.article_id: q for a, q in zip(articles, quotes, strict=True)}, []

    def alone(article: Article) -> list[FoundQuote]:
        beat()
        return _completed([ruled[article.article_id]], parser)[0]

    return each_article(articles, "quotations", _FAILURE, alone)


def language_parser(language: str | None, model: str | None, rules: QuoteRules | None = None
                    ) -> Parser | None:
    """The parser of an article in `language` tagged by `model`: the model's own, where the
    language is parsed (quotations.toml [parsing])."""
    parsed = (rules or quote_rules()).parsing.languages
    return parser_for(model) if (language or "en") in parsed else None
