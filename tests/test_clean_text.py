"""Plain-text cleaning on the real seeds and on whole pages written here."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from newsflow.clean import CleanedArticle, CleaningError, clean_document, rules_version
from newsflow.clean.rules import load_rules

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def clean_seed(prefix: str) -> CleanedArticle:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return clean_document(path.read_text(encoding="utf-8"), "text/plain", str(path))


@pytest.fixture(scope="module")
def cleaned() -> dict[str, CleanedArticle]:
    return {path.name[:3]: clean_seed(path.name[:3]) for path in SEED_FILES}


def paragraphs(article: CleanedArticle) -> list[str]:
    return article.text.split("\n\n")


def test_all_five_seeds_are_present() -> None:
    assert len(SEED_FILES) == 5


@pytest.mark.parametrize(
    ("seed", "sentence"),
    [
        (
            "001",
            "The Normandy Format is a four-way conversation between representatives from "
            "Ukraine, Russia, Germany and France that has been trying to broker peace in "
            "eastern Ukraine since 2014.",
        ),
        (
            "000",
            '"This is the reality in which we have to defend our position," Kremlin spokesman '
            "Dmitry Peskov told a briefing.",
        ),
        (
            "000",
            "Russia on Friday prepared to hold fresh military exercises near its border with "
            "Ukraine amid renewed diplomatic talks between the Kremlin and European powers and "
            "continued fears of a Russian invasion.",
        ),
        ("002", "in New York.Washington\u2019s ambassador to the council warned"),
        (
            "002",
            "Al Jazeera\u2019s Dorsa Jabbari, reporting from Moscow, says Russia is bemused by "
            "Western concerns",
        ),
        (
            "003",
            "Responding to Western concerns, the Kremlin has insisted that it has no intention of "
            "leaving the troops permanently on Belarusian territory.",
        ),
        ("004", "UK readies 1,000 troops"),
        (
            "004",
            "Britain has meanwhile ordered 1,000 troops to be on a state of readiness to provide "
            "support in the event of a humanitarian crisis caused by any Russian aggression.",
        ),
        ("001", "More diplomacy"),
    ],
)
def test_reporting_stays_word_for_word(
    cleaned: dict[str, CleanedArticle], seed: str, sentence: str
) -> None:
    assert sentence in cleaned[seed].text


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Advertising Read more",
        "Follow FRANCE 24's live updates.",
        "Daily newsletter",
        "Subscribe",
        "(FRANCE 24 with AFP, AP and REUTERS)",
        "READ ALSO",
        "READ MORE",
        "Continue reading",
        "Maxar Technologies / AFP",
        "©",
        "By Nathan Hodge",
        "Paris time",
    ],
)
def test_boilerplate_is_gone_from_every_seed(
    cleaned: dict[str, CleanedArticle], boilerplate: str
) -> None:
    for seed, article in cleaned.items():
        assert boilerplate not in article.text, seed


@pytest.mark.parametrize("residue", ["\u00d7", "block", "BSS :", ""])
def test_layout_residue_lines_are_gone(cleaned: dict[str, CleanedArticle], residue: str) -> None:
    for seed, article in cleaned.items():
        assert residue not in paragraphs(article), seed


def test_credit_glued_to_a_caption_is_cut_and_the_caption_kept_once(
    cleaned: dict[str, CleanedArticle],
) -> None:
    caption = (
        "This handout satellite image released by Maxar Technologies shows troops and logistics "
        "material support units positioned northwest of Yelsk, Belarus, on February 4, 2022."
    )
    assert paragraphs(cleaned["003"]).count(caption) == 1


def test_repeated_caption_appears_at_most_once(cleaned: dict[str, CleanedArticle]) -> None:
    caption = "Members of Ukraine's Territorial Defence Forces line up for training in Kharkiv."
    assert cleaned["002"].text.count(caption) <= 1


def test_caption_repeated_inside_the_body_is_kept_once() -> None:
    caption = "Dock workers gather outside the port offices in the rain on Monday morning."
    paragraph = (
        "The harbour authority said on Monday that talks with the dock workers' union would "
        "resume next week after a month without progress on pay and safety."
    )
    content = "\n".join([paragraph, caption, caption, paragraph.replace("Monday", "Friday")])
    article = clean_document(content, "text/plain", "port.txt")
    assert article.text.count(caption) == 1
    assert paragraph in article.text


def test_no_paragraph_repeats_inside_an_article(cleaned: dict[str, CleanedArticle]) -> None:
    for seed, article in cleaned.items():
        assert len(set(paragraphs(article))) == len(paragraphs(article)), seed


def test_cnn_byline_gives_date_authors_and_outlet(cleaned: dict[str, CleanedArticle]) -> None:
    article = cleaned["001"]
    assert article.published_date == datetime.date(2022, 2, 10)
    assert article.authors == ["Nathan Hodge", "Tara John", "Anna Chernova"]
    assert article.outlet == "CNN"
    assert not article.text.lstrip().startswith("date")


@pytest.mark.parametrize(
    ("seed", "title"),
    [
        ("002", "Top US, Russia diplomats to hold talks on Ukraine"),
        ("003", "Russia Begins Joint Military Drills With Belarus"),
        ("004", "Russia launches military drills with Belarus as Ukraine tensions continue"),
    ],
)
def test_headline_is_the_title_not_the_body(
    cleaned: dict[str, CleanedArticle], seed: str, title: str
) -> None:
    assert cleaned[seed].title == title
    assert title not in paragraphs(cleaned[seed])


def test_caption_first_line_is_not_taken_for_a_title(cleaned: dict[str, CleanedArticle]) -> None:
    assert cleaned["000"].title is None


@pytest.mark.parametrize(("seed", "outlet"), [("000", "FRANCE 24"), ("002", "Al Jazeera")])
def test_outlet_from_credit_and_correspondent_phrases(
    cleaned: dict[str, CleanedArticle], seed: str, outlet: str
) -> None:
    assert cleaned[seed].outlet == outlet


def test_every_seed_is_english(cleaned: dict[str, CleanedArticle]) -> None:
    assert {article.language for article in cleaned.values()} == {"en"}


def test_paragraphs_are_separated_by_blank_lines(cleaned: dict[str, CleanedArticle]) -> None:
    for seed, article in cleaned.items():
        assert "\n\n\n" not in article.text, seed
        assert all(paragraph.strip() == paragraph for paragraph in paragraphs(article)), seed


def test_outlet_falls_back_to_the_source_host() -> None:
    content = (
        "Fresh talks on the port dispute\n\n"
        "The harbour authority said on Monday that talks with the dock workers' union would "
        "resume next week after a month without progress on pay and safety."
    )
    article = clean_document(content, "text/plain", "https://www.example-news.org/a/1")
    assert article.outlet == "example-news.org"
    assert article.title == "Fresh talks on the port dispute"


def test_byline_without_outlet_keeps_every_author() -> None:
    content = (
        "By Jane Roe and John Doe\n\n"
        "The city council voted on Tuesday to extend the night bus network to the northern "
        "suburbs, a plan first put forward two years ago."
    )
    article = clean_document(content, "text/plain", "local.txt")
    assert article.authors == ["Jane Roe", "John Doe"]
    assert article.outlet is None


def test_job_title_after_a_byline_name_is_dropped() -> None:
    content = (
        "By Jane Roe Staff Writer\n\n"
        "The city council voted on Tuesday to extend the night bus network to the northern "
        "suburbs, a plan first put forward two years ago."
    )
    assert clean_document(content, "text/plain", "local.txt").authors == ["Jane Roe"]


def test_sentence_starting_with_by_is_not_a_byline() -> None:
    sentence = "By the end of the year, the council expects to have hired forty new drivers."
    article = clean_document(sentence, "text/plain", "local.txt")
    assert article.text == sentence
    assert article.authors == []


def test_text_of_only_boilerplate_raises() -> None:
    with pytest.raises(CleaningError, match="no article text"):
        clean_document("Advertising Read more\n\n\u00d7\n\nSubscribe\n", "text/plain", "junk.txt")


def test_unknown_media_type_raises() -> None:
    with pytest.raises(CleaningError, match="unsupported media type"):
        clean_document("{}", "application/json", "x.json")


def test_rules_are_versioned() -> None:
    assert isinstance(rules_version(), int)
    assert rules_version() >= 1


def test_classifier_settings_name_existing_rule_classes() -> None:
    rules = load_rules()
    assert set(rules.classifier.end_marker_classes) <= set(rules.drop_classes)


def test_drop_line_names_the_first_matching_class() -> None:
    rules = load_rules()
    assert rules.drop_class("Advertising Read more") is not None
    assert rules.drop_class("Moscow says the talks will resume next week.") is None


def test_rule_class_without_patterns_is_refused() -> None:
    from newsflow.clean.rules import _compile_alternation

    with pytest.raises(ValueError, match="without patterns: teaser"):
        _compile_alternation({"credit": ["Photo: .*"], "teaser": []}, re.IGNORECASE)


WHOLE_PAGE = """Port talks to resume next week | Harbour Herald
Skip to content
Home
News
Sport
Business
Weather
Search
Editor's pick: Ferry timetable changes for spring
By John Doe
Port talks to resume next week
By Jane Roe
March 11, 2024 at 8:30 am
Share
The harbour authority said on Monday that talks with the dock workers' union would resume next \
week, after a month in which neither side moved on pay or on the new shift rota.
Union leaders told reporters outside the port offices that a strike ballot remained on the table \
if the authority did not put a written offer to members before the end of the month.
Advertisement
What the union wants
Shipping companies have already diverted several container vessels to other ports along the \
coast, adding days to delivery times for retailers ahead of the busy winter season.
The regional government has offered to mediate, a spokesperson said, though no date for a first \
meeting under its chairmanship has yet been agreed by either party to the dispute.
Most Read
Council approves new bus lanes
Weather warning for the weekend
Ferry timetable changes for spring
12 Comments
I have worked on those docks for thirty years and I have never seen morale this low, the \
authority needs to listen to the people who actually load the ships every single day.
Totally agree with the previous comment, the management has been ignoring everyone for years \
and now they are surprised that the workers have had enough of it all.
Privacy Policy
Terms of Use
© 2024 Harbour Herald. All rights reserved.
"""


@pytest.fixture(scope="module")
def whole_page() -> CleanedArticle:
    return clean_document(WHOLE_PAGE, "text/plain", "harbour.txt")


@pytest.mark.parametrize(
    "sentence",
    [
        "The harbour authority said on Monday that talks with the dock workers' union would "
        "resume next week",
        "Union leaders told reporters outside the port offices",
        "What the union wants",
        "Shipping companies have already diverted several container vessels",
        "though no date for a first meeting under its chairmanship has yet been agreed",
    ],
)
def test_whole_page_keeps_the_body_and_its_subheading(
    whole_page: CleanedArticle, sentence: str
) -> None:
    assert sentence in whole_page.text


@pytest.mark.parametrize(
    "furniture",
    [
        "Skip to content",
        "Weather",
        "Advertisement",
        "Most Read",
        "Council approves new bus lanes",
        "Comments",
        "thirty years",
        "Privacy Policy",
        "All rights reserved",
        "Harbour Herald",
        "Editor's pick",
        "John Doe",
    ],
)
def test_whole_page_drops_menus_teasers_comments_and_footer(
    whole_page: CleanedArticle, furniture: str
) -> None:
    assert furniture not in whole_page.text


def test_whole_page_metadata(whole_page: CleanedArticle) -> None:
    assert whole_page.title == "Port talks to resume next week"
    assert whole_page.authors == ["Jane Roe"]
    assert whole_page.outlet == "Harbour Herald"
    assert whole_page.published_date == datetime.date(2024, 3, 11)
    assert whole_page.text.startswith("The harbour authority said on Monday")


def test_text_without_spaces_between_words_is_read_as_prose() -> None:
    paragraphs = [
        "港口管理局周一表示，与码头工人工会的谈判将于下周恢复，此前双方在薪酬和新的轮班制度上僵持了一个月。",
        "工会负责人在港口办公室外对记者说，如果管理局在月底前不向会员提出书面方案，罢工投票仍然是一个选项。",
        "多家航运公司已将数艘集装箱船改道至沿海其他港口，使零售商在冬季旺季到来之前的交货时间延长了数天。",
    ]
    page = "\n".join(["首页", "新闻", "体育", "财经", "天气", *paragraphs, "关于我们", "联系我们"])
    article = clean_document(page, "text/plain", "port-zh.txt")
    kept = article.text.split("\n\n")
    assert [line for line in kept if line in paragraphs] == paragraphs
    # The menu goes; a one-word item right against the body ("天气", "关于我们") may stay, as a
    # subheading there would.
    assert not {"首页", "新闻", "体育", "财经", "联系我们"} & set(kept)
    assert article.language == "zh"


CLEAN_ARTICLE = """COUNCIL NAMES NEW HARBOUR BOARD.

