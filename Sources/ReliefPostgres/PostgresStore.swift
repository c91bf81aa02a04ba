import Foundation
import PostgresNIO
import ReliefModel
import ReliefStore

/// Relief's records on a PostgreSQL server: the store for a chain of clinics, behind the same
/// `RecordStore` as the embedded SQLite file (docs/store.md, "PostgreSQL").
///
/// The schema is SQLite's in PostgreSQL terms (`PostgresSchema`): the same named, append-only
/// migrations, applied under an advisory lock when the store opens. Every method is one
/// transaction: an import is all of the file or none of it (`importBatch`, one import at a
/// time, as on SQLite), a read sees one snapshot (REPEATABLE READ). The store is `Sendable`:
/// each call borrows a connection of its own from a small pool.
///
/// ```swift
/// let store = try PostgresStore(url: "postgres://relief@db.example/chain")   // PGPASSWORD or ~/.pgpass
/// let summary = try store.importBatch(file: "sessions.csv", importedOn: today) { w in
///     for s in sessions { try w.upsert(s) }
/// }
/// ```
public final class PostgresStore: RecordStore {
    /// The server and database, without a password.
    public let server: PostgresLocation
    let pool: LinkPool

    public var location: String { server.description }

    /// Connects to the database at `url` (`postgres://user@host:port/dbname?sslmode=…`) and
    /// brings its schema up to date. The password comes from `PGPASSWORD` or `~/.pgpass`, never
    /// from the URL.
    /// - Throws: `StoreError.cannotOpen` (a bad URL, no server, no such database, refused
    ///   credentials), `.newerSchema`, other `StoreError`s.
    /// - Parameter create: false to refuse a database that holds no Relief tables yet (reports
    ///   read from an existing store; a new one would only hide a mistyped name).
    public convenience init(url: String, create: Bool = true,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let location: PostgresLocation
        do {
            location = try PostgresLocation(parsing: url, environment: environment)
        } catch let invalid as PostgresLocation.Invalid {
            throw StoreError.cannotOpen(path: Self.redacted(url), reason: invalid.description)
        }
        try self.init(location: location, password: PostgresPassword.lookup(for: location, environment: environment),
                      create: create)
    }

    public init(location: PostgresLocation, password: String?, create: Bool = true) throws {
        server = location
        pool = LinkPool(location: location, password: password)
        try pool.withLink { link in
            do {
                try PostgresSchema.migrate(link, location: location.description, create: create)
            } catch {
                throw PostgresErrors.wrap(error, operation: "updating the schema", location: location.description)
            }
        }
    }

