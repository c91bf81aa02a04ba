// ReliefImport: readers and validation for the files a clinic has.
//
// Entry point: `RecordReader.read(path:options:into:)`. It streams records of the
// kinds in data.md (sessions, clients, therapists, check-ins) from CSV, JSON,
// NDJSON, a FHIR R4 Bundle or an Excel workbook (.xlsx) into a `RecordSink`, and returns a `ReadSummary`
// whose counts add up and whose diagnostics name file, line, column, value and rule.
//
// Layout:
//   Public/   the API the CLI and the store use
//   IO/       memory-mapped input, UTF-8 check, hashing and interning of byte strings
//   Columns/  canonical fields, header aliases, mapping files, kind detection
//   Parse/    numbers and dates parsed straight from bytes
//   Rows/     the row view every reader fills, validation, the two-pass driver
//   CSV/ JSON/ FHIR/   one reader per format; CSVWriter and RejectsWriter
//   XLSX/     Excel workbooks: a zip directory reader and bounded inflate (Zip/, system zlib
//             through CZlib), an XML scanner (XML/), the workbook's parts (Parts/), XLSXSource
// docs/import.md explains the choices; docs/fhir.md the FHIR mapping.
