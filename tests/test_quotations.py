"""Who said what: quotations found in text, their speakers linked to entities (the seeds'
quotations as published: tests/test_pipeline.py)."""

from __future__ import annotations

import time
from importlib import resources
from itertools import pairwise

import pytest
from newsflow.datafile import DataFileError
from newsflow.enrich.quotations import (
    QUOTATIONS_FILE,
    FoundQuote,
    attribute,
    find_article_quotes,
    find_quotes,
    quotations_file,
    quote_rules,
)
from newsflow.enrich.quotations.parsing import parser_for
from newsflow.enrich.quotations.rules import parse_quotations_file
from newsflow.enrich.resolve import Mention
from newsflow.records import Article
from newsflow.settings import Settings


def quotes(text: str) -> list[tuple[str, str | None, str | None, bool]]:
    return [(q.content, q.speaker.text if q.speaker else None, q.cue, q.direct)
            for q in find_quotes(text)]


def test_direct_quote_with_speaker_after_it() -> None:
    text = "“We will not back down from this fight,” Smith said on Monday."
    assert quotes(text) == [("We will not back down from this fight,", "Smith", "said", True)]


def test_inverted_attribution_and_straight_marks() -> None:
    text = '"The budget is a disgrace to every family in the state," said Senator Jane Doe.'
    [(content, speaker, cue, direct)] = quotes(text)
    assert (speaker, cue, direct) == ("Senator Jane Doe", "said", True)
    assert content.startswith("The budget")  # the content without its quotation marks


def test_split_quote_is_one_quotation() -> None:
    text = ("“We are listening but we can’t hear each other,” he added. "
            "“Our most detailed explanations fell on unprepared ground.”")
    [(content, speaker, cue, _)] = quotes(text)
    assert content == ("We are listening but we can’t hear each other, "
                       "Our most detailed explanations fell on unprepared ground.")
    assert (speaker, cue) == ("he", "added")


def test_quote_continued_in_next_paragraph_is_one_quotation() -> None:
    text = ("Jones said: “The first thing we will do is fix the roads in every county.\n\n"
            "“Then we will fix the schools, one by one, until all of them are done.”")
    [(content, speaker, cue, _)] = quotes(text)
    assert "fix the roads" in content and "fix the schools" in content
    assert (speaker, cue) == ("Jones", "said")


def test_unbalanced_mark_costs_only_its_own_paragraph() -> None:
    text = ("“This paragraph opens a quotation and never closes it at all, sadly, Brown said\n\n"
            "“The second paragraph is quoted properly and is attributed,” Green said.")
    found = quotes(text)
    assert ("The second paragraph is quoted properly and is attributed,", "Green", "said",
            True) in found


def test_words_before_a_quoted_fragment_its_tail_signs_are_quoted_with_it() -> None:
    """A sentence that ends in a quoted fragment and its attribution reports the words before
    the fragment too; one that opens with its quotation, or has a cue before it, does not."""
    text = ("Belgium failed to find the cell and “should possibly have acted sooner,” said Ralf "
            "Jäger, the minister.")
    assert quotes(text) == [("Belgium failed to find the cell and “should possibly have acted "
                             "sooner,”", "Ralf Jäger", "said", True)]
    opening = "“We should possibly have acted sooner,” said Ralf Jäger, the minister."
    assert quotes(opening)[0][0] == "We should possibly have acted sooner,"
    going_on = ("The meeting in the so-called four-way “Normandy” format late Thursday lasted "
                "more than nine hours, the sources said.")
    assert quotes(going_on) == [("The meeting in the so-called four-way “Normandy” format late "
                                 "Thursday lasted more than nine hours", "the sources", "said",
                                 True)]


def test_scare_quote_without_cue_is_not_a_quotation() -> None:
    assert quotes("The so-called “blue-collar billionaire” toured the plant on Friday.") == []


def test_reported_speech_with_that() -> None:
    text = "The governor said on Tuesday that the bridge would reopen next month."
    assert quotes(text) == [("the bridge would reopen next month", "The governor", "said",
                             False)]


def test_a_relative_clause_after_a_comma_ending_reported_speech_is_the_writers() -> None:
    """"..., who has been battered by ..." at the end of reported speech is the writer's aside on
    its last name; a relative clause the speech goes on after is the speaker's."""
    aside = ("The candidates say they are not trying to avoid appearing beside Hillary Clinton, "
             "who has been battered in recent weeks by the fallout from the investigation.")
    assert quotes(aside) == [("they are not trying to avoid appearing beside Hillary Clinton",
                              "The candidates", "say", False)]
    inside = "The governor said the plan, which was unveiled on Monday, would cost billions."
    assert quotes(inside)[0][0] == "the plan, which was unveiled on Monday, would cost billions"


