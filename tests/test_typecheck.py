"""Type checks of PERSON names: each correction class on texts written here, the guards that
keep real people people, and places linked to the gazetteer.

Spans are given as a model could tag them, so each rule is tested on its own; the seeds test
(test_entities.py) runs the real model.
"""

from __future__ import annotations

import pytest
from newsflow.enrich import Enrichment, EntityCatalog, KnownEntities, Mention, resolve_chunk
from newsflow.enrich.gazetteer import gazetteer
from newsflow.enrich.names import strip_leading_words, strip_trailing_numbers
from newsflow.enrich.ner import Span
from newsflow.enrich.typecheck import LABEL_SOURCES, TypeRules, type_rules
from newsflow.records import Article


def tagged(article_id: str, text: str, *spans: tuple[str, str]) -> tuple[Article, list[Span]]:
    """An article and the spans a model tagged in it: (text of the span, label), each found at
    its first occurrence after the previous one."""
    found, cursor = [], 0
    for phrase, label in spans:
        start = text.index(phrase, cursor)
        found.append(Span(start, start + len(phrase), phrase, label, text))
        cursor = start + 1
    return Article(article_id, article_id, title=None, text=text, language="en"), found


def resolve(*articles: tuple[Article, list[Span]], known: KnownEntities | None = None,
            rules: TypeRules | None = None) -> Enrichment:
    """The tagged articles resolved as the flow resolves a chunk."""
    resolved, rejected = resolve_chunk([a for a, _ in articles],
                                       {a.article_id: s for a, s in articles},
                                       known or KnownEntities(), rules)
    assert not rejected
    return resolved


def mentions(*articles: tuple[Article, list[Span]],
             known: KnownEntities | None = None) -> dict[str, Mention]:
    """The resolved mentions by their text (the last one of a text wins)."""
    resolved = resolve(*articles, known=known)
    return {m.mention_text: m for m in resolved.mentions}


def label_of(text: str, *spans: tuple[str, str], known: KnownEntities | None = None,
             phrase: str | None = None) -> tuple[str, str, str]:
    """(label, label_source, ner_label) of one span (the first, unless `phrase` names one)."""
    m = mentions(tagged("a", text, *spans), known=known)[phrase or spans[0][0]]
    return m.label, m.label_source, m.ner_label


def test_a_place_tagged_person_is_a_place() -> None:
    assert label_of("Troops gathered near Brest on Monday, officials said.",
                    ("Brest", "PERSON")) == ("GPE", "gazetteer", "PERSON")


def test_a_place_name_after_a_given_name_stays_a_person() -> None:
    """`Paris Hilton` and `Jordan Peterson`: a given name in front of a place's name."""
    text = ("Paris Hilton met Jordan Peterson in Toronto on Friday. "
            "Later Paris said she had enjoyed the debate.")
    resolved = mentions(tagged("a", text, ("Paris Hilton", "PERSON"),
                               ("Jordan Peterson", "PERSON"), ("Toronto", "GPE"),
                               ("Paris", "PERSON")))
    assert resolved["Paris Hilton"].label == "PERSON"
    assert resolved["Jordan Peterson"].label == "PERSON"
    # A single word the article uses as a person's first name is that person's, not the city.
    assert resolved["Paris"].label == "PERSON"
    assert {m.label_source for m in resolved.values()} == {"model"}


def test_a_known_place_that_a_given_name_precedes_elsewhere_stays_a_person() -> None:
    text = "Officials named Maria Lida as envoy. Lida will travel on Monday."
    m = mentions(tagged("a", text, ("Lida", "PERSON"), ("Lida", "PERSON")))["Lida"]
    assert (m.label, m.label_source, m.name) == ("PERSON", "model", "Maria Lida")


def test_region_context_makes_a_place() -> None:
    assert label_of("Forces massed in the southern Rostov region near the border.",
                    ("Rostov", "PERSON")) == ("GPE", "context", "PERSON")


def test_context_reaches_across_a_list_of_names() -> None:
    text = ("Jets landed at the airfields of Baranovichi, Brest and Lida, while troops moved to "
            "the Domanovsky, Osipovichsky and Brestsky training grounds.")
    spans = [("Brest", "PERSON"), ("Lida", "PERSON"), ("Domanovsky", "PERSON"),
             ("Osipovichsky", "PERSON"), ("Brestsky", "PERSON")]
    resolved = mentions(tagged("a", text, *spans))
    assert {name: (resolved[name].label, resolved[name].label_source) for name, _ in spans} == {
        "Brest": ("GPE", "context"), "Lida": ("GPE", "context"),
        "Domanovsky": ("FAC", "context"), "Osipovichsky": ("FAC", "context"),
        "Brestsky": ("FAC", "context")}


