/// The formats `relief export` writes. Both are ones `relief import` reads back.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// One kind of record, with data.md's canonical header (re-importable).
    case csv
    /// `{"therapists": [...], "clients": [...], "sessions": [...], "checkins": [...]}` (re-importable).
    case json
}