def test_reported_speech_in_an_opening_subordinate_clause_ends_at_its_comma() -> None:
    """"When X called A, B ...": the main clause after the comma is the writer's; a sentence
    whose cue stands after its opening phrase's comma is not cut there."""
    text = ("When the government of President Petro O. Poroshenko called snap parliamentary "
            "elections for October 2014, Mr. Manafort rallied the remnants of the party.")
    assert quotes(text) == [("snap parliamentary elections for October 2014",
                             "the government of President Petro O. Poroshenko", "called", False)]
    later = "Before the vote, Trump said the party would rally behind him, and it did."
    assert quotes(later)[0][0] == "the party would rally behind him, and it did"


def test_two_apostrophes_after_a_full_stop_end_a_sentence() -> None:
    """The archive style that closes quotations with '' ends sentences with them too: reported
    speech does not run into the next sentence."""
    text = ("Mr. Trump assailed a federal judge for his ''Mexican heritage.'' By going after a "
            "military family, Mr. Trump has once again breached multiple norms.")
    assert quotes(text)[0][:3] == ("a federal judge for his ''Mexican heritage.''", "Mr. Trump",
                                   "assailed")


def test_reported_speech_with_cue_at_the_end() -> None:
    text = "The economy is in far better shape than critics claim, she said."
    assert quotes(text) == [("The economy is in far better shape than critics claim", "she",
                             "said", False)]


def test_according_to_before_and_after() -> None:
    before = "According to the ministry, 400 troops took part in the drills."
    after = "400 troops took part in the drills, according to the ministry."
    assert quotes(before) == [("400 troops took part in the drills", "the ministry",
                               "According to", False)]
    assert quotes(after) == [("400 troops took part in the drills", "the ministry",
                              "according to", False)]


def test_names_and_headlines_are_no_cues() -> None:
    assert quotes("The United States has deployed more troops to the region this week.") == []
    assert quotes("Macron In Kyiv Says No Escalation From Putin") == []


def _article(text: str) -> Article:
    from newsflow.records import CleanedArticle

    return Article.from_cleaned("a1", "a1.txt", CleanedArticle(title=None, text=text))


def _mention(text: str, name: str, label: str, entity_id: str, at: str) -> Mention:
    start = text.index(at)
    return Mention(f"m{start}", "a1", entity_id, at, name, label, label, start,
                   start + len(at), "")


def test_speakers_link_to_mentions_and_pronouns_to_the_last_person() -> None:
    text = ("Liz Truss met Sergey Lavrov in Moscow. “We are listening but we can’t hear each "
            "other,” he added. Later, “The talks were useful for both of our countries,” "
            "Truss said.")
    last = text.rindex("Truss")
    mentions = [_mention(text, "Liz Truss", "PERSON", "e-truss", "Liz Truss"),
                _mention(text, "Sergey Lavrov", "PERSON", "e-lavrov", "Sergey Lavrov"),
                Mention("m-last", "a1", "e-truss", "Truss", "Liz Truss", "PERSON", "PERSON",
                        last, last + len("Truss"), "")]
    rows = attribute(_article(text), find_quotes(text), mentions)
    assert {r.speaker: r.speaker_entity_id for r in rows} == {"he": "e-lavrov",
                                                              "Truss": "e-truss"}
    assert all(text[r.start_char:r.end_char].startswith("“") for r in rows)
    assert len({r.quote_id for r in rows}) == len(rows)


def test_a_nominal_speaker_stays_unlinked() -> None:
    text = "A spokesman for the ministry said the drills would end on Sunday as planned."
    rows = attribute(_article(text), find_quotes(text), [])
    assert [(r.speaker, r.speaker_entity_id) for r in rows] == [
        ("A spokesman for the ministry", None)]


def test_an_article_whose_search_fails_is_quarantined_alone(monkeypatch) -> None:
    from newsflow.enrich.quotations import finding as module

    good, bad = _article("Jones said the vote was fair and open."), _article("boom")
    bad = Article.from_cleaned("a2", "bad.txt", bad)
    real = module._by_rules

    def flaky(text: str, *args: object) -> object:
        if text == "boom":
            raise ValueError("broken text")
        return real(text, *args)

    monkeypatch.setattr(module, "_by_rules", flaky)
    found, rejected = find_article_quotes([bad, good])
    assert list(found) == ["a1"] and len(found["a1"]) == 1
    assert [(q.source, q.stage) for q in rejected] == [("bad.txt", "quotations")]
    assert "broken text" in rejected[0].reason


def _parsed_articles() -> list[Article]:
    from dataclasses import replace

    from newsflow.records import CleanedArticle

    texts = {"a1": "The senator from Florida, who spent the whole weekend in Iowa courting the "
                   "voters there, has warned that the party would lose.",
             "a2": "Cruz seeks to energize the party's grass roots before the caucuses.",
             "a3": "“We will win,” Cruz said. Rubio has called for a safe zone in Syria."}
    model = Settings().spacy_models["en"]
    return [replace(Article.from_cleaned(i, f"{i}.txt", CleanedArticle(title=None, text=t)),
                    language="en", ner_model=model) for i, t in texts.items()]


