"""The cohort analysis's floor: DuckDB reads the sessions CSV and computes the mean pre-session
pain per client and month (the pandas peer's groupby), materialised as a table in DuckDB.

Usage: cohort_duckdb.py sessions.csv  (prints the number of client-months)"""
import sys

import duckdb

con = duckdb.connect()
# `date` as text, as pandas reads it: the month is its first seven characters.
con.execute("CREATE TABLE g AS SELECT client_id, substr(date, 1, 7) AS m, avg(pain_before) AS pain "
            "FROM read_csv(?, header = true, types = {'date': 'VARCHAR'}) GROUP BY 1, 2", [sys.argv[1]])
print(con.execute("SELECT count(*) FROM g").fetchone()[0])
