"""salespulse's own query builder: relations and column expressions with the part of
Ibis's API the KPI builders use, written straight to DuckDB SQL (`render.to_sql`).

Importing and running it costs milliseconds where Ibis costs about a second (its import,
building and compiling), so the first run of a query in a new workspace is close to the
hand-written SQL's time. The engine builds with it on DuckDB and falls back to Ibis for
anything it does not do (`types.Unsupported`); PostgreSQL and Spark are built in Ibis.
Pure Python: nothing here imports Ibis, pandas or DuckDB."""
