"""Reported speech from spaCy's dependency parse, on the sentences the rules leave open.

On whole articles the parser would add 60-75 % to NER's time, so it runs only where it pays: on
sentences with a cue word (quotations.toml's cues, not after a determiner) outside quotation
marks that no quotation the rules found uses (about 21 % of a news article's words). There a cue
word
used as a verb gives its subject as the speaker ("Rubio has aggressively supported ...", "X,
who ..., warned that ...") and its complement as the content: the clause it takes ("warned
that ..."), else its object and prepositional complements ("supported the subsidies", "called
for a safe zone": a preposition right after the cue is the cue's, the content "a safe
zone"). A cue word the parse uses as an adverb, a noun or an adjective ("repeatedly", "the
plan") marks no speech. The dependency labels each rule reads are data
(quotations.toml [parsing]).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from newsflow.enrich.quotations.rules import Language, Parsing

if TYPE_CHECKING:
    from spacy.language import Language as SpacyLanguage
    from spacy.tokens import Doc, Token

# A parse of each of a list of sentences, in order.
Parser = Callable[[Sequence[str]], list["Doc"]]

UNUSED_PIPES = ("tagger", "attribute_ruler", "lemmatizer", "ner", "senter")


@dataclass(frozen=True)
class ParsedQuote:
    """Reported speech as the parse gives it: offsets in the sentence's own text."""

    start_char: int
    end_char: int
    speaker: tuple[int, int]
    cue: str


@lru_cache(maxsize=2)
def load_parser(name: str) -> SpacyLanguage:
    """The model with only its shared token layer and dependency parser (no tagger, NER or
    lemmatiser: the parse's labels are all the rules read)."""
    import spacy

    return spacy.load(name, exclude=list(UNUSED_PIPES))


def parser_for(model: str | None, batch_size: int = 64) -> Parser | None:
    """A Parser running `model`'s dependency parser; None for no model or one without a
    parser."""
    if model is None or "parser" not in load_parser(model).pipe_names:
        return None

    def parse(sentences: Sequence[str]) -> list[Doc]:
        return list(load_parser(model).pipe(sentences, batch_size=batch_size))

    return parse


def parsed_quotes(doc: Doc, lang: Language, labels: Parsing,
                  cues_at: Collection[int] | None = None) -> list[ParsedQuote]:
    """Reported speech in one parsed sentence: at most one quotation per cue word used as a
    verb with a subject and a complement (only the cue words starting at `cues_at`, when
    given: those the rules left open)."""
    text = doc.text
    found = []
    for cue in lang.cues.finditer(text):
        if cues_at is not None and cue.start() not in cues_at:
            continue
        span = doc.char_span(cue.start(), cue.end(), alignment_mode="expand")
        if span is None:
            continue
        verb = span.root
        if verb.dep_ not in labels.verb_labels:
            continue
        subject = _subject(verb, labels)
        content = _content(verb, span.end, labels, lang)
        if subject is None or content is None:
            continue
        found.append(ParsedQuote(content[0], content[1], subject, cue.group()))
    return found


def _subject(verb: Token, labels: Parsing) -> tuple[int, int] | None:
    """The offsets of the verb's speaker: its subject's phrase (in a relative clause the pronoun,
    "who", as the text has it: attribution links it to the name before), or the subject of the
    verb it hangs on."""
    while True:
        subjects = [c for c in verb.lefts if c.dep_ == "nsubj"]
        if subjects:
            return _phrase(subjects[-1], labels)
        if verb.dep_ not in labels.shared_subject_labels or verb.head.i == verb.i:
            return None
        verb = verb.head


def _phrase(head: Token, labels: Parsing) -> tuple[int, int] | None:
    """The offsets of a noun phrase: its whole subtree when short, else the head with the words
    that name it ("former Gov. Jim Doyle", not the relative clause after it)."""
    tokens = list(head.subtree)
    if len(tokens) > labels.most_speaker_tokens:
        tokens = [t for t in head.lefts if t.dep_ in labels.name_labels] + [head]
    tokens = [t for t in tokens if not (t.is_punct or t.is_space)] or [head]  # " He": no space
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _content(verb: Token, after: int, labels: Parsing, lang: Language
             ) -> tuple[int, int] | None:
    """The offsets of what the verb reports: the clause it takes, else its complements after
    it up to the first comma, semicolon or dash (an appositive or a clause of the writer's
    follows there: "sought Republican suggestions, an offer the leadership rebuffed"); either
    without a relative clause after a comma that ends it (the writer's aside: "..., who has
    been battered by ...")."""
    rights = [c for c in verb.rights if c.i >= after]
    clause = next((c for c in rights if c.dep_ in labels.clause_labels), None)
    if clause is not None:
        tokens = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)]
    else:
        complements = [c for c in rights if c.dep_ in labels.complement_labels]
        if not complements:
            return None
        tokens = sorted(t for c in complements for t in c.subtree
                        if not _cue_preposition(t, verb, after, labels))
        comma = next((k for k, t in enumerate(tokens) if k and t.text in ",;—–"), None)
        tokens = tokens[:comma]
    tokens = _without_aside(sorted(tokens), lang.aside_relatives)
    tokens = sorted(t for t in tokens if not t.is_punct or t.text in "\"“”")
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _without_aside(tokens: list[Token], relatives: Collection[str]) -> list[Token]:
    """The tokens before a relative clause set off by a comma that runs to their end: the
    writer's aside on the last name ("... Clinton, who has been battered by ...")."""
    for k in range(1, len(tokens) - 1):
        relative = tokens[k + 1]
        if tokens[k].text == "," and relative.lower_ in relatives \
                and relative.head.dep_ == "relcl" \
                and max(t.i for t in relative.head.subtree) >= tokens[-1].i:
            return tokens[:k]
    return tokens


def _cue_preposition(token: Token, verb: Token, after: int, labels: Parsing) -> bool:
    """The token is a preposition the cue takes right after it ("complained about", "called
    for"): the cue's own word, not what it reports."""
    return (token.i == after and token.head.i == verb.i and token.dep_ == "prep"
            and token.lower_ in labels.cue_prepositions)
