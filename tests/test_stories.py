"""Stories: the two AFP copies among the seeds are one story, every other seed its own."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import query
from newsflow.clean import clean_document
from newsflow.enrich.stories import (
    MINHASH_SCHEME,
    NUM_PERM,
    SIMILARITY_THRESHOLD,
    StoryIndex,
    StoryMember,
    minhash_of,
    shingles,
)
from newsflow.records import Article
from newsflow.settings import SEEDS_DIR

AFP_COPIES = {"003", "004"}


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    """The seeds cleaned as the pipeline cleans them, keyed by their number (`000`...)."""
    articles = []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        cleaned = clean_document(path.read_text(encoding="utf-8"), "text/plain", str(path))
        articles.append(Article.from_cleaned(path.name[:3], str(path), cleaned))
    return articles


def groups(members: list[StoryMember]) -> set[frozenset[str]]:
    stories: dict[str, set[str]] = {}
    for m in members:
        stories.setdefault(m.story_id, set()).add(m.article_id)
    return {frozenset(s) for s in stories.values()}


def test_the_afp_copies_are_one_story_and_no_other_pair_is(seeds: list[Article]) -> None:
    members, signatures = StoryIndex().assign(seeds)
    singletons = {frozenset({a.article_id}) for a in seeds if a.article_id not in AFP_COPIES}
    assert groups(members) == {frozenset(AFP_COPIES), *singletons}
    assert {m.article_id for m in members} == {s.article_id for s in signatures}
    by_id = {m.article_id: m for m in members}
    afp = [by_id[a] for a in sorted(AFP_COPIES)]
    representative = {m.representative_id for m in afp}
    assert len(representative) == 1 and representative <= AFP_COPIES
    copy = next(m for m in afp if m.article_id not in representative)
    assert SIMILARITY_THRESHOLD <= copy.similarity < 1
    assert all(0 <= m.similarity <= 1 for m in members)


@pytest.mark.parametrize("text", ["", "One", "Two words", "Three words here",
                                  "A wire story, a wire story: told twice, told twice."])
def test_signatures_are_datasketchs_own(seeds: list[Article], text: str) -> None:
    """Signatures are hashed up front (stories.shingle_hashes), but stay comparable with the
    stored ones: the same values as datasketch's MinHash fed the shingles one by one."""
    from datasketch import MinHash

    for sample in [text, *(a.text for a in seeds[:3])]:
        expected = MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME)
        expected.update_batch(shingles(sample))
        assert minhash_of(sample).hashvalues.tolist() == expected.hashvalues.tolist()


def test_a_later_batch_joins_the_published_story(seeds: list[Article]) -> None:
    first, rest = [a for a in seeds if a.article_id != "004"], [a for a in seeds
                                                                if a.article_id == "004"]
    members, signatures = StoryIndex().assign(first)
    published = [(m, s.minhash) for m, s in zip(members, signatures, strict=True)]
    [later], _ = StoryIndex(published).assign(rest)
    [afp] = [m for m in members if m.article_id == "003"]
    assert (later.story_id, later.representative_id) == (afp.story_id, "003")


def test_a_reprocessed_article_keeps_its_story(seeds: list[Article]) -> None:
    members, signatures = StoryIndex().assign(seeds)
    published = [(m, s.minhash) for m, s in zip(members, signatures, strict=True)]
    again, _ = StoryIndex(published).assign(seeds)
    assert sorted(again, key=lambda m: m.article_id) == sorted(members,
                                                               key=lambda m: m.article_id)


def test_short_edits_of_one_story_stay_together(seeds: list[Article]) -> None:
    [afp] = [a for a in seeds if a.article_id == "004"]
    edited = dataclasses.replace(afp, article_id="edit",
                                 text=afp.text.replace("Thursday", "Friday") + " (AFP)")
    members, _ = StoryIndex().assign([afp, edited])
    assert len({m.story_id for m in members}) == 1