def test_a_chunks_open_sentences_are_parsed_in_one_call_as_each_alone(monkeypatch) -> None:
    """The sentences all of a chunk's articles leave open go to the parser together; each
    article's quotations are those it has when parsed alone. The heartbeat beats as each
    article's rules start and before the parse."""
    from newsflow.enrich.quotations import finding as module

    calls: list[list[str]] = []
    beats: list[int] = []
    real = module.language_parser

    def spied(language: str | None, model: str | None, rules: object = None) -> object:
        parser = real(language, model)
        assert parser is not None
        return lambda sentences: (calls.append(list(sentences)), parser(sentences))[1]

    monkeypatch.setattr(module, "language_parser", spied)
    articles = _parsed_articles()
    found, rejected = find_article_quotes(articles, beat=lambda: beats.append(len(calls)))
    assert rejected == [] and len(calls) == 1 and len(calls[0]) == 3
    assert beats == [0, 0, 0, 0]  # three articles' rules, then the parse: all before its call
    parser = parser_for(Settings().spacy_models["en"])
    assert found == {a.article_id: find_quotes(a.text, "en", parser=parser) for a in articles}
    assert [q.speaker.text for q in found["a1"] + found["a2"] if q.speaker] == [
        "The senator", "Cruz"]


def test_a_parse_that_fails_on_one_article_quarantines_it_alone(monkeypatch) -> None:
    """When the chunk's parse call fails, its articles are parsed one at a time: only the one
    whose sentence the parser fails on is quarantined, the others keep their quotations."""
    from newsflow.enrich.quotations import finding as module

    calls: list[int] = []
    parser = parser_for(Settings().spacy_models["en"])
    assert parser is not None

    def flaky(sentences):
        calls.append(len(sentences))
        if any("grass roots" in s for s in sentences):
            raise RuntimeError("the parser failed")
        return parser(sentences)

    monkeypatch.setattr(module, "language_parser", lambda *args: flaky)
    articles = _parsed_articles()
    found, rejected = find_article_quotes(articles)
    assert calls == [3, 1, 1, 1]
    assert [(q.source, q.stage, q.doc_id) for q in rejected] == [("a2.txt", "quotations", "a2")]
    assert "RuntimeError: the parser failed" in rejected[0].reason
    assert found == {a.article_id: find_quotes(a.text, "en", parser=parser)
                     for a in articles if a.article_id != "a2"}


def test_cues_of_the_article_language() -> None:
    french = find_quotes("« Nous ne céderons jamais sur ce point essentiel », a déclaré le "
                         "ministre.", "fr")
    german = find_quotes("„Wir werden diesen Weg gemeinsam weitergehen“, sagte Scholz am Montag.",
                         "de")
    spanish = find_quotes("El presidente dijo que la economía crecerá este año.", "es")
    assert [(q.speaker.text if q.speaker else None, q.cue, q.direct)
            for q in french + german + spanish] == [
        ("le ministre", "a déclaré", True), ("Scholz", "sagte", True),
        ("El presidente", "dijo", False)]


def test_a_participle_cue_takes_the_clause_subject() -> None:
    text = ("But Clinton mocked the complaint on Tuesday, saying anybody who complains about a "
            "microphone is not having a good night.")
    found = {cue: (speaker, content) for content, speaker, cue, _ in quotes(text)}
    assert found["saying"] == ("Clinton", "anybody who complains about a microphone is not "
                                          "having a good night")
    assert found["mocked"][0] == "Clinton"  # not "But Clinton"


def test_reported_speech_running_into_a_quotation_attributes_it() -> None:
    text = ('Zimmerman told the Orlando Sentinel that "the site was not prepared for the traffic '
            'and publicity surrounding the auction of my firearm."')
    assert quotes(text) == [("the site was not prepared for the traffic and publicity "
                             "surrounding the auction of my firearm.", "Zimmerman", "told", True)]


def test_quotations_signed_by_according_to_a_dash_or_a_name_and_colon() -> None:
    according = ("“The new material shows the department compiled extensive dossiers on "
                 "senators,” according to Judicial Watch.")
    signed = "“I’d rather live in what he calls hell than see him win at all.” ― Adriana Rodarte"
    colon = "Michael P. McDonald: “At long last the nomination contests have finally started.”"
    assert [(q.speaker.text if q.speaker else None, q.cue)
            for q in find_quotes(according) + find_quotes(signed) + find_quotes(colon)] == [
        ("Judicial Watch", "according to"), ("Adriana Rodarte", "―"),
        ("Michael P. McDonald", ":")]


def speakers(text: str) -> list[tuple[str | None, str | None]]:
    return [(speaker, cue) for _, speaker, cue, _ in quotes(text)]


