"""Plain-text cleaning on the real seeds and on whole pages written here."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import numpy as np
import pytest
from newsflow.clean import CleanedArticle, CleaningError, clean_document, rules_version
from newsflow.clean.rules import load_rules
from newsflow.clean.text import choose_lines, read_page

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


def test_repeated_caption_appears_once(cleaned: dict[str, CleanedArticle]) -> None:
    """The seed prints this caption twice; the article keeps it once, as a paragraph."""
    caption = "Members of Ukraine's Territorial Defence Forces line up for training in Kharkiv."
    assert cleaned["002"].text.count(caption) == 1
    assert caption in paragraphs(cleaned["002"])


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


# English furniture of the classes whose patterns look for a phrase anywhere in the line or a
# name after a label, with the class that must name it.
FURNITURE_PHRASES_IN_ENGLISH = [
    ("© 2024 Example Media Ltd. All rights reserved.", "legal"),
    ("Copyright 2023 The Example Press All rights reserved", "legal"),
    ("All Rights Reserved.", "legal"),
    ("2010-2024 example.org All Rights Reserved. Do not reproduce.", "legal"),
    ("To read the full report, click here.", "read_more"),
    ("Clicking here for more stories", "read_more"),
    ("Comments are moderated and will appear after approval.", "comments"),
    ("Please keep comments respectful and follow our community guidelines.", "comments"),
    ("We moderate all comments before they are published.", "comments"),
    ("When you comment, please be civil: abusive posts are removed.", "comments"),
    ("Community Standards", "legal"),
    ("By using this site you consent to our use of cookies.", "cookie"),
    ("Cookies help us improve the site. Accept or manage your settings.", "cookie"),
    ("Updated: 3 March 2022 10:15 GMT", "timestamps"),
    ("Published on March 3, 2022", "timestamps"),
    ("Posted Tuesday 10:15", "timestamps"),
    ("Updated at 6:40 a.m.", "timestamps"),
    ("Posted by Sam Lee at 9:02 PM", "timestamps"),
    ("Posted on Montag, 3. Mai 2021 by Redaktion", "timestamps"),
    ("Veröffentlicht am 4. Mai 2021", "timestamps"),
    ("Posted on Mai 4, 2021 by Redaktion", "timestamps"),
    ("Written by Jane Doe", "bylines"),
    ("Reported by Ana Ruiz in Madrid", "bylines"),
    ("Jane Doe is a reporter at The Example Times covering energy.", "bio"),
    ("John Smith is a senior editor.", "bio"),
    ("Ana Ruiz is a freelance writer living in Seville.", "bio"),
    ("Sam Lee is a former editor of The Example Review.", "bio"),
]

# Reporting that contains those phrases, or the trigger words of other classes: clean text must
# come through whole, so none of it may be named.
PROSE_IN_ENGLISH = [
    "The company said all rights reserved by the original owners would be honoured.",
    "Click here, the phishing e-mail said, and thousands of staff did.",
    "He declined to comment, citing the company's policy on pending litigation.",
    "Analysts expect moderating demand to weigh on growth, the bank said in a written comment.",
    "Comments by the minister sparked outrage among lawmakers, who called the policy cruel.",
    "The regulator said the site uses cookies to track users without their consent.",
    "Updated figures released on Tuesday showed unemployment at 4.1%.",
    "Read more about the proposal in the minister's statement, the spokesman told reporters.",
    "Sign up for the vaccine opened on Monday, and the booking site crashed within an hour.",
    "Subscribers to the newsletter received the leaked memo before the board did.",
    "Advertising revenue rose 12% in the third quarter, the company said.",
    "Photo evidence presented in court showed the defendant at the scene.",
    "She is a reporter at heart, her former editor said.",
    "The court ruled that the trademark is owned by the company's founder.",
    "Watch the video, the prosecutor told jurors, and judge for yourselves.",
    "Terms of the deal were not disclosed.",
    "Privacy campaigners said the policy went too far.",
    "Please respect the privacy of the family, the police statement said.",
    "Written by hand, the letter was delivered to the embassy.",
    "John Smith is a former reporter who now runs a charity for homeless veterans.",
    "By the time firefighters arrived, the roof had collapsed.",
    "Reporting by local journalists exposed the scheme in 2019.",
    "Related to the victim by marriage, the suspect was arrested on Friday.",
    "Continue reading the statement, he said, and you will see there is no apology.",
    "Posted about 30 times a day, the alerts were ignored by staff.",
    "Posted to Berlin in 2019, the diplomat was recalled on Monday.",
    "Source: the figures come from the statistics office, which published them on Tuesday.",
]


# Page furniture as German, Spanish, French, Italian, Portuguese and Dutch news sites write it,
# with the class that must name it.
FURNITURE_IN_OTHER_LANGUAGES = [
    # de
    ("Anzeige", "advertising"),
    ("Artikel wird nach der Anzeige fortgesetzt", "advertising"),
    ("Artikel teilen", "share"),
    ("Folgen Sie uns auf Instagram", "share"),
    ("Teilen: Facebook, WhatsApp, E-Mail", "share"),
    ("Jetzt abonnieren", "subscribe"),
    (
        "Melden Sie sich für unseren kostenlosen Newsletter an und abonnieren Sie die Morgenlage.",
        "subscribe",
    ),
    ("Wir verwenden Cookies, um Ihnen ein besseres Nutzungserlebnis zu bieten.", "cookie"),
    ("Mit dem Klick auf „Zustimmen“ stimmen Sie der Verwendung von Cookies zu.", "cookie"),
    ("Alle akzeptieren", "cookie"),
    ("© Stadtanzeiger 2024 – Alle Rechte vorbehalten", "legal"),
    ("Alle Rechte vorbehalten.", "legal"),
    ("Impressum", "legal"),
    ("Datenschutzerklärung", "legal"),
    ("Keine Kommentare", "comments"),
    ("12 Kommentare", "comments"),
    ("Kommentar schreiben", "comments"),
    ("Zum Inhalt springen", "navigation"),
    ("Nächster Artikel: Der Hafen wird erweitert", "navigation"),
    ("Schlagwörter: Hafen, Haushalt, Stadtrat", "navigation"),
    ("Lesen Sie auch: Der neue Haushalt im Überblick", "read_more"),
    ("» Lesen Sie auch", "read_more"),
    ("Mehr zum Thema", "read_more"),
    ("Weiterlesen", "read_more"),
    ("Meistgelesene Artikel", "teaser_list"),
    ("Das könnte Sie auch interessieren", "read_more"),
    ("Foto: dpa", "credits"),
    ("Quelle: dpa", "credits"),
    ("Bild: picture alliance/dpa | Kay Nietfeld", "credits"),
    ("picture alliance/dpa", "credits"),
    ("(dpa/lnw)", "credits"),
    ("Der Bürgermeister am Montag vor dem Rathaus (Foto: Stadt Neuburg)", "credits"),
    ("23.10.2018", "timestamps"),
    ("am 12.03.2021 um 10:15 Uhr", "timestamps"),
    ("Aktualisiert am 3. März 2022", "timestamps"),
    ("Montag, 12. März 2021, 10:15 Uhr", "timestamps"),
    ("Stand: 12.03.2021, 10:15 Uhr", "timestamps"),
    ("vor 2 Stunden", "timestamps"),
    ("Von", "bylines"),
    ("Ein Kommentar von Anna Beispiel", "bylines"),
    ("Erika Muster ist Redakteurin im Ressort Politik.", "bio"),
    ("Über die Autorin", "bio"),
    ("Bitte aktivieren Sie JavaScript, um dieses Video zu sehen.", "markup"),
    # es
    ("Publicidad", "advertising"),
    ("La noticia continúa tras la publicidad", "advertising"),
    ("Compartir en Facebook", "share"),
    ("Síguenos en Twitter", "share"),
    ("Suscríbete a nuestro boletín y recibe las noticias del día.", "subscribe"),
    ("Regístrate gratis", "subscribe"),
    ("Utilizamos cookies propias y de terceros para mejorar nuestros servicios.", "cookie"),
    ("Si continúa navegando, acepta el uso de cookies.", "cookie"),
    ("Aceptar todas", "cookie"),
    ("Todos los derechos reservados", "legal"),
    ("Aviso legal", "legal"),
    ("Sin comentarios", "comments"),
    ("Deja un comentario", "comments"),
    ("Saltar al contenido", "navigation"),
    ("Etiquetas: puerto, presupuesto", "navigation"),
    ("Lee también: El nuevo presupuesto, punto por punto", "read_more"),
    ("Lea también", "read_more"),
    ("Noticias relacionadas", "read_more"),
    ("Lo más leído", "teaser_list"),
    ("Últimas noticias", "teaser_list"),
    ("Foto: EFE", "credits"),
    ("Fuente: INE", "credits"),
    ("(EFE)", "credits"),
    ("Europa Press", "credits"),
    ("27/01/2022 14:05", "timestamps"),
    ("Actualizado el 3 de marzo de 2022 a las 10:15 h", "timestamps"),
    ("hace 3 horas", "timestamps"),
    ("Por", "bylines"),
    ("Escrito por Ana Ejemplo", "bylines"),
    ("Redacción", "bylines"),
    ("María Ejemplo es redactora de la sección de Cultura.", "bio"),
    ("Sobre el autor", "bio"),
    # fr
    ("Publicité", "advertising"),
    ("La suite après cette publicité", "advertising"),
    ("Partager sur Facebook", "share"),
    ("Suivez-nous sur Instagram", "share"),
    ("Inscrivez-vous à notre newsletter pour recevoir l'essentiel de l'actualité.", "subscribe"),
    ("Je m'abonne", "subscribe"),
    ("Nous utilisons des cookies pour améliorer votre expérience.", "cookie"),
    ("Tout accepter", "cookie"),
    ("Tous droits réservés", "legal"),
    ("Mentions légales", "legal"),
    ("Aucun commentaire", "comments"),
    ("Laisser un commentaire", "comments"),
    ("Aller au contenu principal", "navigation"),
    ("Mots-clés : port, budget", "navigation"),
    ("À lire aussi : Le nouveau budget en cinq points", "read_more"),
    ("Lire aussi | Le port s'agrandit", "read_more"),
    ("À lire aussi", "read_more"),
    ("Les plus lus", "teaser_list"),
    ("Photo : AFP", "credits"),
    ("Source : Insee", "credits"),
    ("(avec AFP)", "credits"),
    ("Publié le 03/03/2022 à 10h15", "timestamps"),
    ("Mis à jour le 3 mars 2022 à 10h15", "timestamps"),
    ("14h05", "timestamps"),
    ("Propos recueillis par Jeanne Exemple", "bylines"),
    ("Par", "bylines"),
    ("Claire Exemple est journaliste au service Économie.", "bio"),
    ("À propos de l'auteur", "bio"),
    # it
    ("Pubblicità", "advertising"),
    ("L'articolo continua dopo la pubblicità", "advertising"),
    ("Condividi su Facebook", "share"),
    ("Seguici su Instagram", "share"),
    ("Iscriviti alla newsletter per ricevere le notizie del giorno.", "subscribe"),
    ("Abbonati", "subscribe"),
    ("Questo sito utilizza cookie tecnici e di profilazione.", "cookie"),
    ("Accetta tutti", "cookie"),
    ("Riproduzione riservata", "legal"),
    ("© RIPRODUZIONE RISERVATA", "legal"),
    ("Chi siamo", "legal"),
    ("Nessun commento", "comments"),
    ("Lascia un commento", "comments"),
    ("Vai al contenuto", "navigation"),
    ("Argomenti: porto, bilancio", "navigation"),
    ("Leggi anche: Il nuovo bilancio in cinque punti", "read_more"),
    ("LEGGI ANCHE", "read_more"),
    ("Articoli correlati", "read_more"),
    ("I più letti", "teaser_list"),
    ("Altre notizie", "teaser_list"),
    ("Foto: ANSA", "credits"),
    ("Fonte: Istat", "credits"),
    ("(ANSA)", "credits"),
    ("Aggiornato il 3 marzo 2022 alle 10:15", "timestamps"),
    ("2 ore fa", "timestamps"),
    ("A cura di Giulia Esempio", "bylines"),
    ("Foto di Mario Esempio e Luca Prova", "bylines"),
    ("Marco Esempio è giornalista del quotidiano locale.", "bio"),
    ("Sull'autore", "bio"),
    # pt
    ("Publicidade", "advertising"),
    ("Continua após a publicidade", "advertising"),
    ("Compartilhar no WhatsApp", "share"),
    ("Siga-nos no Instagram", "share"),
    ("Assine a nossa newsletter e receba as principais notícias.", "subscribe"),
    ("Inscreva-se", "subscribe"),
    ("Este site utiliza cookies para melhorar a sua experiência.", "cookie"),
    ("Aceitar todos", "cookie"),
    ("Todos os direitos reservados", "legal"),
    ("Política de Privacidade", "legal"),
    ("Nenhum comentário", "comments"),
    ("Deixe um comentário", "comments"),
    ("Pular para o conteúdo", "navigation"),
    ("Tópicos: porto, orçamento", "navigation"),
    ("Leia também: O novo orçamento em cinco pontos", "read_more"),
    ("Veja também", "read_more"),
    ("Saiba mais", "read_more"),
    ("Mais lidas", "teaser_list"),
    ("Foto: Reprodução/Instagram", "credits"),
    ("Fonte: IBGE", "credits"),
    ("(Lusa)", "credits"),
    ("Atualizado em 3 de março de 2022 às 10h15", "timestamps"),
    ("há 2 horas", "timestamps"),
    ("Por", "bylines"),
    ("Da Redação", "bylines"),
    ("Ana Exemplo é jornalista da secção de Política.", "bio"),
    ("Sobre o autor", "bio"),
    # nl
    ("Advertentie", "advertising"),
    ("Het artikel gaat verder onder de advertentie", "advertising"),
    ("Deel dit artikel", "share"),
    ("Volg ons op Facebook", "share"),
    ("Meld je aan voor onze nieuwsbrief en ontvang elke ochtend het laatste nieuws.", "subscribe"),
    ("Inloggen", "subscribe"),
    ("Wij gebruiken cookies om onze website te verbeteren.", "cookie"),
    ("Alles accepteren", "cookie"),
    ("Alle rechten voorbehouden", "legal"),
    ("Privacybeleid", "legal"),
    ("Geen reacties", "comments"),
    ("Plaats een reactie", "comments"),
    ("Naar de hoofdinhoud", "navigation"),
    ("Onderwerpen: haven, begroting", "navigation"),
    ("Lees ook: De nieuwe begroting in vijf punten", "read_more"),
    ("Lees ook", "read_more"),
    ("Meer nieuws", "read_more"),
    ("Meest gelezen", "teaser_list"),
    ("Foto: ANP", "credits"),
    ("Beeld ANP", "credits"),
    ("Bron: CBS", "credits"),
    ("(ANP)", "credits"),
    ("Bijgewerkt op 3 maart 2022 om 10:15", "timestamps"),
    ("3 uur geleden", "timestamps"),
    ("Door", "bylines"),
    ("Tekst door Sanne Voorbeeld", "bylines"),
    ("Pieter Voorbeeld is verslaggever bij de regionale krant.", "bio"),
    ("Over de auteur", "bio"),
]

# Sentences of reporting in those languages that start with, or contain, the same trigger words.
PROSE_IN_OTHER_LANGUAGES = [
    # de
    "Lesen Sie auch, was der Minister dazu sagte, im Bericht vom Montag.",
    "Quelle der Unruhe sei vor allem die hohe Inflation, sagte die Ökonomin.",
    "Mehr als 200 Menschen nahmen an der Kundgebung vor dem Rathaus teil.",
    "Die Anzeige gegen den Bürgermeister wurde am Dienstag zurückgezogen.",
    "Der Kommentar des Ministers sorgte im Parlament für Empörung.",
    "Foto und Video des Vorfalls kursierten schnell in sozialen Netzwerken.",
    (
        "Die Datenschutzbehörde verhängte ein Bußgeld, weil die Plattform Cookies ohne "
        "Einwilligung setzte."
    ),
    "Weitere Nachrichten über den Streik erwartet die Gewerkschaft erst am Freitag.",
    "Am 12.03.2021 um 10:15 Uhr ging der erste Notruf bei der Polizei ein.",
    "Stand heute gibt es in der Stadt drei Impfzentren.",
    "Der Angeklagte ist freier Journalist und lebt seit Jahren in Berlin.",
    "Ein Kommentar von Merz sorgte am Abend für Aufregung.",
    "Die Suche nach den Vermissten wurde am Abend eingestellt.",
    "Themen wie Wohnen und Verkehr bestimmten den Wahlkampf.",
    "Von der Leyen kündigte am Abend neue Sanktionen an.",
    "Zur Person: Die Ministerin wurde 1970 in Köln geboren.",
    "Mehr dazu lesen Sie in unserem Dossier zur Landtagswahl.",
    "Teilen wollte die Partei ihre Pläne zunächst nicht.",
    "Themen: Die Koalition streitet über den Haushalt und die Rente.",
    "Veröffentlicht wurde die Studie im Jahr 2020.",
    "Stand der Ermittlungen ist weiterhin unklar.",
    "Max Müller ist Journalist und wurde 2019 in Minsk festgenommen.",
    # es
    "Lea también el informe que publicó ayer el Banco de España sobre la vivienda.",
    "Fuentes del ministerio confirmaron que la reunión se celebrará el lunes.",
    "Más de 200 personas se concentraron ante el ayuntamiento para protestar.",
    "La publicidad institucional creció un 30 % durante el último año.",
    "El ministro declinó hacer comentarios sobre la investigación judicial.",
    "Sigue a su hermano en Instagram desde que ambos se mudaron a Madrid.",
    "Por la mañana, los vecinos cortaron la carretera durante dos horas.",
    "El periodista es el autor de una investigación sobre la corrupción municipal.",
    "Compartir la información con la policía fue la decisión más difícil, explicó.",
    "Noticias falsas sobre la vacuna circularon durante semanas en las redes.",
    "Por qué el Gobierno cambia ahora de estrategia en Bruselas",
    "Ver para creer, dijo el alcalde al conocer las cifras del paro.",
    # fr
    (
        "Lire aussi les déclarations du ministre dans notre édition de lundi permet de "
        "comprendre l'enjeu."
    ),
    "Source de tensions, la réforme des retraites divise toujours la majorité.",
    "Plus de 200 personnes se sont rassemblées devant la mairie samedi.",
    "La publicité pour les jeux d'argent sera limitée à partir de l'an prochain.",
    "Le ministre n'a fait aucun commentaire sur l'enquête en cours.",
    "Partager les données de santé reste un sujet sensible pour les patients.",
    "Par ailleurs, la préfecture a interdit la manifestation prévue dimanche.",
    "Publié le 3 mars, le rapport a suscité de nombreuses réactions.",
    "Les derniers articles du code du travail ont été modifiés en 2017.",
    "Claire Exemple est l'auteure d'un livre remarqué sur la crise du logement.",
    "Photo à l'appui, le député a dénoncé l'état de l'école.",
    # it
    "Leggi anche le dichiarazioni del sindaco, che ha difeso la scelta della giunta.",
    "Fonti della procura confermano che l'indagine è ancora aperta.",
    "Più di 200 persone hanno partecipato al presidio davanti al municipio.",
    "La pubblicità delle scommesse è vietata in Italia dal 2019.",
    "Il ministro non ha voluto commentare le indiscrezioni sulla manovra.",
    "Stampa e opposizione hanno criticato duramente la decisione del governo.",
    "Altre notizie sul caso sono attese nei prossimi giorni dalla procura.",
    "Foto di gruppo al vertice dei ministri degli Esteri a Bruxelles",
    "Di recente il consiglio comunale ha approvato il nuovo piano urbanistico.",
    "Mario Rossi è il giornalista che per primo ha raccontato la vicenda.",
    # pt
    "Leia também o relatório do tribunal, que aponta falhas graves na obra.",
    "Fontes do governo afirmam que a reunião será adiada para a próxima semana.",
    "Mais de 200 pessoas protestaram em frente à câmara municipal no sábado.",
    "A publicidade infantil é proibida em vários países europeus.",
    "O ministro recusou-se a fazer comentários sobre a investigação.",
    "Por causa da chuva, o jogo foi adiado para domingo.",
    "Mais notícias sobre o caso devem ser divulgadas pela polícia amanhã.",
    "O presidente é o autor da proposta que será votada na quarta-feira.",
    "Compartilhar senhas é uma prática arriscada, alertam os especialistas.",
    # nl
    "Lees ook wat de minister er gisteren over zei in de Tweede Kamer, adviseert de bond.",
    "Bron van de onrust is vooral de stijgende huur, zegt de onderzoeker.",
    "Meer dan 200 mensen demonstreerden zaterdag voor het stadhuis.",
    "De reclame voor gokken wordt vanaf volgend jaar verder beperkt.",
    "In een reactie liet de burgemeester weten dat hij het besluit betreurt.",
    "Door de storm vielen in het hele land bomen om.",
    "Delen van de stad waren urenlang zonder stroom.",
    "De verdachte is journalist en woont al jaren in Amsterdam.",
    "Meer nieuws over de staking verwacht de vakbond pas vrijdag.",
    "Zoeken naar de vermiste wandelaar wordt morgen hervat.",
    "Akkoord over de begroting lijkt dichtbij, zeggen ingewijden.",
]


@pytest.mark.parametrize(
    ("line", "rule_class"), FURNITURE_PHRASES_IN_ENGLISH + FURNITURE_IN_OTHER_LANGUAGES
)
def test_furniture_phrase_is_named(line: str, rule_class: str) -> None:
    assert load_rules().drop_class(line) == rule_class


@pytest.mark.parametrize("sentence", PROSE_IN_ENGLISH + PROSE_IN_OTHER_LANGUAGES)
def test_reporting_sentence_is_not_boilerplate(sentence: str) -> None:
    assert load_rules().drop_class(sentence) is None


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (
            "Die Lage bleibt angespannt. Verfolgen Sie alle Entwicklungen in unserem Liveblog.",
            "Die Lage bleibt angespannt.",
        ),
        (
            "Les négociations reprennent lundi. Suivez notre direct.",
            "Les négociations reprennent lundi.",
        ),
        ("Der Kanzler am Montag in Berlin. Foto: © dpa", "Der Kanzler am Montag in Berlin."),
        (
            "Wer den Liveblog verfolgen will, findet ihn auf der Startseite.",
            "Wer den Liveblog verfolgen will, findet ihn auf der Startseite.",
        ),
    ],
)
def test_live_plugs_and_credits_in_other_languages_are_cut(line: str, kept: str) -> None:
    assert load_rules().strip_fragments(line) == kept


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


class FindsNothing:
    """A line model that calls every line furniture and no text already clean."""

    threshold = 0.5

    def probabilities(self, rows: object, words: object) -> np.ndarray:
        return np.zeros(len(words))  # type: ignore[arg-type]

    def already_clean(self, rows: object, probabilities: object, words: object) -> bool:
        return False


RESULTS_TABLE = """Leading qualifiers for Sunday's harbour regatta