def test_weapons_are_not_people() -> None:
    assert label_of("The battalion brought Iskander missiles to the exercise.",
                    ("Iskander", "PERSON")) == ("PRODUCT", "context", "PERSON")
    assert label_of("Jets and Iskander dual-capable missiles arrived.",
                    ("Iskander", "PERSON")) == ("PRODUCT", "context", "PERSON")


def test_a_company_by_suffix_and_by_context() -> None:
    assert label_of("Maxar Technologies released new images on Tuesday.",
                    ("Maxar Technologies", "PERSON"))[:2] == ("ORG", "context")
    assert label_of("Images from the technology company Maxar showed the convoy.",
                    ("Maxar", "PERSON"))[:2] == ("ORG", "context")


def test_formats_and_talks_are_events_for_every_mention() -> None:
    text = ("Envoys of the Normandy Format met in Paris. The Normandy Format has not met since "
            "2019.")
    resolved = resolve(tagged("a", text, ("Normandy Format", "PERSON"),
                              ("Normandy Format", "WORK_OF_ART")))
    assert {(m.label, m.label_source) for m in resolved.mentions} == {("EVENT", "context")}
    assert {m.ner_label for m in resolved.mentions} == {"PERSON", "WORK_OF_ART"}
    assert label_of("Officials prepared the Zorvania talks for March.",
                    ("Zorvania", "PERSON"))[:2] == ("EVENT", "context")


def test_a_person_with_a_given_name_is_not_moved_by_context() -> None:
    """`Vladimir Putin talks ...`: a verb after a full name is no cue."""
    assert label_of("Vladimir Putin talks to reporters every December.",
                    ("Vladimir Putin", "PERSON")) == ("PERSON", "model", "PERSON")


def test_an_unknown_single_word_is_not_a_person() -> None:
    assert label_of("Quorvex said the deal was done.", ("Quorvex", "PERSON")) == (
        "ORG", "names", "PERSON")


@pytest.mark.parametrize("text", [
    "Mr Quorvex said the deal was done.",  # a title
    "Quorvex said the deal was done.",  # the warehouse knows a Quorvex
])
def test_a_single_word_with_evidence_stays_a_person(text: str) -> None:
    known = KnownEntities.from_names([("p1", "PERSON", "Anna Quorvex", 4, 3)])
    assert label_of(text, ("Quorvex", "PERSON"), known=known)[:2] == ("PERSON", "model")


def test_a_single_given_name_stays_a_person() -> None:
    assert label_of("Nicole said the deal was done.", ("Nicole", "PERSON"))[0] == "PERSON"


def test_the_article_knows_a_surname_and_its_plural() -> None:
    text = "Anna Quorvex arrived late. The Quorvexes left early."
    resolved = mentions(tagged("a", text, ("Anna Quorvex", "PERSON"), ("Quorvexes", "PERSON")))
    assert resolved["Quorvexes"].label == "PERSON"


def test_the_batch_label_wins_over_one_article() -> None:
    """A name two other articles of the batch tag GPE takes GPE where one tags it PERSON."""
    batch = [
        tagged("a", "Shelling hit Zelvograd overnight.", ("Zelvograd", "GPE")),
        tagged("b", "Residents left Zelvograd by train.", ("Zelvograd", "GPE")),
        tagged("c", "Zelvograd was quiet on Sunday.", ("Zelvograd", "PERSON")),
    ]
    resolved = resolve(*batch)
    [m] = [m for m in resolved.mentions if m.article_id == "c"]
    assert (m.label, m.label_source, m.ner_label) == ("GPE", "agreement", "PERSON")
    # The same from the warehouse: published articles tag it GPE.
    known = KnownEntities.from_names([("g1", "GPE", "Zelvograd", 9, 5)])
    assert label_of("Zelvograd was quiet on Sunday.", ("Zelvograd", "PERSON"),
                    known=known)[:2] == ("GPE", "agreement")


def test_scores_and_sentence_words_are_not_part_of_a_name() -> None:
    assert strip_trailing_numbers("A. Smith 5-68") == "A. Smith"
    assert strip_trailing_numbers("Gordon Durie 75th") == "Gordon Durie"
    assert strip_leading_words("broker Khurshid Alam") == "Khurshid Alam"
    assert strip_leading_words("Belgian King Baudouin") == "Baudouin"
    assert strip_leading_words("van Gogh") == "van Gogh"


def test_switched_off_rules_leave_the_model_label() -> None:
    rules = type_rules().all_off()
    resolved = resolve(tagged("a", "Troops gathered near Brest.", ("Brest", "PERSON")),
                       rules=rules)
    assert [(m.label, m.label_source) for m in resolved.mentions] == [("PERSON", "model")]
    assert "model" in LABEL_SOURCES


