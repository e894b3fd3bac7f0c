"""programme-ingest's Dagster layer: thin assets, checks, sensor and schedule over `extractors`.

- `store.py`: files in RAW, partition keys, per-document Parquet outputs (no Dagster);
- `defs/`: the Dagster definitions (one module per kind), loaded by `definitions.py`;
- `cli.py`: `python -m pipelines ingest RAW_DIR --out OUT_DIR`, which materialises the same
  assets in-process.
"""
