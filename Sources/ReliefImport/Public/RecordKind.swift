/// The file formats Relief reads.
public enum FileFormat: String, Sendable, Codable, CaseIterable {
    case csv, json, ndjson, fhir
    /// An Excel workbook (Office Open XML, .xlsx): one sheet is read (docs/import.md).
    case xlsx
    /// Therapists' notes as plain text: header lines naming client and date, then the note
    /// (docs/import.md, "Scores in notes"); scores are read from the text.
    case notes
}
