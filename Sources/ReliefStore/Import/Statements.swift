import GRDB

/// The prepared statements of one batch, compiled once and re-bound for every record.
final class Statements {
    let insertSessionChunk, insertSession, updateSession: Statement
    let insertClient, updateClient, selectClientStub, insertClientStub: Statement
    let insertTherapist, updateTherapist, selectTherapistStub, insertTherapistStub: Statement
    let insertCheckIn, updateCheckIn: Statement
    let insertAppointment, updateAppointment: Statement
    let insertSite: Statement
    /// A session id's rowid (finding ids a batch repeats, `SessionPipeline`).
    let sessionRowid: Statement

    init(_ db: Database, chunkSize: Int) throws {
        let sessionColumns = SessionRow.Columns.all.map(\.name)
        (insertSession, updateSession) = try Statements.upsertPair(
            db, table: SessionRow.databaseTableName, columns: sessionColumns, keyCount: 1)
        insertSessionChunk = try db.makeStatement(sql: Statements.insert(
            table: SessionRow.databaseTableName, columns: sessionColumns, rows: chunkSize))
        (insertClient, updateClient) = try Statements.upsertPair(
            db, table: ClientRow.databaseTableName, columns: ClientRow.Columns.all.map(\.name), keyCount: 1,
            fillsStub: true)
        (insertTherapist, updateTherapist) = try Statements.upsertPair(
            db, table: TherapistRow.databaseTableName,
            columns: [TherapistRow.Columns.therapistID.name, TherapistRow.Columns.name.name], keyCount: 1,
            fillsStub: true)
        (insertCheckIn, updateCheckIn) = try Statements.upsertPair(
            db, table: CheckInRow.databaseTableName, columns: CheckInRow.Columns.all.map(\.name), keyCount: 3)
        (insertAppointment, updateAppointment) = try Statements.upsertPair(
            db, table: AppointmentRow.databaseTableName, columns: AppointmentRow.Columns.all.map(\.name), keyCount: 1)
        selectClientStub = try db.makeStatement(sql: "SELECT stub FROM clients WHERE client_id = ?")
        insertClientStub = try db.makeStatement(
            sql: "INSERT INTO clients (client_id, stub) VALUES (?, 1) ON CONFLICT DO NOTHING")
        selectTherapistStub = try db.makeStatement(sql: "SELECT stub FROM therapists WHERE therapist_id = ?")
        insertSite = try db.makeStatement(sql: "INSERT INTO sites (site_id) VALUES (?) ON CONFLICT DO NOTHING")
        sessionRowid = try db.makeStatement(sql: "SELECT rowid FROM sessions WHERE session_id = ?")
        insertTherapistStub = try db.makeStatement(
            sql: "INSERT INTO therapists (therapist_id, stub) VALUES (?, 1) ON CONFLICT DO NOTHING")
    }

    /// `INSERT INTO t (c1…cn) VALUES (…), (…) … ON CONFLICT DO NOTHING` for `rows` rows of
    /// anonymous parameters (row-major).
    static func insert(table: String, columns: [String], rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(table) (" + columns.joined(separator: ", ") + ") VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ") + " ON CONFLICT DO NOTHING"
    }

    /// `INSERT INTO t (c1…cn) VALUES (?1…?n) ON CONFLICT DO NOTHING` and
    /// `UPDATE t SET ck = ?k … WHERE key = ?1… AND (ck IS NOT ?k OR …)`, sharing one argument list.
    /// The first `keyCount` columns are the key. With `fillsStub`, the insert writes `stub = 0`
    /// and the update also fires for a stub row, clearing its flag.
    static func upsertPair(_ db: Database, table: String, columns: [String], keyCount: Int,
                           fillsStub: Bool = false) throws -> (Statement, Statement) {
        let numbered = columns.enumerated().map { (name: $0.element, param: "?\($0.offset + 1)") }
        let keys = numbered.prefix(keyCount)
        let values = numbered.dropFirst(keyCount)
        let insert = "INSERT INTO \(table) (" + columns.joined(separator: ", ") + (fillsStub ? ", stub" : "")
            + ") VALUES (" + numbered.map(\.param).joined(separator: ", ") + (fillsStub ? ", 0" : "")
            + ") ON CONFLICT DO NOTHING"
        let set = values.map { "\($0.name) = \($0.param)" } + (fillsStub ? ["stub = 0"] : [])
        let differs = values.map { "\($0.name) IS NOT \($0.param)" } + (fillsStub ? ["stub = 1"] : [])
        let update = "UPDATE \(table) SET " + set.joined(separator: ", ")
            + " WHERE " + keys.map { "\($0.name) = \($0.param)" }.joined(separator: " AND ")
            + " AND (" + differs.joined(separator: " OR ") + ")"
        return (try db.makeStatement(sql: insert), try db.makeStatement(sql: update))
    }
}