Top five crews after final qualifying on Saturday (crew, country, time in seconds):

1. Jane Roe (Norway), 412.80

2. Piotr Nowak (Poland), 413.05

3. Ana Exemplo (Portugal), 414.22

4. Lars Beispiel (Germany), 415.90

5. Tom Example (Britain), 416.31"""


def test_text_without_furniture_is_kept_whole_when_the_model_finds_no_article() -> None:
    rules = load_rules()
    page = read_page(RESULTS_TABLE, rules)
    chosen, already_clean = choose_lines(page, FindsNothing(), rules)  # type: ignore[arg-type]
    assert already_clean
    assert chosen == page.candidates
    assert "5. Tom Example (Britain), 416.31" in chosen


def test_text_with_furniture_is_not_kept_whole_when_the_model_finds_no_article() -> None:
    rules = load_rules()
    page = read_page(RESULTS_TABLE + "\n\nShare this article\n\nAll rights reserved", rules)
    chosen, already_clean = choose_lines(page, FindsNothing(), rules)  # type: ignore[arg-type]
    assert not already_clean
    assert chosen == []


def test_seed_bodies_fed_back_come_through_whole(cleaned: dict[str, CleanedArticle]) -> None:
    for seed, article in cleaned.items():
        again = clean_document(article.text, "text/plain", f"again-{seed}.txt")
        before = words_of(article.text)
        assert len(words_of(f"{again.title or ''} {again.text}")) >= 0.99 * len(before), seed


def test_article_records_the_cleaner_version(cleaned: dict[str, CleanedArticle]) -> None:
    from newsflow.clean import cleaner_version

    assert {article.cleaner_version for article in cleaned.values()} == {cleaner_version()}
    assert cleaner_version().endswith(f"+rules.{rules_version()}")


@pytest.mark.parametrize("line", [
    "Moscow, 4 March (Reuters) - Talks resume!",
    "ǅemal İstanbul'da: ﬁnal — © 2024 ½ ² ß ẞ",  # title case, dotted I, a ligature, numbers
    "东京 3日 — 日本語のテキスト｜ニュース",  # letters without case
    "tabs\tand\u00a0no-break spaces ...",
])
def test_character_counts_are_those_of_each_character(line: str) -> None:
    from collections import Counter

    from newsflow.clean.linemodel import _character_counts

    cased = [c for c in line if c.isalpha() and c.lower() != c.upper()]
    assert _character_counts(Counter(line)) == (
        len(cased), sum(c.isupper() for c in cased),
        sum(not (c.isalnum() or c.isspace()) for c in line))


@pytest.mark.parametrize("text", [
    "", "one line", "a\r\nb\rc\nd", "\r\r\n\n\r", "x\x0by\x0cz\x1c\x1d\x1e\x1f\x85\u2028\u2029",
    "ends with a break\r\n",
])
def test_line_breaks_are_counted_as_splitlines_breaks_lines(text: str) -> None:
    from newsflow.clean.model import _LINE_BREAK, _line_breaks

    assert _line_breaks(text) == len(_LINE_BREAK.findall(text))
    assert len((text + "end").splitlines()) == _line_breaks(text) + 1


def test_line_model_is_loaded_once_and_matches_the_features() -> None:
    from newsflow.clean.linemodel import feature_names, load_line_model

    model = load_line_model()
    assert load_line_model() is model
    assert model.features == feature_names(load_rules())
    assert 0.0 < model.threshold < 1.0


def test_flattened_trees_score_rows_as_lightgbm_does() -> None:
    """The model file's trees, evaluated with numpy at run time, must give LightGBM's own
    probabilities, and survive the trip through the model file."""
    import lightgbm
    import numpy as np
    from newsflow.clean.linemodel import TreesFile, TreeStage
    from newsflow.devtools.linetraining import TREE_PARAMETERS, flatten_trees

    generator = np.random.default_rng(7)
    rows = generator.normal(size=(600, 5))
    labels = ((rows[:, 0] > 0.2) ^ (rows[:, 3] * rows[:, 1] > 0)).astype(float)
    booster = lightgbm.train(TREE_PARAMETERS, lightgbm.Dataset(rows, labels), 40)
    stage = TreeStage.from_file(TreesFile.model_validate(
        flatten_trees(booster.dump_model()).to_dict()))
    fresh = generator.normal(size=(300, 5))
    assert np.allclose(stage.probabilities(fresh), booster.predict(fresh), atol=1e-9)
    assert len(set(np.round(stage.probabilities(fresh), 3))) > 10  # not a constant


def test_the_language_is_read_from_the_articles_opening() -> None:
    """py3langid costs about 0.8 ms of CPU per 1,000 characters in a worker: it reads the
    opening only, which decides here though the text as a whole is mostly French."""
    from newsflow.clean.metadata import LANGUAGE_SAMPLE_CHARS, detect_language

    opening = "The minister said on Tuesday that the talks would go on for a second week. "
    rest = "Le ministre a déclaré mardi que les négociations se poursuivraient encore. "
    text = opening * (LANGUAGE_SAMPLE_CHARS // len(opening) + 1) + rest * 200
    assert detect_language(text[LANGUAGE_SAMPLE_CHARS:]) == "fr"
    assert detect_language(text) == "en"
