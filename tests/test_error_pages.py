"""Error pages served as pages (soft 404s) are refused at cleaning with the reason; articles
that merely mention a 404 or a page not found are kept."""

from __future__ import annotations

import pytest
from newsflow.clean import CleaningError, clean_document

FILLER = ("You may have mistyped the address, or the page may have moved. Try searching our "
          "archive, or go back to the home page to find the latest news, sport and weather.")

TEXT_ERROR_PAGES = {
    "en": f"Example News\nPage not found\n{FILLER}\nError 404\n© 2024 Example News\n",
    "en-sentence": f"Example News\nHome\nSorry, we can't find the page you're looking for.\n"
                   f"{FILLER}\n",
    "de": "Beispiel Zeitung\nSeite nicht gefunden\nDie angeforderte Seite existiert leider "
          "nicht mehr. Vielleicht hat sich die Adresse geändert, oder der Artikel wurde aus "
          "unserem Archiv entfernt. Nutzen Sie die Suche oder besuchen Sie die Startseite.\n",
    "fr": "Le Journal\nErreur 404 - Page introuvable\nLa page que vous recherchez n'existe pas "
          "ou a été déplacée. Vérifiez l'adresse ou retournez à la page d'accueil pour lire "
          "les dernières informations de la rédaction.\n",
    "es": "El Diario\nPágina no encontrada\nLo sentimos, la página que buscas no existe o ha "
          "sido eliminada de nuestro archivo. Puedes volver a la portada para leer las últimas "
          "noticias del día.\n",
}


@pytest.mark.parametrize("language", sorted(TEXT_ERROR_PAGES))
def test_text_error_pages_are_refused_with_the_reason(language: str) -> None:
    with pytest.raises(CleaningError, match=r"^error page, not an article \((title|line) "):
        clean_document(TEXT_ERROR_PAGES[language], "text/plain", f"{language}.txt")


def test_an_html_error_page_is_refused_by_its_title() -> None:
    page = ("<html><head><title>Oops! Page not found | Example News</title></head><body>"
            "<nav><a href='/'>Home</a></nav><main><h1>Oops! Page not found</h1>"
            f"<p>{FILLER}</p><p>{FILLER.replace('archive', 'site')}</p></main>"
            "<footer><p>© 2024 Example News. All rights reserved.</p></footer></body></html>")
    with pytest.raises(CleaningError, match=r"error page, not an article \(title 'Oops! Page"):
        clean_document(page, "text/html", "https://example.com/missing")


ARTICLES_ABOUT_404 = [
    "Broken links cost publishers readers, study finds\n\nA study published on Monday found "
    "that one in five links in news archives now leads to a page not found, an error 404, "
    "because publishers moved or deleted old articles.\n\nThe researchers said readers who "
    "hit a 404 page were unlikely to search the site for the story again, and urged "
    "newsrooms to keep their old addresses working.\n",
    "Error 404: why websites break\n\nEvery web user has met the message \"Page not found\". "
    "It appears when a server cannot find what a link points to, the engineer told the "
    "conference on Tuesday.\n\nShe said the page you are looking for may simply have been "
    "renamed, and that redirects would prevent most of these errors.\n",
]


@pytest.mark.parametrize("text", ARTICLES_ABOUT_404)
def test_articles_that_mention_404_are_kept(text: str) -> None:
    article = clean_document(text, "text/plain", "about-404.txt")
    assert "not found" in article.text.lower() or "404" in article.text
