"""Throughput, incremental-rerun and memory figures of `newsflow run` beside a lower bound.

The bound is the work no pipeline can avoid: trafilatura.extract on every document and spaCy NER
(the pipeline's model and pipes) over the extracted texts. Everything the pipeline adds beyond it
(Prefect, ingest, the text cleaner's own rules, staging, Great Expectations, publishing) shows
up as the ratio pipeline/bound. The corpus is generated from an evaluation folder (html/*.html.gz
and text/*.txt) into a temporary folder, paragraphs reshuffled and names and numbers varied so
documents are neither byte-identical nor near-duplicates (which the pipeline would skip or
group). Nothing is asserted: the script prints figures and the issue's targets beside them.
The code is the package newsflow.devtools.throughput.

Usage: python bench/throughput.py [--n N] [--memory-n M] [--cores C] EVAL_DIR
"""

from newsflow.devtools.throughput.main import main

if __name__ == "__main__":
    main()
