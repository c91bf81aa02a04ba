#!/usr/bin/env python3
"""The .xlsx peer of Benchmarks/run (docs/performance.md).

    xlsx_peer.py read FILE.xlsx          openpyxl's read-only mode: every value of the first sheet
    xlsx_peer.py write IN.csv OUT.xlsx   the benchmark's workbook: the CSV's rows, typed

`read` is what a Python script importing a clinic's workbook does at the least: open it in
read-only (streaming) mode and iterate the values; it validates nothing. `write` uses
openpyxl's write-only mode: numbers become number cells, the session date a date-time cell
(an Excel serial with a date style), everything else text.
"""
import csv
import datetime
import sys

import openpyxl


def read(path):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = cells = 0
    for row in wb.worksheets[0].iter_rows(values_only=True):
        rows += 1
        cells += sum(1 for v in row if v is not None)
    wb.close()
    print(rows, cells)


def typed(value, column):
    if value == "":
        return None
    if column == "date":
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    try:
        return int(value)
    except ValueError:
        pass
    try:
        return float(value)
    except ValueError:
        return value


def write(src, dst):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Sessions")
    with open(src, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        ws.append(header)
        for record in reader:
            ws.append([typed(v, header[i] if i < len(header) else "") for i, v in enumerate(record)])
    wb.save(dst)


if __name__ == "__main__":
    if sys.argv[1:2] == ["read"] and len(sys.argv) == 3:
        read(sys.argv[2])
    elif sys.argv[1:2] == ["write"] and len(sys.argv) == 4:
        write(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
