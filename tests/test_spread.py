"""Where a quotation travelled: which quotations of one speaker are the same words
(enrich/spread.py), and how the index clusters them across chunks and runs."""

from __future__ import annotations

import datetime as dt
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb
import pytest
from newsflow import quality, warehouse
from newsflow.enrich.spread import (
    SPREAD_FILE,
    KnownQuote,
    Match,
    SpreadIndex,
    SpreadRules,
    compare,
    normalised_words,
    spread_rules,
)
from newsflow.records import Article
from newsflow.settings import EXPECTATIONS_DIR
from pydantic import ValidationError

FULL = ("“We will not let a single convoy cross the border, whatever Moscow says,” "
        "the minister said.")
RULES = spread_rules().match


def words(text: str) -> tuple[str, ...]:
    return normalised_words(text)


def article(article_id: str, day: int | None = 1, outlet: str = "Outlet") -> Article:
    return Article(article_id, f"/in/{article_id}.txt", title=None, text="", outlet=outlet,
                   published_date=dt.date(2026, 12, day) if day else None, language="en")


@dataclass(frozen=True)
class Said:
    """The columns of a quotations row that clustering reads."""

    quote_id: str
    article_id: str
    content: str
    speaker_entity_id: str | None
    start_char: int


def quotation(article_id: str, content: str, speaker: str | None = "e-minister",
              start: int = 0) -> Said:
    return Said(f"{article_id}-{start}", article_id, content, speaker, start)


def test_words_ignore_case_marks_punctuation_and_diacritics() -> None:
    assert words("“Zürich — ÇA suffit!”, he said") == ("zurich", "ca", "suffit", "he", "said")
    assert words('"We won\'t go."') == words("« we won’t go »") == ("we", "won", "t", "go")


@pytest.mark.parametrize("other, kind", [
    ('"we will not let a single convoy cross the border -- whatever Moscow says"',
     Match.VERBATIM),
    ("«We will not let a single convoy cross»", Match.FRAGMENT),
    ("We won't let a single convoy cross the border, whatever Moscow says", Match.EDITED),
])
def test_other_marks_a_fragment_and_small_edits_match(other: str, kind: Match) -> None:
    found = compare(words(FULL.split(",”")[0]), words(other), RULES)
    assert found is not None and found[0] is kind


@pytest.mark.parametrize("other", [
    "a single convoy",  # a fragment too short to tell
    "We will let every convoy that has papers cross the border at once",  # other words
    "Moscow says many things about the border and the convoys it sends",
])
def test_short_fragments_and_other_words_do_not_match(other: str) -> None:
    assert compare(words("We will not let a single convoy cross the border"), words(other),
                   RULES) is None


def test_a_quotation_of_too_few_words_matches_nothing_not_even_itself() -> None:
    assert compare(words("No."), words("“No”"), RULES) is None
    assert compare(words("We will see"), words("we will see"), RULES) is not None


def test_a_whole_speech_quoted_twice_is_compared_at_once() -> None:
    speech = tuple(f"word{i % 500}" for i in range(50_000))
    edited = (*speech[:25_000], "changed", *speech[25_001:])
    started = time.process_time()
    assert compare(speech, speech[:-1], RULES) == (Match.FRAGMENT, 49_999 / 50_000)
    assert compare(speech, edited, RULES) is None  # too long to compare word by word
    assert time.process_time() - started < 2


def test_three_outlets_copies_form_one_cluster_named_after_the_earliest() -> None:
    index = SpreadIndex()
    articles = [article("b-other-marks", day=2), article("a-verbatim", day=1),
                article("c-fragment", day=3)]
    members = index.assign(articles, [
        quotation("c-fragment", "“we will not let a single convoy cross”"),
        quotation("b-other-marks", '"We will not let a single convoy cross the border."'),
        quotation("a-verbatim", "“We will not let a single convoy cross the border.”"),
    ])
    assert [(m.article_id, m.match) for m in members] == [
        ("a-verbatim", "first"), ("b-other-marks", "verbatim"), ("c-fragment", "fragment")]
    assert len({m.quote_cluster_id for m in members}) == 1


def test_other_speakers_and_unlinked_speakers_stay_apart() -> None:
    index = SpreadIndex()
    members = index.assign([article("a"), article("b"), article("c")], [
        quotation("a", FULL),
        quotation("b", FULL, speaker="e-someone-else"),
        quotation("c", FULL, speaker=None),
    ])
    assert [m.article_id for m in members] == ["a", "b"]
    assert members[0].quote_cluster_id != members[1].quote_cluster_id


class Published:
    """Published quotations as the warehouse gives them: those of the speakers asked for."""

    def __init__(self, *quotes: KnownQuote) -> None:
        self.quotes = quotes
        self.asked: list[list[str]] = []

    def __call__(self, speakers: Sequence[str]) -> list[KnownQuote]:
        self.asked.append(list(speakers))
        return [q for q in self.quotes if q.speaker_entity_id in speakers]


def test_a_later_run_joins_a_published_cluster_reading_only_the_speakers_it_quotes() -> None:
    read = Published(KnownQuote("a-0", "a", "e-minister", FULL, "cluster-1"),
                     KnownQuote("b-0", "b", "e-other", FULL, "cluster-2"))
    index = SpreadIndex(read)
    [member] = index.assign([article("d", day=9)],
                            [quotation("d", "'a single convoy cross the border, whatever'")])
    assert (member.quote_cluster_id, member.match) == ("cluster-1", "fragment")
    index.assign([article("e")], [quotation("e", "“A single convoy cross the border”")])
    assert read.asked == [["e-minister"]] and len(index) == 3