    /// `url` with a password (between `://` and `@`, or a `password=` parameter) blanked out.
    static func redacted(_ url: String) -> String {
        var url = url
        if let q = url.firstIndex(of: "?"), url[q...].contains("password") { url = String(url[..<q]) + "?***" }
        guard let start = url.range(of: "://"), let at = url[start.upperBound...].lastIndex(of: "@") else { return url }
        let userInfo = url[start.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    /// The migrations this version of Relief knows, in order (the same names as SQLite's).
    public static var migrationNames: [String] { PostgresSchema.names }

    /// The migrations applied to this database, in the order they apply.
    public func appliedMigrations() throws -> [String] {
        let applied = Set(try read("reading the schema version") { link in
            try link.query("SELECT name FROM relief_migrations").map { try $0.decode(String.self) }
        })
        return PostgresSchema.names.filter(applied.contains) + applied.subtracting(PostgresSchema.names).sorted()
    }

    // MARK: - Transactions

    /// Runs `body` in one read-only REPEATABLE READ transaction (one snapshot).
    ///
    /// A read takes no row locks and writes nothing, so a concurrent import cannot make it fail
    /// with a serialization failure. It can still be ended by the server: chosen as a deadlock's
    /// victim (40P01: it holds a table another transaction wants whole, a migration's
    /// `ALTER TABLE`, while it waits for one that transaction holds), or cancelled on a hot
    /// standby that must apply a conflicting change (40001). Such a read is tried again, up to
    /// four times, while `retryable()` says nothing of it has reached the caller yet (a stream
    /// that has handed over rows cannot be started again).
    func read<T>(_ operation: String, retryable: () -> Bool = { true }, _ body: (PostgresLink) throws -> T) throws -> T {
        var pause = 0.05, attempt = 1
        while true {
            do {
                return try transaction(operation, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
            } catch let error as StoreError {
                guard attempt < 5, case .busy(_, _, let failure) = error,
                      ["SQLSTATE 40001", "SQLSTATE 40P01"].contains(failure.code), retryable() else { throw error }
                Thread.sleep(forTimeInterval: pause)
                pause *= 2
                attempt += 1
            }
        }
    }

    /// Runs `body` in one transaction, committed when it returns, rolled back when it throws.
    /// Driver errors become `StoreError`s; the caller's own pass unchanged.
    @discardableResult
    func transaction<T>(_ operation: String, begin: String = "BEGIN", _ body: (PostgresLink) throws -> T) throws -> T {
        do {
            return try pool.withLink { link in
                try link.execute(begin)
                do {
                    let result = try body(link)
                    try link.execute("COMMIT")
                    return result
                } catch {
                    do { try link.execute("ROLLBACK") } catch { link.close() }
                    throw error
                }
            }
        } catch {
            throw PostgresErrors.wrap(error, operation: operation, location: location)
        }
    }

    // MARK: - Writing

    @discardableResult
    public func importBatch(file: String, importedOn: Day, fingerprint: String? = nil,
                            _ body: (inout any RecordWriter) throws -> Void) throws -> WriteSummary {
        try writeBatch(file: file, body) { summary, link in
            try link.execute(PostgresRows.insertImportSQL,
                             PostgresRows.importValues(file: file, fingerprint: fingerprint, importedOn: importedOn, summary: summary))
        }
    }

    /// Records copied from another store, in one transaction; `history` is logged instead of a
    /// row for the copy (`RecordStore.copyIn`).
    @discardableResult
    public func copyIn(history: [ImportLogEntry], verify: (WriteSummary) throws -> Void,
                       _ body: (inout any RecordWriter) throws -> Void) throws -> WriteSummary {
        try writeBatch(file: "the copy", body) { summary, link in
            try verify(summary)
            for e in history {
                try link.execute(PostgresRows.insertImportSQL, PostgresRows.importValues(
                    file: e.file, fingerprint: e.fingerprint, importedOn: e.importedOn, summary: e.summary,
                    stubClients: e.stubClientCount, stubTherapists: e.stubTherapistCount))
            }
        }
    }

    /// One batch's transaction: one import at a time, as on SQLite (a bounded wait, then
    /// `StoreError.busy`, which the import workflow tries again); `body` upserts through a
    /// `PostgresWriter`; `log` writes the import log before the commit.
    private func writeBatch(file: String, _ body: (inout any RecordWriter) throws -> Void,
                            log: (WriteSummary, PostgresLink) throws -> Void) throws -> WriteSummary {
        try transaction("importing \(file)") { link in
            try link.execute("SET LOCAL lock_timeout = '60s'")
            try link.execute("SELECT pg_advisory_xact_lock(\(PostgresSchema.importLockKey))")
            try link.execute("SET LOCAL lock_timeout = 0")
            let batch = PostgresBatch(link: link, file: file)
            var handed: any RecordWriter = PostgresWriter(batch: batch)
            try body(&handed)
            guard let writer = handed as? PostgresWriter, writer.batch === batch else {
                throw StoreError.database(operation: "importing \(file)", path: location, underlying: StoreFailure(
                    code: "RELIEF", message: "the import's writer was replaced by another kind of writer"))
            }
            let summary = try batch.finish(rejected: writer.rejected)
            try log(summary, link)
            return summary
        }
    }

    public func recordRejected(file: String, count: Int, importedOn: Day, fingerprint: String? = nil) throws {
        var summary = WriteSummary()
        summary.rejected = count
        try transaction("logging the import of \(file)") { link in
            try link.execute(PostgresRows.insertImportSQL,
                             PostgresRows.importValues(file: file, fingerprint: fingerprint, importedOn: importedOn, summary: summary))
        }
    }

    public func setting(_ key: StoreSetting) throws -> String? {
        try read("reading the \(key.rawValue) setting") { link in
            try link.query("SELECT value FROM settings WHERE key = $1", Self.binds(key.rawValue)).first?.decode(String.self)
        }
    }

    public func setSetting(_ key: StoreSetting, to value: String) throws {
        try transaction("storing the \(key.rawValue) setting") { link in
            var b = PostgresBindings()
            b.append(key.rawValue)
            b.append(value)
            try link.execute("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", b)
        }
    }

    public func setSiteName(_ id: String, to name: String?) throws {
        try transaction("naming site \(id)") { link in
            var b = PostgresBindings()
            b.append(id)
            b.append(name)
            try link.execute("INSERT INTO sites (site_id, name) VALUES ($1, $2) ON CONFLICT (site_id) DO UPDATE SET name = EXCLUDED.name", b)
        }
    }

    // MARK: - Reading

    static func binds(_ values: String...) -> PostgresBindings {
        var b = PostgresBindings()
        for v in values { b.append(v) }
        return b
    }

    /// `AND day <= $n` when there is a cut-off.
    private static func through(_ day: Day?, column: String = "day", into b: inout PostgresBindings) -> String {
        guard let day else { return "" }
        b.append(Int32(clamping: day.ordinal))
        return " AND \(column) <= $\(b.count)"
    }

    private static let clientSelect = (PostgresRows.clientColumns + ["stub"]).joined(separator: ", ")
    private static let checkInSelect = PostgresRows.checkInColumns.joined(separator: ", ")
    private static let appointmentSelect = PostgresRows.appointmentColumns.joined(separator: ", ")
    private static let sessionOrder = "ORDER BY client_id, day, minute NULLS FIRST, session_id"
    private static let appointmentOrder = "ORDER BY client_id, day, minute NULLS FIRST, appointment_id"

    /// The client index is kept through every import here (a server's import is not dropped
    /// and rebuilt): nothing to build.
    public func ensureClientIndex() throws -> Bool { false }

    public func clientRecord(id: String, through: Day? = nil) throws -> ClientRecord? {
        try clientRecords(ids: [id], through: through, operation: "reading client \(id)").first
    }

    public func clientRecords(ids: [String], through: Day? = nil) throws -> [ClientRecord] {
        guard !ids.isEmpty else { return [] }
        return try clientRecords(ids: ids, through: through, operation: "reading \(ids.count) clients")
    }

    private func clientRecords(ids: [String], through: Day?, operation: String) throws -> [ClientRecord] {
        try read(operation) { link in try Self.clientRecords(ids: ids, through: through, notes: true, link: link) }
    }

    /// The cohort up to `cutoff` in batches of `batchSize` clients, sorted by client id, in one
    /// REPEATABLE READ transaction (one snapshot): the cohort's client ids first (one index-only
    /// pass), then each batch's records by `client_id = ANY(…)` (the `sessions_by_client` index),
    /// so only one batch's sessions are in memory. Notes are left out.
    public func forEachClientRecordBatch(through cutoff: Day, batchSize: Int,
                                         _ body: ([ClientRecord]) throws -> Void) throws {
        try read("reading the cohort up to \(cutoff.iso)") { link in
            var b = PostgresBindings()
            b.append(Int32(clamping: cutoff.ordinal))
            // Sorted here, as `clientRecords(activeIn:)` sorts: Swift's order of Strings.
            let ids = try link.query("SELECT DISTINCT client_id FROM sessions WHERE day <= $1", b)
                .map { try $0.decode(String.self) }.sorted()
            var lo = 0
            while lo < ids.count {
                let hi = min(ids.count, lo + max(1, batchSize))
                try body(try Self.clientRecords(ids: Array(ids[lo..<hi]), through: cutoff, notes: false, link: link,
                                                stubs: true))
                lo = hi
            }
        }
    }

    /// The records of `ids` (in that order) up to `through`, read on `link`; a client without
    /// a row is left out, or with `stubs` given as a stub (as the cohort read gives it).
    private static func clientRecords(ids: [String], through: Day?, notes: Bool, link: PostgresLink,
                                      stubs: Bool = false) throws -> [ClientRecord] {
        do {
            var b = PostgresBindings()
            b.append(ids)
            var clients: [String: Client] = [:]
            for row in try link.query("SELECT \(Self.clientSelect) FROM clients WHERE client_id = ANY($1)", b) {
                let c = try PostgresRows.client(row.makeRandomAccess()).client
                clients[c.id] = c
            }
            let cut = Self.through(through, into: &b)
            var sessions: [String: [Session]] = [:]
            try link.forEachRow("SELECT \(PostgresRows.sessionSelect(notes: notes)) FROM sessions WHERE client_id = ANY($1)\(cut) \(Self.sessionOrder)", b) {
                let s = try PostgresRows.session($0)
                sessions[s.clientID, default: []].append(s)
            }
            var checkIns: [String: [CheckIn]] = [:]
            for row in try link.query("SELECT \(Self.checkInSelect) FROM checkins WHERE client_id = ANY($1)\(cut) ORDER BY client_id, day, source", b) {
                let c = try PostgresRows.checkIn(row.makeRandomAccess())
                checkIns[c.clientID, default: []].append(c)
            }
            var appointments: [String: [Appointment]] = [:]
            for row in try link.query("SELECT \(Self.appointmentSelect) FROM appointments WHERE client_id = ANY($1)\(cut) \(Self.appointmentOrder)", b) {
                let a = try PostgresRows.appointment(row.makeRandomAccess())
                appointments[a.clientID, default: []].append(a)
            }
            return ids.compactMap { id in
                guard let client = clients[id] ?? (stubs ? Client(id: id) : nil) else { return nil }
                return ClientRecord(client: client, sessions: sessions[id] ?? [], checkIns: checkIns[id] ?? [],
                                    appointments: appointments[id] ?? [])
            }
        }
    }

    /// The cohort of a period: every client with a session on or before its end (or `through`,
    /// if earlier), each with the whole history up to then; sorted by client id. One snapshot,
    /// one pass over each table.
    public func clientRecords(activeIn period: Period, through: Day? = nil, notes: Bool = true) throws -> [ClientRecord] {
        let cutoff = through.map { min($0, period.to) } ?? period.to
        return try read("reading the cohort of \(period.from.iso)…\(period.to.iso)") { link in
            var b = PostgresBindings()
            b.append(Int32(clamping: cutoff.ordinal))
            var sessions: [String: [Session]] = [:]
            try link.forEachRow("SELECT \(PostgresRows.sessionSelect(notes: notes)) FROM sessions WHERE day <= $1", b, batch: 10_000) {
                let s = try PostgresRows.session($0)
                sessions[s.clientID, default: []].append(s)
            }
            var checkIns: [String: [CheckIn]] = [:]
            try link.forEachRow("SELECT \(Self.checkInSelect) FROM checkins WHERE day <= $1 ORDER BY client_id, day, source", b, batch: 10_000) {
                let c = try PostgresRows.checkIn($0)
                if sessions[c.clientID] != nil { checkIns[c.clientID, default: []].append(c) }
            }
            var appointments: [String: [Appointment]] = [:]
            try link.forEachRow("SELECT \(Self.appointmentSelect) FROM appointments WHERE day <= $1 \(Self.appointmentOrder)", b, batch: 10_000) {
                let a = try PostgresRows.appointment($0)
                if sessions[a.clientID] != nil { appointments[a.clientID, default: []].append(a) }
            }
            var clients: [String: Client] = [:]
            try link.forEachRow("SELECT \(Self.clientSelect) FROM clients", batch: 10_000) {
                let c = try PostgresRows.client($0).client
                if sessions[c.id] != nil { clients[c.id] = c }
            }
            return sessions.keys.sorted().map { id in
                ClientRecord(client: clients[id] ?? Client(id: id), sessions: sessions[id] ?? [],
                             checkIns: checkIns[id] ?? [], appointments: appointments[id] ?? [])
            }
        }
    }

    public func clientIDs(withSessionsIn period: Period) throws -> [String] {
        try read("listing the clients of \(period.from.iso)…\(period.to.iso)") { link in
            var b = PostgresBindings()
            b.append(Int32(clamping: period.from.ordinal))
            b.append(Int32(clamping: period.to.ordinal))
            return try link.query("SELECT DISTINCT client_id FROM sessions WHERE day BETWEEN $1 AND $2 ORDER BY client_id", b)
                .map { try $0.decode(String.self) }
        }
    }

    public func therapists() throws -> [Therapist] {
        try read("listing therapists") { link in
            try link.query("SELECT therapist_id, name FROM therapists ORDER BY therapist_id")
                .map { try PostgresRows.therapist($0.makeRandomAccess()) }
        }
    }

    public func sites() throws -> [Site] {
        try read("listing sites") { link in
            try link.query("SELECT site_id, name FROM sites ORDER BY site_id").map {
                let r = $0.makeRandomAccess()
                return Site(id: try r[0].decode(String.self), name: try r[1].decode(String?.self))
            }
        }
    }

    public func clients() throws -> [Client] {
        try read("listing clients") { link in
            var out: [Client] = []
            try link.forEachRow("SELECT \(Self.clientSelect) FROM clients ORDER BY client_id") {
                out.append(try PostgresRows.client($0).client)
            }
            return out
        }
    }

    public func stubClientIDs() throws -> [String] {
        try read("listing stub clients") { link in
            try link.query("SELECT client_id FROM clients WHERE stub ORDER BY client_id").map { try $0.decode(String.self) }
        }
    }

    public func stubTherapistIDs() throws -> [String] {
        try read("listing stub therapists") { link in
            try link.query("SELECT therapist_id FROM therapists WHERE stub ORDER BY therapist_id").map { try $0.decode(String.self) }
        }
    }

    private static let importSelect = (["import_id", "file", "fingerprint", "imported_on"] + PostgresRows.importCountColumns)
        .joined(separator: ", ")

    public func lastImports(limit: Int) throws -> [ImportLogEntry] {
        try read("reading the import log") { link in
            var b = PostgresBindings()
            b.append(Int64(max(0, limit)))
            return try link.query("SELECT \(Self.importSelect) FROM imports ORDER BY import_id DESC LIMIT $1", b)
                .map { try PostgresRows.importEntry($0.makeRandomAccess()) }
        }
    }

    public func latestImportPerFile(through cutoff: Day) throws -> [ImportLogEntry] {
        try read("reading the import log") { link in
            var b = PostgresBindings()
            b.append(Int32(clamping: cutoff.ordinal))
            var seen = Set<String>()
            return try link.query("SELECT \(Self.importSelect) FROM imports WHERE imported_on <= $1 ORDER BY import_id DESC", b)
                .map { try PostgresRows.importEntry($0.makeRandomAccess()) }
                .filter { seen.insert($0.file).inserted }
        }
    }

    /// Every session in session-id order, or one client's in chronological order, streamed
    /// through a cursor from one snapshot.
    public func forEachSession(client: String? = nil, through: Day? = nil, _ body: (Session) throws -> Void) throws {
        var delivered = false
        try read("exporting sessions", retryable: { !delivered }) { link in
            var b = PostgresBindings()
            var sql = "SELECT \(PostgresRows.sessionSelect()) FROM sessions WHERE true"
            if let client { b.append(client); sql += " AND client_id = $1" }
            sql += Self.through(through, into: &b)
            sql += client == nil ? " ORDER BY session_id" : " " + Self.sessionOrder
            try link.forEachRow(sql, b) { delivered = true; try body(try PostgresRows.session($0)) }
        }
    }

    public func forEachCheckIn(client: String? = nil, through: Day? = nil, _ body: (CheckIn) throws -> Void) throws {
        var delivered = false
        try read("exporting check-ins", retryable: { !delivered }) { link in
            var b = PostgresBindings()
            var sql = "SELECT \(Self.checkInSelect) FROM checkins WHERE true"
            if let client { b.append(client); sql += " AND client_id = $1" }
            sql += Self.through(through, into: &b) + " ORDER BY client_id, day, source"
            try link.forEachRow(sql, b) { delivered = true; try body(try PostgresRows.checkIn($0)) }
        }
    }

    public func forEachAppointment(client: String? = nil, through: Day? = nil, _ body: (Appointment) throws -> Void) throws {
        var delivered = false
        try read("exporting appointments", retryable: { !delivered }) { link in
            var b = PostgresBindings()
            var sql = "SELECT \(Self.appointmentSelect) FROM appointments WHERE true"
            if let client { b.append(client); sql += " AND client_id = $1" }
            sql += Self.through(through, into: &b) + " " + Self.appointmentOrder
            try link.forEachRow(sql, b) { delivered = true; try body(try PostgresRows.appointment($0)) }
        }
    }

    public func counts() throws -> StoreCounts {
        try read("counting records") { link in
            let sql = """
                SELECT (SELECT count(*) FROM clients), (SELECT count(*) FROM clients WHERE stub),
                       (SELECT count(*) FROM therapists), (SELECT count(*) FROM therapists WHERE stub),
                       (SELECT count(*) FROM sessions), (SELECT count(*) FROM checkins),
                       (SELECT count(*) FROM appointments), (SELECT count(*) FROM imports)
                """
            guard let row = try link.query(sql).first?.makeRandomAccess() else {
                throw StoreError.database(operation: "counting records", path: location,
                                          underlying: StoreFailure(code: "RELIEF", message: "no row"))
            }
            func n(_ i: Int) throws -> Int { Int(try row[i].decode(Int64.self)) }
            return StoreCounts(clients: try n(0), stubClients: try n(1), therapists: try n(2), stubTherapists: try n(3),
                               sessions: try n(4), checkIns: try n(5), appointments: try n(6), imports: try n(7))
        }
    }
}
