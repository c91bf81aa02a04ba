#!/usr/bin/env bash
# Re-renders the sample reports from SampleData/ into a temporary folder and checks
# them against the committed Reports/ (see Scripts/check_reports.py).
# Usage: Scripts/check-reports.sh RELIEF_BINARY MONTH
set -euo pipefail
relief=$1 month=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$relief" import SampleData/therapists.csv SampleData/clients.csv SampleData/sessions.csv SampleData/checkins.csv \
  --db "$tmp/sample.sqlite" --today 2026-11-01 2>"$tmp/import.log" || { cat "$tmp/import.log" >&2; echo "check-reports: the sample data did not import cleanly" >&2; exit 1; }
"$relief" report month "$month" --db "$tmp/sample.sqlite" --out "$tmp/Reports" --created 2026-11-01
python3 Scripts/check_reports.py --relief "$relief" --db "$tmp/sample.sqlite" --expected Reports --actual "$tmp/Reports" --month "$month"
