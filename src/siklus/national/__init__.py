"""National analytics (issue #17): de-identified facts as partitioned Parquet, the very indicator
SQL of :mod:`siklus.monitoring.compile` run on DuckDB or Apache Spark, results loaded back.

* :mod:`.export` — ``siklus facts export``: facts and the sasaran registry, pseudonymous, as Parquet.
* :mod:`.dialects` — the compiled SQL (PostgreSQL dialect) transpiled by SQLGlot, with shims.
* :mod:`.engines` — DuckDB and Spark engines over an export; the swap that lets the catalogue's
  own counting code (:mod:`siklus.monitoring.refresh`) run on them.
* :mod:`.run` — every indicator at every level desa → nasional; Parquet, CSV and JSON out;
  ``load`` puts the results into a siklus database.
"""
