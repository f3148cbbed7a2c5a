"""What finding quotations costs within a run: the quotation rules and the dependency parse of
the sentences they leave open (enrich.quotations.find_article_quotes over a run's chunks, as the
workers run it: a chunk's open sentences parsed in one call) timed in process on the articles a
run published: per article, and as a share of that run's wall time.
They run on the workers beside cleaning and NER; linking speakers to entities is part of
resolution and is timed by bench/quotations.py."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from newsflow.devtools.throughput.processes import Measured, cpu_share
from newsflow.enrich.quotations import find_article_quotes
from newsflow.enrich.quotations.finding import language_parser
from newsflow.ingest.sources import run_chunks
from newsflow.records import Article
from newsflow.settings import Settings
from newsflow.warehouse.connection import duckdb_connect
from newsflow.warehouse.sql import sql


@dataclass(frozen=True)
class QuotationCost:
    articles: int
    quotations: int
    cpu_seconds: float

    def share_of(self, run: Measured) -> float | None:
        """The rules' CPU time on the published articles as a share of the run's wall time
        (which also covers the documents it did not publish); None if the run failed or
        published nothing."""
        return cpu_share(self.cpu_seconds, self.articles, run)


def quotation_cost(db: Path) -> QuotationCost:
    """The quotation rules and parse run once over every article published in db, in the
    chunks a run of the default settings makes of them."""
    with duckdb_connect(str(db), read_only=True) as con:
        rows = con.execute(sql("queries/select_published_texts")).fetchall()
    articles = [Article(article_id, "", title=None, text=text, language=language,
                        ner_model=model) for article_id, text, language, model in rows]
    for language, model in {(a.language, a.ner_model) for a in articles}:
        if parser := language_parser(language, model):
            parser(["A model loads before the clock starts."])
    settings = Settings()
    started = time.process_time()
    found = sum(len(quotes) for chunk in run_chunks(articles, settings.documents_per_chunk,
                                                    settings.workers)
                for quotes in find_article_quotes(chunk)[0].values())
    return QuotationCost(len(articles), found, time.process_time() - started)