def test_speakers_behind_an_affiliation_a_role_or_an_adverb() -> None:
    assert speakers("“If they did not take part, they have nothing to worry about,” "
                    "Sen. Chuck Schumer (D-N.Y.) said Tuesday.") == [("Sen. Chuck Schumer", "said")]
    assert speakers('"The early states matter a great deal to the whole race," campaign manager '
                    'Robby Mook said.') == [("Robby Mook", "said")]
    assert speakers('"Nobody in this state ever asked for a second airport," said former '
                    'Wisconsin Gov. Jim Doyle.') == [("Wisconsin Gov. Jim Doyle", "said")]
    assert speakers("Cruz gingerly said that was an assessment the voters will make.") == [
        ("Cruz", "said")]


def test_a_party_and_state_bracket_ends_no_sentence() -> None:
    text = ("Sen. Bernie Sanders (I-Vt.) on Saturday criticized the accord, saying the agreement "
            "goes nowhere near far enough.")
    assert ("Sen. Bernie Sanders", "saying") in speakers(text)


def test_the_rest_of_a_quoted_sentence_before_its_speaker() -> None:
    text = ("“The only way Wall Street will change will be if executives face jail time” for "
            "criminal behavior, she said.")
    assert speakers(text) == [("she", "said")]


def test_a_quotation_introduced_at_the_previous_paragraph_end() -> None:
    text = 'He said:\n\n"We have a situation where our cities are not safe for anybody at all."'
    assert speakers(text) == [("He", "said")]


def test_reported_speech_that_quotes_fragments_is_one_attribution() -> None:
    text = ('Kerry said that although the elections were an important step, they were "far '
            'from perfect in almost every region."')
    [(content, speaker, cue, direct)] = quotes(text)
    assert content == ('although the elections were an important step, they were "far from '
                       'perfect in almost every region."')  # the fragment's marks stay
    assert (speaker, cue, direct) == ("Kerry", "said", True)


def test_the_subject_speaks_past_an_opening_phrase() -> None:
    opening = ("In a victory speech on Tuesday night, Mr. Trump struck a measured tone, saying he "
               "understood the responsibility of carrying the party.")
    assert ("Mr. Trump", "saying") in speakers(opening)


def test_a_cue_word_after_a_determiner_is_a_noun() -> None:
    assert quotes("The promises he made were broken by the time he took office.") == []


def test_head_attributions_take_the_verb_and_the_clause_subject() -> None:
    statement = "Verizon said in a statement: “We look forward to having all of our staff back.”"
    noun_cue = ("Trump said in reply to the suggestion: “We will build the wall and Mexico will "
                "pay for it.”")  # "suggestion", a cue with no speaker of its own, is passed over
    participle = ("Clinton riffed on the incident in Iowa, telling the crowd, “Some people "
                  "get a little carried away, have you noticed that?”")
    assert speakers(statement) == [("Verizon", "said")]
    assert speakers(noun_cue) == [("Trump", "said")]
    assert speakers(participle) == [("Clinton", "telling")]


def test_a_quotation_goes_on_past_its_attribution_sentence() -> None:
    text = ('"These are strange days," said Peter Morgan, a lawyer for the Sierra Club, who has '
            'worked on coal cases for years. "I am skeptical he can pull it off."')
    [(content, speaker, _, _)] = quotes(text)
    assert content == "These are strange days, I am skeptical he can pull it off."
    assert speaker == "Peter Morgan"


def test_the_speaker_goes_on_for_a_few_paragraphs() -> None:
    text = ("“We will win this state and then the next one,” Ms. Lopez said.\n\n"
            "The crowd cheered as the band played.\n\n"
            "“Nobody thought we could get this far in such a short time.”")
    assert speakers(text) == [("Ms. Lopez", "said"), ("Ms. Lopez", None)]
    later = text.replace("\n\nThe crowd", "\n\nThe band was late.\n\nIt rained.\n\nThe crowd")
    assert speakers(later) == [("Ms. Lopez", "said"), (None, None)]  # four paragraphs on: nobody


def test_a_tail_cue_outranks_a_speaker_guessed_from_a_comma_before() -> None:
    text = ("Parties all over Europe, especially the Alternative for Germany party, ''have and "
            "will continue to conflate refugees with terrorism,'' Mr. Rahman said.")
    assert speakers(text) == [("Mr. Rahman", "said")]


def test_a_modal_between_speaker_and_cue() -> None:
    assert speakers("The moderates may feel that the party has left them far behind.") == [
        ("The moderates", "feel")]


def test_a_day_after_the_cue_is_neither_speaker_nor_content() -> None:
    reported = "Sanders said Wednesday she, too, wants the party to move on from the primary fight."
    assert quotes(reported)[0] == (
        "she, too, wants the party to move on from the primary fight", "Sanders", "said", False)
    tail = "“The debate will go ahead as planned in every city,” said Friday the commission."
    assert speakers(tail) == [(None, None)]


