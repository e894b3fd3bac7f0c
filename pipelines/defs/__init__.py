"""Dagster definitions, one module per kind; `pipelines/definitions.py` loads them all."""
