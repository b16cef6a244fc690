"""Benchmarks of the site (``python scripts/bench.py``): build cost and scaling on synthetic
corpora, search, page weight, Lighthouse and the W3C checker. Not part of the installed core:
they import ``policysite`` like any other tool, and the tests import the few helpers they
share (the local web server, nginx, the corpus) through pytest's ``pythonpath``."""
