// ReliefImport: readers and validation for the files a clinic has.
//
// Entry point: `RecordReader.read(path:options:into:)` (and `read(fhirFiles:…)` for a FHIR
// Bulk Data export of several files). It streams records of the kinds in data.md (sessions,
// clients, therapists, check-ins) from CSV, JSON, NDJSON, FHIR R4 (a Bundle, single resources,
// bulk NDJSON) or an Excel workbook (.xlsx) into a `RecordSink`, and returns a `ReadSummary`
// whose counts add up and whose diagnostics name file, line, column, value and rule.
//
// Layout:
//   Public/   the API the CLI and the store use
//   IO/       memory-mapped input, UTF-8 check, hashing and interning of byte strings
//   Columns/  canonical fields, header aliases, mapping files, kind detection
//   Parse/    numbers and dates parsed straight from bytes
//   Rows/     the row view every reader fills, validation, the two-pass driver
//   CSV/ JSON/ FHIR/   one reader per format; RejectsWriter (through ReliefFiles' CSVWriter)
//   Identity/ client ids from names (files without ids)
//   Mapping/  `relief mapping suggest`: a commented mapping file proposed from a header
//   Summary/  warnings grouped by rule for people (the full list stays in ReadSummary)
//   XLSX/     Excel workbooks: a zip directory reader and bounded inflate (Zip/, system zlib
//             through CZlib), an XML scanner (XML/), the workbook's parts (Parts/), XLSXSource
// docs/import.md explains the choices; docs/fhir.md the FHIR mapping.
