#!/usr/bin/env python3
"""Rewrites a `relief sample` clinic as a clinic system exports it grouped by client.

Usage: group_by_client.py SAMPLE_DIR OUT_DIR

The sample's sessions.csv is sorted by date (as most exports are). The copy in OUT_DIR has
the same rows, grouped by client (clients in numeric order, each client's sessions still in
date order) and with numeric client ids: the clients, sorted by their original id, are
numbered 1, 2, 3 … in clients.csv and sessions.csv alike. So the file's client ids do not
grow as text ("9" after "10"), and its session ids do not grow at all: the import's two
hard cases. therapists.csv is copied as it is. Memory stays small whatever the size: the
rows go to 64 bucket files by client number first, and each bucket is sorted on its own.
"""
import csv, os, shutil, sys, tempfile

BUCKETS = 64


def main(src, out):
    os.makedirs(out, exist_ok=True)
    shutil.copy(os.path.join(src, "therapists.csv"), os.path.join(out, "therapists.csv"))
    with open(os.path.join(src, "clients.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, clients = rows[0], rows[1:]
    numbers = {cid: i + 1 for i, cid in enumerate(sorted(r[0] for r in clients))}
    tmp = os.path.join(out, "clients.csv.tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in clients:
            w.writerow([str(numbers[r[0]])] + r[1:])
    os.replace(tmp, os.path.join(out, "clients.csv"))

    n = len(numbers)
    with tempfile.TemporaryDirectory(dir=out) as work:
        files = [open(os.path.join(work, f"b{i}.csv"), "w", newline="", encoding="utf-8") for i in range(BUCKETS)]
        writers = [csv.writer(f, lineterminator="\n") for f in files]
        with open(os.path.join(src, "sessions.csv"), newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            col = header.index("client_id")
            for r in reader:
                number = numbers.get(r[col])
                if number is None:  # a session of a client without a client row: numbered after them
                    number = numbers[r[col]] = len(numbers) + 1
                r[col] = str(number)
                writers[min(BUCKETS - 1, (number - 1) * BUCKETS // max(n, 1))].writerow(r)
        for f in files:
            f.close()
        tmp = os.path.join(out, "sessions.csv.tmp")
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            for i in range(BUCKETS):
                with open(os.path.join(work, f"b{i}.csv"), newline="", encoding="utf-8") as b:
                    bucket = list(csv.reader(b))
                bucket.sort(key=lambda r: int(r[col]))  # stable: each client's rows stay in date order
                w.writerows(bucket)
        os.replace(tmp, os.path.join(out, "sessions.csv"))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
