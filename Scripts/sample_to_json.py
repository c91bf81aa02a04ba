#!/usr/bin/env python3
"""Writes SampleData's CSV files again as JSON (one four-list object) and NDJSON (one file
per kind), so the importer's formats can be checked to give the same database.
Usage: Scripts/sample_to_json.py [SampleData]   (make sample-data runs it)"""
import csv, json, os, sys

src = sys.argv[1] if len(sys.argv) > 1 else "SampleData"
NUMBERS = {"duration_min", "pain_before", "pain_after", "sleep_quality", "mood", "stress", "pain"}


def value(key, text):
    if text == "":
        return None
    if key in NUMBERS or (key == "relief_days" and text != "ongoing"):
        n = float(text)
        return int(n) if n == int(n) else n
    return text


def rows(kind):
    with open(os.path.join(src, kind + ".csv"), newline="", encoding="utf-8") as f:
        return [{k: value(k, v) for k, v in r.items() if v != ""} for r in csv.DictReader(f)]


data = {kind: rows(kind) for kind in ("therapists", "clients", "sessions", "checkins")}
os.makedirs(os.path.join(src, "json"), exist_ok=True)
os.makedirs(os.path.join(src, "ndjson"), exist_ok=True)
with open(os.path.join(src, "json", "clinic.json"), "w", encoding="utf-8") as f:
    json.dump(data, f, ensure_ascii=False, indent=1)
    f.write("\n")
for kind, items in data.items():
    with open(os.path.join(src, "ndjson", kind + ".ndjson"), "w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
