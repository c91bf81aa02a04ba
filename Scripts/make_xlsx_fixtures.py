#!/usr/bin/env python3
"""Writes the .xlsx fixtures under Tests/ReliefImportTests/Fixtures/xlsx and, for each reader
fixture, the values openpyxl reads back (FIXTURE.expected.json: sheet -> rows of [row number,
[text]]), rendered the way XLSXCellValue.textValue renders them. The Swift tests compare
(XLSXFixtureTests). The import fixtures (a therapist's own sheet, a canonical sessions file)
are CSV files converted by LibreOffice; XLSXImportTests reads each beside its CSV.

    python3 Scripts/make_xlsx_fixtures.py           # all; needs openpyxl and soffice (LibreOffice)
    python3 Scripts/make_xlsx_fixtures.py import    # only the import fixtures
"""
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "ReliefImportTests", "Fixtures", "xlsx")


def text(v):
    """The textValue rendering of an openpyxl value."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v == int(v) and abs(v) < 1e15:
            return str(int(v))
        r = repr(v)
        if "e" in r:
            r = format(dt_decimal(v), "f")
        return r
    if isinstance(v, dt.datetime):
        s = v.strftime("%Y-%m-%d")
        if (v.hour, v.minute, v.second, v.microsecond) != (0, 0, 0, 0):
            s += "T" + hm(v)
        return s
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, dt.time):
        return hm(v)
    return str(v)


def dt_decimal(v):
    import decimal
    return decimal.Decimal(repr(v))


def hm(t):
    s = "%02d:%02d" % (t.hour, t.minute)
    ms = round(t.microsecond / 1000)
    if t.second or ms:
        s += ":%02d" % t.second
        if ms:
            s += ".%03d" % ms
    return s


def expected(path):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out = {"sheets": wb.sheetnames, "rows": {}}
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows():
            cells = [text(c.value) for c in row]
            while cells and cells[-1] == "":
                cells.pop()
            number = next((c.row for c in row if getattr(c, "row", None)), None)
            if cells:
                rows.append([number, cells])
        out["rows"][ws.title] = rows
    with open(path[:-5] + ".expected.json", "w", encoding="utf-8") as f:
        f.write('{"sheets": %s,\n"rows": {\n' % json.dumps(out["sheets"], ensure_ascii=False))
        sheets = []
        for name, rows in out["rows"].items():
            lines = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in rows)
            sheets.append("%s: [\n%s\n]" % (json.dumps(name, ensure_ascii=False), lines))
        f.write(",\n".join(sheets) + "\n}}\n")


def openpyxl_types():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Visits 2024"
    ws.append(["client_id", "date", "start", "pain_before", "pain_after", "paid", "note", "when"])
    ws.append(["C-001", dt.date(2024, 3, 14), dt.time(9, 30), 7, 3.5, True, "neck & shoulders <left>", dt.datetime(2024, 3, 14, 9, 30)])
    ws.append(["C-002", dt.date(2024, 2, 29), dt.time(17, 45, 30), 10, 0.1, False, "  leading spaces", dt.datetime(1999, 12, 31, 23, 59)])
    ws.append(["C-003", dt.date(1900, 3, 1), None, -2.25, 1e-05, None, "Ünïcødé ✓ 日本語", None])
    ws.append(["C-004", None, None, 123456789012, 1234.5678, True, "line one\nline two", dt.datetime(2024, 1, 1)])
    ws["C7"] = "sparse row: only C7 and F7"
    ws["F7"] = 42
    ws["B9"] = dt.date(2024, 12, 31)
    ws["B9"].number_format = "dd/mm/yyyy"
    ws["C9"] = 0.5
    ws["C9"].number_format = "h:mm"
    ws["D9"] = 45000.75
    ws["D9"].number_format = "yyyy-mm-dd hh:mm"
    ws["E9"] = 45000
    ws["E9"].number_format = "0.00"
    ws["F9"] = 0.25
    ws["F9"].number_format = "0%"
    second = wb.create_sheet("Ünïcode ✓")
    second.append(["a", "b"])
    second.append([1, 2])
    third = wb.create_sheet("Empty")
    path = os.path.join(OUT, "openpyxl-types.xlsx")
    wb.save(path)
    expected(path)


def openpyxl_1904():
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Mac"
    ws.append(["date", "datetime", "number"])
    ws.append([dt.date(2024, 3, 14), dt.datetime(2024, 3, 14, 9, 30), 5])
    ws.append([dt.date(1904, 1, 2), dt.datetime(2000, 1, 1, 12, 0), 6.5])
    path = os.path.join(OUT, "openpyxl-1904.xlsx")
    wb.save(path)
    expected(path)


def libreoffice_csv():
    tmp = tempfile.mkdtemp()
    csv = os.path.join(tmp, "libreoffice-visits.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("client_id,date,start,minutes,pain_before,pain_after,paid,note\n")
        f.write("C-001,2024-03-14,09:30,60,7,3.5,TRUE,neck & shoulders\n")
        f.write("C-002,2024-02-29,17:45,45,10,0.1,FALSE,\"comma, inside\"\n")
        f.write("C-003,1999-12-31,08:00,30,-2.25,1.5,TRUE,Ünïcødé ✓\n")
        f.write("C-004,,,90,,,FALSE,\n")
    subprocess.run(["soffice", "--headless", "--infilter=CSV:44,34,76", "--convert-to", "xlsx", "--outdir", tmp, csv],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    path = os.path.join(OUT, "libreoffice-visits.xlsx")
    shutil.copy(os.path.join(tmp, "libreoffice-visits.xlsx"), path)
    shutil.copy(csv, os.path.join(OUT, "libreoffice-visits.csv"))
    expected(path)


def truncated_deflate():
    """A 150-byte zip whose only entry is a deflate stream that never ends: a non-final
    stored block claiming 65,535 bytes, then the end of the file. ZIPFoundation 0.9.20's
    extract loops forever on it (docs/import.md); the reader must refuse it at once."""
    import struct
    name = b"xl/worksheets/sheet1.xml"
    data = bytes([0x00]) + struct.pack("<HH", 0xFFFF, 0x0000) + b"<worksheet"
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, 0, len(data), 100000, len(name), 0) + name
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, 0, len(data), 100000,
                          len(name), 0, 0, 0, 0, 0, 0) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(data), 0)
    with open(os.path.join(OUT, "truncated-deflate.xlsx"), "wb") as f:
        f.write(local + data + central + end)


THERAPIST_SHEET = """Visit,Client,Therapist,Date of service,Minutes,Type,Pressure,Areas treated,Pain before,Pain after,Relief lasted,Notes
V1,C1,T1,2026-03-02 09:30,60,medical,firm,neck;shoulders,7,3,2,"tight, better after"
V2,C2,T1,2026-03-02 11:00,45,relaxation,light,back,5,2.5,,
V3,C1,T1,2026-03-09 09:30,60,medical,moderate,neck,6,3,ongoing,Ünïcode ✓ & <ok>
V4,C3,T2,2026-03-10 14:15,30,medical,firm,lower-back,12,4,,typo: pain 12
V5,C2,T1,2026-03-16,45,relaxation,light,back,4,2,3,
"""


def libreoffice_import(name, text):
    """`name`.csv as written, and LibreOffice's conversion of it to `name`.xlsx."""
    tmp = tempfile.mkdtemp()
    csv = os.path.join(tmp, name + ".csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write(text)
    subprocess.run(["soffice", "--headless", "--infilter=CSV:44,34,76", "--convert-to", "xlsx", "--outdir", tmp, csv],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.copy(os.path.join(tmp, name + ".xlsx"), os.path.join(OUT, name + ".xlsx"))
    shutil.copy(csv, os.path.join(OUT, name + ".csv"))


def import_fixtures():
    libreoffice_import("therapist_sheet", THERAPIST_SHEET)
    with open(os.path.join(HERE, "..", "SampleData", "sessions.csv"), encoding="utf-8") as f:
        lines = f.read().splitlines(keepends=True)
    libreoffice_import("sessions_sample", "".join(lines[:41]))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    if sys.argv[1:] != ["import"]:
        openpyxl_types()
        openpyxl_1904()
        libreoffice_csv()
        truncated_deflate()
    import_fixtures()
    print("fixtures written to", os.path.normpath(OUT))