def test_stories_across_runs_in_the_warehouse(run_pipeline: Any, seeds_dir: Path,
                                              tmp_path: Path) -> None:
    """Run 1 publishes four seeds, run 2 the other AFP copy: it joins run 1's story."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for path in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(path, second if path.name.startswith("004") else first)
    assert run_pipeline(sources=[first]).status == "published"
    assert run_pipeline(sources=[second]).status == "published"
    db = tmp_path / "news.duckdb"
    stories = query(db, """
        SELECT list_sort(list(regexp_extract(a.source, '([0-9]{3})_[^/]+$', 1)))
        FROM stories s JOIN articles a USING (article_id) GROUP BY s.story_id ORDER BY 1
    """)
    assert stories == [(["000"],), (["001"],), (["002"],), (["003", "004"],)]
    assert query(db, "SELECT count(*), sum(articles) FROM v_stories") == [(4, 5)]
    assert query(db, """
        SELECT count(*) FROM articles a LEFT JOIN stories s USING (article_id)
        WHERE s.story_id IS NULL OR s.similarity NOT BETWEEN 0 AND 1
    """) == [(0,)]


NEW_CONTENT = (
    "Harbour reopens after storm repairs\n\n"
    "The city harbour reopened to ferries on Monday after three weeks of repairs to the main "
    "pier, which had been damaged by a winter storm in the middle of January.\n\n"
    "The port authority said the work had cost less than expected and that the summer "
    "timetable would start on time, with extra crossings at the weekends.\n\n"
    "Fishermen, who had moved their boats to a neighbouring town during the repairs, said they "
    "were glad to be back and hoped the pier would now last for decades.\n"
)
ORPHANS = {
    "stories": "SELECT count(*) FROM stories WHERE article_id NOT IN (SELECT article_id FROM "
               "articles) OR representative_id NOT IN (SELECT article_id FROM articles)",
    "entity_mentions": "SELECT count(*) FROM entity_mentions WHERE article_id NOT IN "
                       "(SELECT article_id FROM articles)",
    "demonym_mentions": "SELECT count(*) FROM demonym_mentions WHERE article_id NOT IN "
                        "(SELECT article_id FROM articles)",
    # A blank title in v_stories that is not the representative's own (some seeds have none).
    "v_stories blank titles": "SELECT count(*) FROM v_stories v LEFT JOIN articles r ON "
                              "r.article_id = v.representative_id WHERE v.representative_title "
                              "IS DISTINCT FROM r.title OR r.article_id IS NULL",
}


def test_changed_sources_leave_no_orphans_and_move_the_representative(
    run_pipeline: Any, seeds_dir: Path, tmp_path: Path
) -> None:
    """The representative of the two-article story changes content: the other copy takes over
    the story; the other sources change slightly and replace their articles."""
    inbox = tmp_path / "inbox"
    shutil.copytree(seeds_dir, inbox)
    db = tmp_path / "news.duckdb"
    assert run_pipeline(sources=[inbox]).status == "published"
    [(story_id, representative)] = query(db, """
        SELECT story_id, any_value(representative_id) FROM stories GROUP BY story_id
        HAVING count(*) = 2
    """)
    [(leaving,)] = query(db, "SELECT source FROM document_sources WHERE doc_id = ?",
                         [representative])
    Path(leaving).write_text(NEW_CONTENT)
    for path in sorted(inbox.glob("00[012]_*.txt")):
        path.write_text(path.read_text() + "\nThis article was updated.\n")

    summary = run_pipeline(sources=[inbox])
    assert summary.status == "published", summary.message
    assert summary.documents_changed == 4
    assert {name: query(db, sql)[0][0] for name, sql in ORPHANS.items()} == dict.fromkeys(
        ORPHANS, 0)
    [(member, new_representative, similarity)] = query(
        db, "SELECT article_id, representative_id, similarity FROM stories WHERE story_id = ?",
        [story_id])
    assert member == new_representative != representative and similarity == 1.0
    assert query(db, "SELECT count(*), sum(articles) FROM v_stories") == [(5, 5)]