def test_places_link_to_the_gazetteer() -> None:
    text = "Troops moved from Brest towards Belarus and Zelvograd."
    resolved = resolve(tagged("a", text, ("Brest", "PERSON"), ("Belarus", "GPE"),
                              ("Zelvograd", "GPE")))
    catalog = EntityCatalog()
    catalog.add(resolved.mentions)
    places = {e.canonical_name: e for e in catalog.entities()}
    brest = places["Brest"]
    assert (brest.geonames_id, brest.country_code) == (629634, "BY")
    assert brest.latitude == pytest.approx(52.1, abs=0.1)
    assert brest.longitude == pytest.approx(23.7, abs=0.1)
    assert (places["Belarus"].country_code, places["Belarus"].geonames_id) == ("BY", 630336)
    # A place the gazetteer does not know stays, unlinked.
    assert places["Zelvograd"].label == "GPE"
    assert places["Zelvograd"].geonames_id is None and places["Zelvograd"].country_code is None


def test_gazetteer_covers_iso_subdivisions_and_alternate_names() -> None:
    places = gazetteer()
    assert places.lookup("Derbyshire").country_code == "GB"
    assert places.lookup("Kiev").geonames_id == places.lookup("Kyiv").geonames_id
    assert "Quorvex" not in places


def test_a_chunk_resolves_together_and_quarantines_only_the_failing_article(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Agreement still sees the healthy articles of a chunk in which one article fails."""
    from newsflow.enrich import resolve as resolve_module

    draft = resolve_module._draft_article

    def failing_on_bad(article: Article, *args: object) -> tuple:
        if article.article_id == "bad":
            raise ValueError("broken spans")
        return draft(article, *args)

    monkeypatch.setattr(resolve_module, "_draft_article", failing_on_bad)
    batch = [
        tagged("a", "Shelling hit Zelvograd overnight.", ("Zelvograd", "GPE")),
        tagged("b", "Residents left Zelvograd by train.", ("Zelvograd", "GPE")),
        tagged("bad", "Zelvograd again.", ("Zelvograd", "GPE")),
        tagged("c", "Zelvograd was quiet on Sunday.", ("Zelvograd", "PERSON")),
    ]
    resolved, rejected = resolve_chunk([a for a, _ in batch], {a.article_id: s for a, s in batch},
                                       KnownEntities())
    assert [(q.doc_id, q.stage) for q in rejected] == [("bad", "resolve")]
    assert "broken spans" in rejected[0].reason
    assert {m.article_id for m in resolved.mentions} == {"a", "b", "c"}
    [m] = [m for m in resolved.mentions if m.article_id == "c"]
    assert (m.label, m.label_source) == ("GPE", "agreement")


def persons(*articles: tuple[Article, list[Span]]) -> list[tuple[str, str, str, str]]:
    """(mention text, name, ner_label, label_source) of each PERSON mention, in text order."""
    return sorted(((m.mention_text, m.name, m.ner_label, m.label_source)
                   for m in resolve(*articles).mentions if m.label == "PERSON"),
                  key=lambda row: row[0])


def test_role_words_and_demonyms_leave_the_span() -> None:
    text = "Coach named defender Hassan Abbas and Croat Alen Boksic in the squad."
    found = persons(tagged("a", text, ("defender Hassan Abbas", "PERSON"),
                           ("Croat Alen Boksic", "PERSON")))
    assert [(t, n) for t, n, _, _ in found] == [("Alen Boksic", "Alen Boksic"),
                                                ("Hassan Abbas", "Hassan Abbas")]


def test_list_separators_and_punctuation_split_a_span() -> None:
    text = ("Squad: West Indies - Sherwin Campbell. France picked Laurent Cabannes and Laurent "
            "Benezech, and Jacques Songo'o.")
    found = persons(tagged("a", text, ("West Indies - Sherwin Campbell", "PERSON"),
                           ("Laurent Cabannes and Laurent Benezech", "ORG"),
                           ("Jacques Songo'o.", "PERSON")))
    names = {n for _, n, _, _ in found}
    assert {"Sherwin Campbell", "Laurent Cabannes", "Laurent Benezech", "Jacques Songo'o"} <= names
    assert not any(" - " in n or " and " in n or n.endswith(".") for n in names)


def test_person_evidence_turns_other_labels_into_person() -> None:
    text = "Nick Price led Stefano Bordon by a shot, said Mr Quorvex."
    found = persons(tagged("a", text, ("Nick Price", "ORG"), ("Stefano Bordon", "GPE"),
                           ("Quorvex", "ORG")))
    assert [(t, ner, source) for t, _, ner, source in found] == [
        ("Nick Price", "ORG", "given_name"), ("Quorvex", "ORG", "title"),
        ("Stefano Bordon", "GPE", "given_name")]


@pytest.mark.parametrize(("text", "span"), [
    ("Talks in Washington ended on Monday.", ("Washington", "GPE")),
    ("King Abdullah returned to Jordan on Monday.", ("Jordan", "GPE")),
    ("Price won the Hong Kong Open on Sunday.", ("Hong Kong Open", "EVENT")),
    ("Farmers in the Jordan Valley protested.", ("Jordan Valley", "LOC")),
    ("Shares of Reagan Communications rose.", ("Reagan Communications", "ORG")),
])
def test_places_and_companies_stay_what_they_are(text: str, span: tuple[str, str]) -> None:
    assert label_of(text, span)[0] == span[1]


def test_untagged_names_and_repeats_of_a_person_are_found() -> None:
    text = ("Croatia - Davor Suker, Alen Boksic.\nSuker scored twice. Boksic was injured. "
            "In June prices rose.")
    found = persons(tagged("a", text, ("Alen Boksic", "PERSON")))
    assert ("Davor Suker", "Davor Suker", "NONE", "given_name") in found
    assert ("Suker", "Davor Suker", "NONE", "recall") in found
    assert ("Boksic", "Alen Boksic", "NONE", "recall") in found
    assert not any(t.startswith("June") for t, _, _, _ in found)


def test_a_given_name_that_is_an_ordinary_word_of_the_chunk_is_no_evidence() -> None:
    text = "The grant was paid. Grant Thornton audited the accounts."
    assert persons(tagged("a", text)) == []
    assert persons(tagged("b", "Grant Thornton audited the accounts.")) != []


def test_common_historic_place_names_link() -> None:
    assert gazetteer().lookup("Burma").country_code == "MM"
    assert gazetteer().lookup("Bosnia").country_code == "BA"
    assert gazetteer().lookup("Chechnya").country_code == "RU"
    assert gazetteer().lookup("Zaire").country_code == "CD"


def test_a_name_on_a_line_in_capitals_is_title_cased() -> None:
    text = "LONDON 1996-08-30\n\nNATO envoys met in London. Talks with NATO went on."
    resolved = resolve(tagged("a", text, ("LONDON", "GPE"), ("NATO", "ORG"), ("London", "GPE")))
    assert {m.name for m in resolved.mentions} == {"London", "NATO"}
    catalog = EntityCatalog()
    catalog.add(resolved.mentions)
    assert {e.canonical_name for e in catalog.entities()} == {"London", "NATO"}


def test_a_region_links_only_beside_a_place_of_its_country() -> None:
    alone = resolve(tagged("a", "Tankers crossed the Gulf on Monday.", ("Gulf", "LOC")))
    beside = resolve(tagged("b", "Floods hit Gulf province of Papua New Guinea.", ("Gulf", "GPE"),
                            ("Papua New Guinea", "GPE")))
    for resolved, code in ((alone, None), (beside, "PG")):
        catalog = EntityCatalog()
        catalog.add(resolved.mentions)
        [gulf] = [e for e in catalog.entities() if e.canonical_name == "Gulf"]
        assert gulf.country_code == code


def test_a_family_name_written_first_is_the_person() -> None:
    text = "Wang Donghai was sentenced on Friday. Wang had denied the charges."
    found = mentions(tagged("a", text, ("Wang Donghai", "PERSON"), ("Wang", "ORG")))
    m = found["Wang"]
    assert (m.name, m.label, m.label_source) == ("Wang Donghai", "PERSON", "known_person")
    # A prominent place keeps its label beside a person it starts (`London Breed`).
    found = mentions(tagged("b", "London Breed spoke. London was quiet.",
                            ("London Breed", "PERSON"), ("London", "GPE")))
    assert found["London"].label == "GPE"


def test_an_untagged_given_name_joins_the_surname_the_model_tagged() -> None:
    text = ("Amanda Coetzer (South Africa) beat Irina Spirlea. Glenn Hoddle's England won. "
            "Hong Kong-based firms and N. Korea talked on Monday with Jose Insulza Monday.")
    found = persons(tagged("a", text, ("Coetzer", "PERSON"), ("Hong Kong", "GPE"),
                           ("N. Korea", "GPE")))
    names = {n for _, n, _, _ in found}
    assert {"Amanda Coetzer", "Irina Spirlea", "Glenn Hoddle", "Jose Insulza"} <= names
    assert not names & {"Coetzer", "Hong Kong-based", "N. Korea", "Glenn Hoddle's England",
                        "Jose Insulza Monday"}