def test_the_best_match_wins_verbatim_before_fragment() -> None:
    index = SpreadIndex(Published(
        KnownQuote("x-0", "x", "e-minister", "we will not let a single convoy cross", "by-part"),
        KnownQuote("y-0", "y", "e-minister", FULL, "whole"),
    ))
    [member] = index.assign([article("z")], [quotation("z", FULL.upper())])
    assert (member.quote_cluster_id, member.match) == ("whole", "verbatim")


def test_an_article_processed_again_is_placed_again_not_matched_with_itself() -> None:
    index = SpreadIndex(Published(KnownQuote("a-0", "a", "e-minister", FULL, "old-cluster"),
                                  KnownQuote("a-9", "a", "e-other", FULL, "other-cluster")))
    [member] = index.assign([article("a")], [quotation("a", FULL)])
    assert member.match == "first" and member.quote_cluster_id != "old-cluster"
    # Its old quotation of another speaker, read by a later chunk, is no candidate either.
    [later] = index.assign([article("b")], [quotation("b", FULL, speaker="e-other")])
    assert later.match == "first"
    assert len(index) == 2


def test_a_common_run_of_words_finds_no_candidates_but_exact_repeats_are_found() -> None:
    base = spread_rules()
    rules = base.model_copy(update={"index": base.index.model_copy(update={"max_postings": 2})})
    index = SpreadIndex(Published(*(KnownQuote(f"k{i}", f"k{i}", "e",
                                               f"we will not accept term {i} now", f"c{i}")
                                    for i in range(3))), rules)
    index.read_speakers(["e"])
    assert index.best_match("e", words("we will not accept term 1 now")) == (Match.VERBATIM,
                                                                              "c1")
    assert index.best_match("e", words("we will not accept anything")) is None


def test_the_packaged_rules_validate_and_a_misspelt_key_is_refused_by_name() -> None:
    data = tomllib.loads(resources.files("newsflow.enrich").joinpath(SPREAD_FILE).read_text())
    assert SpreadRules.model_validate(data) == spread_rules()
    data["match"]["min_fragment_word"] = data["match"].pop("min_fragment_words")
    with pytest.raises(ValidationError, match=r"match\.min_fragment_word"):
        SpreadRules.model_validate(data)


def test_runs_of_words_longer_than_the_shortest_fragment_are_refused() -> None:
    data = spread_rules().model_dump()
    data["index"]["shingle_words"] = data["match"]["min_fragment_words"] + 1
    with pytest.raises(ValidationError, match="shingle_words"):
        SpreadRules.model_validate(data)


def test_published_clusters_seed_the_index_and_an_older_warehouse_has_none(tmp_path: Path
                                                                           ) -> None:
    db = tmp_path / "news.duckdb"
    with warehouse.connect(db) as con:
        warehouse.create_schema(con)
        con.execute("INSERT INTO quotations (quote_id, article_id, content, speaker_entity_id, "
                    "direct, start_char, end_char, sentence) VALUES ('q1', 'a1', ?, "
                    "'e-minister', true, 0, 60, '')", [FULL])
        con.execute("INSERT INTO quote_clusters VALUES ('q1', 'a1', 'c1', 'first')")
    store = warehouse.DuckDBWarehouse(db, tmp_path / "staging", 1, "1GB")
    later = [article("a2")], [quotation("a2", "a single convoy cross the border")]
    [member] = store.published_index().spread_index.assign(*later)
    assert (member.quote_cluster_id, member.match) == ("c1", "fragment")
    with warehouse.connect(db) as con:  # as a release before quotation spread left it
        con.execute("DROP VIEW v_quote_spread")
        con.execute("DROP TABLE quote_clusters")
    [member] = store.published_index().spread_index.assign(*later)
    assert member.match == "first"


def quote_cluster_outcomes(con: duckdb.DuckDBPyConnection, gx_root: Path) -> list[str]:
    """The quote_clusters suite's failures on the staged tables in `con`."""
    [suite] = [s for s in quality.load_suites(EXPECTATIONS_DIR) if s.name == "quote_clusters"]
    report = quality.validate_suites(lambda s: quality.staged_frames(con, s, 50_000), gx_root,
                                      "run", [suite])
    return [o.describe() for o in report.failures]


@pytest.mark.parametrize("broken, failure", [
    ("DELETE FROM quote_clusters WHERE quote_id = 'q2'", "cluster_exists"),
    ("INSERT INTO quote_clusters VALUES ('q1', 'a1', 'c9', 'edited')", "quote_id: "
     "expect_column_values_to_be_unique"),
    ("INSERT INTO quote_clusters VALUES ('q3', 'a2', 'c1', 'verbatim')", "quotation_exists"),
    ("UPDATE quote_clusters SET match = 'close' WHERE quote_id = 'q2'", "match"),
])
def test_the_suite_holds_a_batch_whose_quotations_and_clusters_disagree(
    tmp_path: Path, broken: str, failure: str
) -> None:
    con = duckdb.connect()
    for table in ("quotations", "quote_clusters"):
        con.execute(warehouse.sql(warehouse.registry()[table].create))
    for quote_id, article_id, speaker in [("q1", "a1", "e"), ("q2", "a2", "e"), ("q3", "a2", None)]:
        con.execute("INSERT INTO quotations (quote_id, article_id, content, speaker_entity_id, "
                    "direct, start_char, end_char, sentence) VALUES (?, ?, 'words', ?, true, 0, "
                    "5, '')", [quote_id, article_id, speaker])
    con.execute("INSERT INTO quote_clusters VALUES ('q1', 'a1', 'c1', 'first'), "
                "('q2', 'a2', 'c1', 'verbatim')")
    assert quote_cluster_outcomes(con, tmp_path) == []
    con.execute(broken)
    failures = quote_cluster_outcomes(con, tmp_path)
    assert any(failure in described for described in failures), failures
