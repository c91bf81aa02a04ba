/// The kinds of record a file can hold (data.md, "Record kinds").
public enum RecordKind: String, Sendable, Codable, CaseIterable {
    case sessions, clients, therapists, checkins
}

/// The file formats Relief reads.
public enum FileFormat: String, Sendable, Codable, CaseIterable {
    case csv, json, ndjson, fhir
}