def test_a_nominal_subject_ends_before_its_verb() -> None:
    text = ("The agency is also interviewing witnesses, saying the leak came from inside the "
            "building.")
    assert speakers(text) == [("The agency", "saying")]


def test_unlearned_cues_mark_no_speech() -> None:
    rules = quote_rules()
    en = rules.language("en")
    assert en.unlearned_cues and set(en.unlearned_cues) <= set(en.written_cues)
    assert not any(en.cues.fullmatch(cue) for cue in en.unlearned_cues)
    text = "Smith said the budget was a disgrace to every family in the state."
    assert speakers(text) == [("Smith", "said")]
    assert find_quotes(text, rules=rules.with_learned_cues("en", [], ["said"])) == []


def test_a_head_cue_attributes_within_its_word_window() -> None:
    """quotations.toml's head_cue_within_words (8) words between the cue and the mark."""
    quotation = "“We will build the wall and Mexico will pay for it.”"
    eight = "in an interview with the paper on Sunday"
    assert speakers(f"Trump said {eight}: {quotation}") == [("Trump", "said")]
    assert speakers(f"Trump said {eight} night: {quotation}") == [(None, None)]


def test_a_determiner_is_no_role_word_and_a_name_no_opening_phrase() -> None:
    campaign = '"We expect to win every county in the state," said the Trump campaign.'
    kelly = ("Kelly, a spokeswoman for the campaign, dismissed the report, saying that it was "
             "wrong from start to finish.")
    but = ("But Clinton, the nominee, mocked the complaint, saying anybody who complains about a "
           "microphone is not having a good night.")
    assert speakers(campaign) == [("the Trump campaign", "said")]
    assert ("Kelly", "saying") in speakers(kelly)
    assert ("Clinton", "saying") in speakers(but)


def test_a_quotation_that_ends_its_sentence_takes_no_speaker_from_the_next() -> None:
    text = ("“We will build it, and they will pay for it, every single dollar or more.” Two "
            "weeks later Trump said he would not discuss the wall.")
    assert (("We will build it, and they will pay for it, every single dollar or more.", None,
             None, True) in quotes(text))


def test_a_stage_direction_in_brackets_ends_its_sentence() -> None:
    text = ("The crowd cheered at length (Laughter.) Then Trump said the wall would be paid for "
            "by Mexico.")
    [quote] = find_quotes(text)
    assert quote.sentence == "Then Trump said the wall would be paid for by Mexico."


def test_a_misspelt_key_in_the_rules_file_is_one_line_naming_it() -> None:
    text = resources.files("newsflow.enrich.quotations").joinpath(QUOTATIONS_FILE).read_text(
        encoding="utf-8")
    misspelt = text.replace("speaker_goes_on =", "speaker_goes_onn =", 1)
    with pytest.raises(DataFileError) as raised:
        parse_quotations_file(misspelt)
    message = str(raised.value)
    assert "\n" not in message and "direct.speaker_goes_onn: Extra inputs" in message
    assert parse_quotations_file(text) == quotations_file()


def _seconds_to_find(text: str) -> tuple[float, list[FoundQuote]]:
    started = time.process_time()
    found = find_quotes(text)
    return time.process_time() - started, found


