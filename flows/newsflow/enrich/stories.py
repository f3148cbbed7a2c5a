"""Stories: near-duplicate articles (one wire story in several outlets) grouped together.

Each article's text becomes a MinHash signature over word 3-shingles; MinHash LSH finds the
candidates among published and already grouped articles, so no batch is compared all-pairs.
An article joins the story of its most similar candidate whose estimated Jaccard similarity is
at least SIMILARITY_THRESHOLD, or starts a story of its own: every article belongs to exactly
one story, singletons included. Within a batch, articles are taken oldest first (then by id),
so a story's representative is its earliest article; a published article keeps its story.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from newsflow.enrich.names import stable_id
from newsflow.records import Article

# datasketch pulls in scipy (about half a second), so it is imported where signatures are made:
# a run with nothing new to group never pays for it.
if TYPE_CHECKING:
    from datasketch import MinHash

SHINGLE_WORDS = 3
NUM_PERM = 128
MINHASH_SCHEME = "affine32"  # stored signatures are only comparable under the same scheme
# Measured on the seeds: the two AFP copies (different boilerplate, one truncated) score 0.47,
# unrelated articles on the same topic at most 0.02.
SIMILARITY_THRESHOLD = 0.3
_WORD = re.compile(r"\w+")
_SHA1_WORDS = 5  # a SHA-1 digest is five 32-bit words


@dataclass(frozen=True)
class StoryMember:
    """One row of stories: the article's story and its similarity to the representative."""

    article_id: str
    story_id: str
    representative_id: str
    similarity: float


@dataclass(frozen=True)
class Signature:
    """One row of article_minhashes: the stored signature later batches are matched against."""

    article_id: str
    minhash: list[int]


def shingles(text: str) -> set[bytes]:
    """Word 3-shingles of the lower-cased text (the whole text if it is shorter)."""
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()}
    return {" ".join(shingle).encode()
            for shingle in zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)}


def shingle_hashes(values: Iterable[bytes]) -> np.ndarray:
    """datasketch's default hash (sha1_hash32: the first 4 bytes of SHA-1, little-endian) of
    each value, read out of the joined digests at once instead of one struct.unpack each."""
    digests = b"".join([hashlib.sha1(value).digest() for value in values])
    return np.frombuffer(digests, dtype="<u4")[::_SHA1_WORDS].astype(np.uint32)


def _as_is(value: int) -> int:
    """The hash function of signatures made here: their values arrive hashed."""
    return value


@cache
def _permutations() -> np.ndarray:
    """The scheme's permutations (seeded, the same for every signature), drawn once."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME).permutations


def minhash_of(text: str) -> MinHash:
    """The text's signature; the same values as datasketch's MinHash updated with the
    shingles (test_stories.py), with the shingles hashed up front (shingle_hashes)."""
    from datasketch import MinHash

    signature = MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME, hashfunc=_as_is,
                        permutations=_permutations())
    signature.update_batch(shingle_hashes(shingles(text)).tolist())
    return signature


def _stored(values: Sequence[int]) -> MinHash:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME, permutations=_permutations(),
                   hashvalues=np.asarray(values, dtype=np.uint64))


def _age_order(article: Article) -> tuple[bool, dt.date, str]:
    """Oldest first, undated last, then by id: the representative is the earliest article
    (sql/tables/stories/publish.sql moves a leaving one's story by the same order;
    test_rules_agree.py)."""
    return (article.published_date is None, article.published_date or dt.date.min,
            article.article_id)


class StoryIndex:
    """Signatures and stories of every grouped article, with an LSH index over them.

    Seeded with the published articles, it grows with each chunk of the run. Published
    signatures are all held in memory (about 1 kB an article).
    """

    def __init__(self, known: Iterable[tuple[StoryMember, Sequence[int]]] = ()) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=SIMILARITY_THRESHOLD, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}
        self._members: dict[str, StoryMember] = {}
        for member, values in known:
            self._add(member, _stored(values))

    def _add(self, member: StoryMember, signature: MinHash) -> None:
        self._members[member.article_id] = member
        self._signatures[member.article_id] = signature
        self._lsh.insert(member.article_id, signature)

    def _closest(self, signature: MinHash) -> tuple[float, StoryMember] | None:
        """The most similar grouped article above the threshold (ties: lowest story id)."""
        scored = [
            (signature.jaccard(self._signatures[key]), self._members[key])
            for key in self._lsh.query(signature)
        ]
        above = [(score, member) for score, member in scored if score >= SIMILARITY_THRESHOLD]
        return min(above, key=lambda s: (-s[0], s[1].story_id), default=None)

    def assign(self, articles: Sequence[Article]) -> tuple[list[StoryMember], list[Signature]]:
        """The story of each article (a published one keeps its own) and its signature."""
        members, signatures = [], []
        for article in sorted(articles, key=_age_order):
            known = self._members.get(article.article_id)
            if known is None:
                signature = minhash_of(article.text)
                closest = self._closest(signature)
                if closest is None:
                    known = StoryMember(article.article_id, stable_id("story", article.article_id),
                                        article.article_id, 1.0)
                else:
                    score, match = closest
                    representative = self._signatures.get(match.representative_id)
                    if representative is not None:
                        score = signature.jaccard(representative)
                    known = StoryMember(article.article_id, match.story_id,
                                        match.representative_id, float(score))
                self._add(known, signature)
            members.append(known)
            values = self._signatures[article.article_id].hashvalues
            signatures.append(Signature(article.article_id, values.tolist()))
        return members, signatures
