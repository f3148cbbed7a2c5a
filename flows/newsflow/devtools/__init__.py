"""Tooling that the tests, bench/ and scripts/ share: loopback test servers, the line model's
training, cleaning scores, the report screenshot, the throughput bench (throughput/).

The pipeline never imports it. It ships in the wheel so that the tests and benchmarks import it
like any other module (no path tricks); lightgbm and scikit-learn, which only training needs and
which only the `test` extra installs, are imported where a model is fitted, not at import time.
"""