def test_a_one_megabyte_quoted_paragraph_is_analysed_in_seconds() -> None:
    """Matching is linear in a paragraph's length (it used to take minutes: every cue rescanned
    its sentence, every quotation its paragraph)."""
    unit = "“We will not let a single convoy cross the border,” he said. "
    text = unit * (1_000_000 // len(unit))
    seconds, found = _seconds_to_find(text)
    assert seconds < 5, f"{seconds:.1f} s"
    assert len(found) == len(text) // len(unit)
    assert found[-1].speaker is not None and found[-1].speaker.text == "he"


def test_a_nested_mix_of_marks_is_linear() -> None:
    """« „ “ nested and mixed, 113k characters, once 14 s: now a fraction of a second, and ten
    times the text costs about ten times as much."""
    unit = "« Il a dit „ nous “ ne partirons ” pas “ d’ici » , ajoute-t-il. „Wir “bleiben” hier“ "
    small, large = unit * (113_000 // len(unit)), unit * (1_130_000 // len(unit))
    small_seconds, _ = _seconds_to_find(small)
    large_seconds, found = _seconds_to_find(large)
    assert large_seconds < 5, f"{large_seconds:.1f} s"
    assert large_seconds < 25 * max(small_seconds, 0.01)
    assert all(large[q.start_char:q.end_char].strip() for q in found)


def test_a_paragraph_without_sentence_ends_is_cut_into_bounded_sentences() -> None:
    text = "Smith said the plan, " * 5_000
    found = find_quotes(text)
    longest = quote_rules().windows.max_sentence_chars
    assert found and all(len(q.sentence) <= longest for q in found)
    assert all(len(q.content) <= longest for q in found)


def _parsed(text: str) -> list[tuple[str, str | None, str | None]]:
    parser = parser_for(Settings().spacy_models["en"])
    return [(q.content, q.speaker.text if q.speaker else None, q.cue)
            for q in find_quotes(text, "en", parser=parser)]


def test_the_parse_finds_broad_attributions_the_rules_leave_open() -> None:
    """Subject and complement from the parse, on sentences with a cue the rules found nothing
    in: a subject far from its verb, a verb that takes an infinitive."""
    far = ("The senator from Florida, who spent the whole weekend in Iowa and New Hampshire "
           "courting the voters there, has warned that the party would lose.")
    seeks = "Cruz seeks to energize the party's grass roots before the caucuses."
    assert quotes(far) == quotes(seeks) == []
    assert _parsed(far) == [("the party would lose", "The senator", "warned")]
    assert _parsed(seeks) == [("to energize the party's grass roots before the caucuses", "Cruz",
                               "seeks")]


def test_a_cue_word_the_parse_uses_as_a_noun_or_adverb_marks_no_speech() -> None:
    assert _parsed("The plans for the new stadium include a roof over the stands.") == []


def test_only_sentences_with_a_cue_used_as_a_verb_go_to_the_parser() -> None:
    """A cue word after a determiner or possessive is a noun ("the plans", "Trump's support"):
    its sentence costs no parse; a sentence with a cue the rules leave open does."""
    parsed: list[str] = []

    def spy(sentences):
        parsed.extend(sentences)
        return parser_for(Settings().spacy_models["en"])(sentences)

    text = ("The plans for the new stadium include a roof over the stands. Trump's support "
            "grew in the South. Cruz seeks to energize the party's grass roots.")
    find_quotes(text, "en", parser=spy)
    assert [s.strip() for s in parsed] == ["Cruz seeks to energize the party's grass roots."]


def test_the_parse_reads_a_cue_the_rules_left_open_beside_one_they_used() -> None:
    """A sentence with a quotation the rules found is parsed for its other cue, and only that
    one: the rules' own "said" gives no second, longer candidate."""
    text = ("“We will win this state,” Cruz said on Monday, while the senator from Florida, who "
            "spent the weekend in Iowa, has warned that the party would lose.")
    assert _parsed(text) == [("We will win this state,", "Cruz", "said"),
                             ("the party would lose", "the senator", "warned")]


def test_a_preposition_right_after_a_parsed_cue_is_the_cues() -> None:
    """"complained about X", "called for X" report X; a preposition after the object stays in
    the content."""
    assert _parsed("Sanders has repeatedly complained about the influence of big money.") == [
        ("the influence of big money", "Sanders", "complained")]
    assert _parsed("Rubio has called for a safe zone in northern Syria.") == [
        ("a safe zone in northern Syria", "Rubio", "called")]
    assert _parsed("Clinton blamed the Republicans for the shutdown.") == [
        ("the Republicans for the shutdown", "Clinton", "blamed")]


def test_a_parsed_complement_ends_at_its_first_comma() -> None:
    """What a cue's complements report ends before an appositive or a clause after a comma
    ("warned of a defeat, a prospect ..." reports "a defeat")."""
    text = ("The senator from Florida, who spent the whole weekend in Iowa and New Hampshire "
            "courting the voters there, has warned of a defeat in November, a prospect "
            "unthinkable a year ago.")
    assert _parsed(text) == [("a defeat in November", "The senator", "warned")]


def test_a_relative_clause_after_a_comma_ending_parsed_speech_is_the_writers() -> None:
    assert _parsed("Cruz seeks to win over the voters of Marco Rubio, who dropped out of the race "
                   "on Tuesday.") == [("to win over the voters of Marco Rubio", "Cruz", "seeks")]


def test_a_parsed_speaker_has_no_space_of_the_sentence_before() -> None:
    """The sentence after another starts with the space between them: the speaker is "He", a
    pronoun attribution links, not " He"."""
    text = "The vote was close. He seeks to energize the party's grass roots."
    assert _parsed(text) == [("to energize the party's grass roots", "He", "seeks")]


def test_overlapping_candidates_are_one_quotation_with_the_best_cue_and_speaker() -> None:
    """Reported speech around a direct quotation and a second cue inside the same stretch are
    one quotation: never one inside another."""
    text = ("Russia repeatedly denied that “it is planning to attack Ukraine at any time soon,” "
            "Peskov said on Friday.")
    found = find_quotes(text)
    assert len(found) == 1
    assert (found[0].direct, found[0].speaker is not None) == (True, True)


def test_no_quotation_lies_inside_another_of_the_same_article(seeds_dir) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        found = find_quotes(path.read_text(encoding="utf-8"))
        for before, after in pairwise(found):
            assert before.end_char <= after.start_char, (path.name, before, after)


def _linked(text: str, mentions: list[Mention]) -> list[tuple[str | None, str | None, str | None,
                                                              bool]]:
    return [(r.speaker, r.speaker_entity_id, r.speaker_type, r.speaker_anonymous)
            for r in attribute(_article(text), find_quotes(text), mentions)]


def test_they_stands_for_the_nearest_organisation_or_group_named_before() -> None:
    text = ("Lavrov met the Kremlin's negotiators. The Kremlin was unmoved. They said the talks "
            "would resume on Monday in Geneva.")
    mentions = [_mention(text, "Sergey Lavrov", "PERSON", "e-lavrov", "Lavrov"),
                _mention(text, "Kremlin", "ORG", "e-kremlin", "Kremlin")]
    assert _linked(text, mentions) == [("They", "e-kremlin", "organisation", False)]


def test_who_stands_for_the_name_right_before_it() -> None:
    text = "The plan was drafted by Warren, who argued that the banks should be broken up."
    mentions = [_mention(text, "Elizabeth Warren", "PERSON", "e-warren", "Warren")]
    parser = parser_for(Settings().spacy_models["en"])
    rows = attribute(_article(text), find_quotes(text, "en", parser=parser), mentions)
    assert [(r.speaker, r.speaker_entity_id, r.speaker_type) for r in rows] == [
        ("who", "e-warren", "person")]


def test_a_role_stands_for_the_nearest_person_named_with_it() -> None:
    text = ("Foreign Minister Sergey Lavrov met Antony Blinken in Geneva. The minister said the "
            "drills would end on Sunday as planned.")
    sentence = "Foreign Minister Sergey Lavrov met Antony Blinken in Geneva."
    lavrov, blinken = text.index("Sergey Lavrov"), text.index("Antony Blinken")
    mentions = [Mention("m1", "a1", "e-lavrov", "Sergey Lavrov", "Sergey Lavrov", "PERSON",
                        "PERSON", lavrov, lavrov + 13, sentence),
                Mention("m2", "a1", "e-blinken", "Antony Blinken", "Antony Blinken", "PERSON",
                        "PERSON", blinken, blinken + 14, sentence.replace("Minister", "-"))]
    assert _linked(text, mentions) == [("The minister", "e-lavrov", "person", False)]


def test_a_place_speaks_by_metonymy_and_is_typed_so() -> None:
    text = "Moscow said the drills would end on Sunday as planned."
    assert _linked(text, [_mention(text, "Moscow", "GPE", "e-moscow", "Moscow")]) == [
        ("Moscow", "e-moscow", "place", False)]


def test_unnamed_sources_are_kept_and_flagged() -> None:
    both = "Officials on both sides said the talks would resume on Monday in Geneva."
    spokesperson = "A spokesperson for the ministry said the drills would end soon."
    named = "Ministry spokesperson Maria Zakharova said the drills would end soon."
    assert _linked(both, []) == [("Officials on both sides", None, "description", True)]
    assert _linked(spokesperson, []) == [("A spokesperson for the ministry", None,
                                          "description", True)]
    assert [row[3] for row in _linked(named, [_mention(named, "Maria Zakharova", "PERSON",
                                                       "e-z", "Maria Zakharova")])] == [False]


def test_an_unresolved_pronoun_is_typed_a_pronoun() -> None:
    assert _linked("He said the drills would end on Sunday as planned.", []) == [
        ("He", None, "pronoun", False)]


def test_an_attribution_set_between_commas_speaks_for_its_whole_sentence() -> None:
    assert quotes("The talks, he said, would resume on Monday in Geneva.") == [
        ("The talks would resume on Monday in Geneva", "he", "said", False)]
    assert quotes("The drills, the minister said on Friday, would end on Sunday as planned.") == [
        ("The drills would end on Sunday as planned", "the minister", "said", False)]


def test_reported_speech_ends_before_another_speakers_attribution() -> None:
    text = ("He said he would bring back the program within a year, he added that it would "
            "be on firm legal grounds. Trump said the deal was a disaster for the workers and "
            "Clinton says it created jobs in every state.")
    assert [(content, speaker) for content, speaker, _, _ in quotes(text)] == [
        ("he would bring back the program within a year", "He"),
        ("it would be on firm legal grounds", "he"),
        ("the deal was a disaster for the workers", "Trump"),
        ("it created jobs in every state", "Clinton")]


def test_a_headline_names_its_speaker_by_a_colon_or_a_capitalised_cue() -> None:
    body = "\nThe attorney general spoke to reporters in Washington on Friday."
    assert quotes("EXCLUSIVE – Roger Stone: Don’t Trust the Voting Machines." + body)[0] == (
        "Don’t Trust the Voting Machines", "Roger Stone", ":", False)
    assert quotes("Glenn Beck Blasts Drudge for Mocking His Fast, Quotes Bible." + body)[0] == (
        "Drudge for Mocking His Fast", "Glenn Beck", "Blasts", False)
    # only a headline: the same words in the body, or a capitalised name in it, are no quotation
    assert quotes("Markets calm\nGlenn Beck Blasts Drudge for Mocking His Fast." + body) == []
    assert quotes("Delegates from the United States Meet in Paris." + body) == []


def test_reported_speech_ends_before_the_same_speakers_second_cue() -> None:
    text = ("She said she had met with the lobbyists twice but later said neither of them played "
            "a role in the campaign.")
    assert quotes(text) == [("she had met with the lobbyists twice", "She", "said", False)]


def test_a_speakers_role_with_digits_or_initials_between_the_mark_and_the_name() -> None:
    assert speakers("“Anthony Weiner is on indefinite leave from the station,” a NY1 "
                    "representative said in a statement.") == [("representative", "said")]
    assert speakers("“These are the darkest days for Republican Jews like myself,” former "
                    "George W. Bush speechwriter Noam Neusner wrote in a column.") == [
        ("Noam Neusner", "wrote")]
    # a cue word inside the role ("planning") is passed over for the speaker's own cue
    assert speakers('"I have never been prouder of having worked for you," former State policy '
                    'planning director Anne-Marie Slaughter wrote to Clinton.') == [
        ("Anne-Marie Slaughter", "wrote")]


def test_a_quotation_signed_with_a_verb_that_is_no_listed_cue() -> None:
    assert speakers('"Jeb wants to be a tough guy tonight," Trump shot back. '
                    '"Let me talk."') == [("Trump", "shot back")]
    assert speakers("''Silly boys acting like they've never seen a girl before,'' scoffed "
                    "Arianna Gil, 22, who helped found the group.") == [("Arianna Gil", "scoffed")]
    assert speakers('"Governor, let me help you out - the answer is no," the Republican '
                    "nominee riffed on the governor's answer.") == [
        ("the Republican nominee", "riffed")]
    # a quotation ending its sentence names no speaker in the next one, and a stretch of fewer
    # than six words without any verb after it stays a scare quote
    assert speakers("“We are not going anywhere at all this year.” Trump smiled.") == [
        (None, None)]
    assert speakers("The man in the ad was a “blue-collar billionaire,” the pride of Queens.") == []


def test_a_speaker_before_a_long_appositive_or_named_by_it() -> None:
    # past the appositive's own commas to the name that opens it
    assert speakers("Cecelia Purner, 67, a retired customer service representative in "
                    "Allentown, Pa., said, “I am going to vote for him no matter what.”") == [
        ("Cecelia Purner", "said")]
    # an adverb inside the appositive is not the cue's ("..., to speak candidly, said")
    assert speakers("A Warren adviser, who spoke on the condition of anonymity to speak "
                    "candidly, said of the senator, “She takes the threat very seriously.”") == [
        ("A Warren adviser", "said")]
    # a name set off by commas after a role with no determiner is the speaker
    assert speakers("Sanders’s campaign manager, Jeff Weaver, said in an interview: “We are "
                    "going to take this all the way to the convention.”") == [
        ("Jeff Weaver", "said")]
    assert speakers("Adam Green, co-founder of the Progressive Change Campaign Committee, said "
                    "the deal was bad for workers.") == [("Adam Green", "said")]



def test_a_quotation_without_attribution_goes_on_from_reported_speech_before_it() -> None:
    text = ('"We will never surrender to them," Smith said.\n\n'
            "Coan, Santilli's attorney, argues that his client was never encouraging people "
            'toward violence. "The government is alleging that his calls were provoking it."\n\n'
            '"His intent was to put this in a spot where it had the best chance of peace."')
    assert speakers(text) == [("Smith", "said"), ("Coan", "argues"), ("Coan", None),
                              ("Coan", None)]
    # reported speech in another paragraph does not take the quotation over
    text = ('"We will never surrender to them," Smith said. Jones argues that the talks failed.'
            '\n\n"We will go on fighting for as long as it takes us to win."')
    assert speakers(text)[-1] == ("Smith", None)


def test_according_to_a_source_and_a_colon_or_comma_before_a_quotation() -> None:
    assert speakers("According to HuffPo: “Senator Tim Kaine has had a mixed record on abortion "
                    "throughout much of his career.”") == [("HuffPo", "According to")]
    assert speakers("According to the Daily Caller, “Labott also coordinated with Reines to post "
                    "a favorable quote.”") == [("the Daily Caller", "According to")]


def test_a_participle_after_a_preposition_takes_the_clause_subject() -> None:
    assert speakers("Silverman, herself a Sanders supporter during the primary, incurred a wave "
                    "of boos upon saying, “Hillary heard the passion of the people.”") == [
        ("Silverman", "saying")]
    assert speakers("Ms. Jones won the crowd over by telling the voters that she would fight for "
                    "every job in the state.") == [("Ms. Jones", "telling")]
