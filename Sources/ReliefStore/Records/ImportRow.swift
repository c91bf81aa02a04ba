import GRDB
import ReliefModel

/// The `imports` log table.
struct ImportRow: FetchableRecord, TableRecord {
    static let databaseTableName = "imports"

    enum Columns {
        static let importID = Column("import_id")
        static let file = Column("file")
        static let fingerprint = Column("fingerprint")
        static let importedOn = Column("imported_on")
    }

    static let countColumns: [String] = ["sessions", "clients", "therapists", "checkins"].flatMap { kind in
        ["inserted", "updated", "unchanged"].map { "\(kind)_\($0)" }
    } + ["stub_clients", "stub_therapists", "rejected"]
        + ["inserted", "updated", "unchanged"].map { "appointments_\($0)" }

    static var databaseSelection: [any SQLSelectable] {
        [Columns.importID, Columns.file, Columns.fingerprint, Columns.importedOn] + countColumns.map { Column($0) }
    }

    var entry: ImportLogEntry

    init(row: Row) {
        var summary = WriteSummary()
        func counts(_ base: Int) -> WriteSummary.Counts {
            WriteSummary.Counts(inserted: row[base], updated: row[base + 1], unchanged: row[base + 2])
        }
        summary.sessions = counts(4)
        summary.clients = counts(7)
        summary.therapists = counts(10)
        summary.checkIns = counts(13)
        summary.rejected = row[18]
        summary.appointments = counts(19)
        entry = ImportLogEntry(id: row[0], file: row[1], fingerprint: row[2], importedOn: Day(ordinal: row[3]),
                               summary: summary, stubClientCount: row[16], stubTherapistCount: row[17])
    }

    static func insert(file: String, fingerprint: String?, importedOn: Day, summary s: WriteSummary,
                       in db: Database) throws {
        try insert(file: file, fingerprint: fingerprint, importedOn: importedOn, summary: s,
                   stubClients: s.stubClients.count, stubTherapists: s.stubTherapists.count, in: db)
    }

    /// A log entry copied from another store (a new id, the rest as it was).
    static func insert(_ e: ImportLogEntry, in db: Database) throws {
        try insert(file: e.file, fingerprint: e.fingerprint, importedOn: e.importedOn, summary: e.summary,
                   stubClients: e.stubClientCount, stubTherapists: e.stubTherapistCount, in: db)
    }

    private static func insert(file: String, fingerprint: String?, importedOn: Day, summary s: WriteSummary,
                               stubClients: Int, stubTherapists: Int, in db: Database) throws {
        let columns = ["file", "fingerprint", "imported_on"] + countColumns
        let values: [(any DatabaseValueConvertible)?] = [
            file, fingerprint, importedOn.ordinal,
            s.sessions.inserted, s.sessions.updated, s.sessions.unchanged,
            s.clients.inserted, s.clients.updated, s.clients.unchanged,
            s.therapists.inserted, s.therapists.updated, s.therapists.unchanged,
            s.checkIns.inserted, s.checkIns.updated, s.checkIns.unchanged,
            stubClients, stubTherapists, s.rejected,
            s.appointments.inserted, s.appointments.updated, s.appointments.unchanged,
        ]
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try db.execute(
            sql: "INSERT INTO imports (\(columns.joined(separator: ", "))) VALUES (\(placeholders))",
            arguments: StatementArguments(values))
    }
}

extension DerivableRequest<ImportRow> {
    func latestFirst() -> Self { order(ImportRow.Columns.importID.desc) }
}
