"""bench/throughput.py in modules: corpus (the generated documents), processes (wall time and
tree RSS of a subprocess), runs (`newsflow run` as the bench starts it), bound (the lower
bound's own process), fixed (a run's fixed costs), tables (the report), quotations (the
quotation rules' share of a run), tone (the tone model's share of a run), main (the order of
the measurements and the command line).
"""
