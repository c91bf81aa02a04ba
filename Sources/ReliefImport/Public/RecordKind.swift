/// The file formats Relief reads.
public enum FileFormat: String, Sendable, Codable, CaseIterable {
    case csv, json, ndjson, fhir
}