PORTSMOUTH 2024-03-11

The city council on Monday named the seven members of the new harbour board, which takes over \
the running of the port from the regional authority next month after two years of talks.

The council leader said the board would publish its first plan for the port before the summer, \
with the dredging of the northern channel and the new ferry terminal at the top of its list.

The members are Jane Roe, who chairs it, John Doe, Amira Haddad and Piotr Nowak, with three \
seats kept for the dock workers' union, the shipping companies and the regional government.

Results of the council vote:

For 31
Against 12
Abstained 4

"We wanted people who know the docks," the council leader told reporters after the vote, adding \
that the board's meetings would be open to the public and its accounts published every year.

The board meets for the first time on April 2.
"""


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_clean_article_with_lists_keeps_every_word() -> None:
    article = clean_document(CLEAN_ARTICLE, "text/plain", "wire.txt")
    kept = words_of(f"{article.title or ''} {article.text}")
    assert len(kept) >= 0.99 * len(words_of(CLEAN_ARTICLE))
    for name in ("Jane Roe", "Piotr Nowak", "Against 12", "Abstained 4"):
        assert name in article.text


def test_clean_short_paragraphs_keep_every_word() -> None:
    paragraphs = [
        "Fresh talks on the port dispute",
        "The harbour authority said on Monday that talks would resume next week.",
        "Union leaders agreed.",
        "A strike ballot remains possible.",
        "Shipping companies have diverted several vessels to other ports along the coast.",
        "No date has been set.",
    ]
    content = "\n\n".join(paragraphs)
    article = clean_document(content, "text/plain", "short.txt")
    assert len(words_of(f"{article.title or ''} {article.text}")) >= 0.99 * len(
        words_of(content)
    )


def test_seed_bodies_fed_back_come_through_whole(cleaned: dict[str, CleanedArticle]) -> None:
    for seed, article in cleaned.items():
        again = clean_document(article.text, "text/plain", f"again-{seed}.txt")
        before = words_of(article.text)
        assert len(words_of(f"{again.title or ''} {again.text}")) >= 0.99 * len(before), seed


def test_article_records_the_cleaner_version(cleaned: dict[str, CleanedArticle]) -> None:
    from newsflow.clean import cleaner_version

    assert {article.cleaner_version for article in cleaned.values()} == {cleaner_version()}
    assert cleaner_version().endswith(f"+rules.{rules_version()}")


def test_line_model_is_loaded_once_and_matches_the_features() -> None:
    from newsflow.clean.linemodel import feature_names, load_line_model

    model = load_line_model()
    assert load_line_model() is model
    assert model.features == feature_names(load_rules())
    assert 0.0 < model.threshold < 1.0


def test_flattened_trees_score_rows_as_lightgbm_does() -> None:
    """The model file's trees, evaluated with numpy at run time, must give LightGBM's own
    probabilities, and survive the trip through the model file."""
    import sys

    import lightgbm
    import numpy as np
    from newsflow.clean.linemodel import TreeStage

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from train_line_model import TREE_PARAMETERS, flatten_trees

    generator = np.random.default_rng(7)
    rows = generator.normal(size=(600, 5))
    labels = ((rows[:, 0] > 0.2) ^ (rows[:, 3] * rows[:, 1] > 0)).astype(float)
    booster = lightgbm.train(TREE_PARAMETERS, lightgbm.Dataset(rows, labels), 40)
    stage = TreeStage.from_dict(flatten_trees(booster.dump_model()).to_dict())
    fresh = generator.normal(size=(300, 5))
    assert np.allclose(stage.probabilities(fresh), booster.predict(fresh), atol=1e-9)
    assert len(set(np.round(stage.probabilities(fresh), 3))) > 10  # not a constant
