import PostgresNIO
import ReliefModel
import ReliefStore

/// Upserts one file's records inside `PostgresStore.importBatch`'s transaction.
///
/// The same promises as SQLite's `ImportWriter`: each upsert inserts a new record, updates one
/// whose key exists and whose values differ, or leaves an identical one alone, and
/// `WriteSummary` counts which; an unknown client or therapist id becomes a stub, which a later
/// client or therapist record fills (counted as inserted); a record the schema refuses ends the
/// batch, naming the record, and every later call rethrows that error.
///
/// Sessions, check-ins and appointments are sent in chunks of 10,000, the bulk way: `COPY … FROM
/// STDIN` into a temporary staging table, then one
/// `INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE (old values) IS DISTINCT FROM (new) RETURNING (xmax = 0)`,
/// whose returned rows tell inserted (`xmax = 0`) from updated, and whose missing rows are the
/// unchanged ones. A key seen twice sends the chunk first (one statement may not touch a row
/// twice), so the last values win as row-by-row upserts would. The stubs a chunk needs are
/// created just before it, in the order first seen. Each chunk runs under a savepoint: when the
/// server refuses it, its rows are tried one at a time to name the one at fault. A score that is
/// not a finite tenth is refused when handed over, as on SQLite.
public struct PostgresWriter: RecordWriter {
    public var rejected = 0
    let batch: PostgresBatch

    init(batch: PostgresBatch) { self.batch = batch }

    public mutating func upsert(_ session: Session) throws { try batch.add(session) }
    public mutating func upsert(_ client: Client) throws { try batch.upsert(client) }
    public mutating func upsert(_ therapist: Therapist) throws { try batch.upsert(therapist) }
    public mutating func upsert(_ checkIn: CheckIn) throws { try batch.add(checkIn) }
    public mutating func upsert(_ appointment: Appointment) throws { try batch.add(appointment) }
}

/// The state of one import: its connection (inside the transaction), the summary so far, the
/// rows waiting to be sent, and the ids known to exist.
final class PostgresBatch {
    static let sessionChunk = 10_000
    static let checkInChunk = 10_000
    static let appointmentChunk = 10_000

    let link: PostgresLink
    let file: String
    private(set) var summary = WriteSummary()
    private var knownClients = Set<ExactText>()
    private var knownTherapists = Set<ExactText>()
    private var stubClients: [String] = []
    private var stubTherapists: [String] = []
    /// Sites named by this batch's sessions, and those still to be given a row.
    private var knownSites = Set<ExactText>()
    private var newSites: [String] = []
    private var sessions: [Session] = []
    private var sessionIDs = Set<ExactText>()
    private var checkIns: [CheckIn] = []
    private var checkInKeys = Set<CheckInKey>()
    private var appointments: [Appointment] = []
    private var appointmentIDs = Set<ExactText>()
    private var failure: (any Error)?
    /// Staging tables created in this transaction (dropped at its end).
    private var staged = Set<String>()

    struct CheckInKey: Hashable { var client: ExactText; var day: Int; var source: ExactText }

    init(link: PostgresLink, file: String) {
        self.link = link
        self.file = file
    }

    // MARK: - Records

    func add(_ s: Session) throws {
        try usable()
        try guarded("session \(s.id)") {
            try PostgresRows.validate(s, file: file)
            if sessionIDs.contains(ExactText(s.id)) { try flush() }
            needClient(s.clientID)
            if let t = s.therapistID { needTherapist(t) }
            if let site = s.site, knownSites.insert(ExactText(site)).inserted { newSites.append(site) }
            sessions.append(s)
            sessionIDs.insert(ExactText(s.id))
            if sessions.count == Self.sessionChunk { try flush() }
        }
    }

    func add(_ c: CheckIn) throws {
        try usable()
        try guarded("check-in of \(c.clientID) on \(c.day.iso)") {
            try PostgresRows.validate(c, file: file)
            let key = CheckInKey(client: ExactText(c.clientID), day: c.day.ordinal, source: ExactText(c.source ?? ""))
            if checkInKeys.contains(key) { try flush() }
            needClient(c.clientID)
            checkIns.append(c)
            checkInKeys.insert(key)
            if checkIns.count == Self.checkInChunk { try flush() }
        }
    }

    func add(_ a: Appointment) throws {
        try usable()
        try guarded("appointment \(a.id)") {
            if appointmentIDs.contains(ExactText(a.id)) { try flush() }
            needClient(a.clientID)
            if let t = a.therapistID { needTherapist(t) }
            if let site = a.site, knownSites.insert(ExactText(site)).inserted { newSites.append(site) }
            appointments.append(a)
            appointmentIDs.insert(ExactText(a.id))
            if appointments.count == Self.appointmentChunk { try flush() }
        }
    }

    func upsert(_ c: Client) throws {
        try usable()
        try guarded("client \(c.id)") {
            try flush()
            if let t = c.therapistID { needTherapist(t); try flushStubs() }
            var b = PostgresBindings()
            PostgresRows.bind(c, into: &b)
            let outcome = try upsertFillingStub(table: "clients", columns: PostgresRows.clientColumns, binds: b)
            if outcome == .inserted { summary.stubClients.removeAll { $0.utf8.elementsEqual(c.id.utf8) } }
            knownClients.insert(ExactText(c.id))
            count(outcome, in: &summary.clients)
        }
    }

    func upsert(_ t: Therapist) throws {
        try usable()
        try guarded("therapist \(t.id)") {
            try flush()
            var b = PostgresBindings()
            PostgresRows.bind(t, into: &b)
            let outcome = try upsertFillingStub(table: "therapists", columns: PostgresRows.therapistColumns, binds: b)
            if outcome == .inserted { summary.stubTherapists.removeAll { $0.utf8.elementsEqual(t.id.utf8) } }
            knownTherapists.insert(ExactText(t.id))
            count(outcome, in: &summary.therapists)
        }
    }

    /// Sends what is waiting and returns the summary.
    func finish(rejected: Int) throws -> WriteSummary {
        try usable()
        try guarded("the last records") { try flush() }
        var s = summary
        s.rejected = rejected
        return s
    }

    // MARK: - Sending

    enum Outcome { case inserted, updated, unchanged }

    private func count(_ outcome: Outcome, in counts: inout WriteSummary.Counts) {
        switch outcome {
        case .inserted: counts.inserted += 1
        case .updated: counts.updated += 1
        case .unchanged: counts.unchanged += 1
        }
    }

    private func needClient(_ id: String) {
        if knownClients.insert(ExactText(id)).inserted { stubClients.append(id) }
    }

    private func needTherapist(_ id: String) {
        if knownTherapists.insert(ExactText(id)).inserted { stubTherapists.append(id) }
    }

    /// Creates the stubs waiting (therapists first: nothing a stub client holds names one), and
    /// notes those that did not exist.
    private func flushStubs() throws {
        if !newSites.isEmpty {
            // Every site a session names has a row (for its name); sites are not counted.
            var b = PostgresBindings()
            b.append(newSites)
            try link.execute("INSERT INTO sites (site_id) SELECT id FROM unnest($1::text[]) AS u(id) ON CONFLICT DO NOTHING", b)
            newSites = []
        }
        for (table, key, pending) in [("therapists", "therapist_id", stubTherapists), ("clients", "client_id", stubClients)]
        where !pending.isEmpty {
            var b = PostgresBindings()
            b.append(pending)
            let created = Set(try link.query("""
                INSERT INTO \(table) (\(key), stub) SELECT id, true FROM unnest($1::text[]) AS u(id)
                ON CONFLICT DO NOTHING RETURNING \(key)
                """, b).map { ExactText(try $0.decode(String.self)) })
            let inOrder = pending.filter { created.contains(ExactText($0)) }
            if table == "clients" { summary.stubClients += inOrder; stubClients = [] } else { summary.stubTherapists += inOrder; stubTherapists = [] }
        }
    }

    /// Sends every waiting stub and row.
    private func flush() throws {
        try flushStubs()
        if !sessions.isEmpty {
            let rows = sessions
            sessions = []; sessionIDs = []
            try send(rows, table: "sessions", columns: PostgresRows.sessionColumns, keyCount: 1,
                     counts: \.sessions, name: { "session \($0.id)" },
                     copy: { s, out in try PostgresRows.copy(s, file: self.file, into: &out) },
                     bind: { s, b in try PostgresRows.bind(s, file: self.file, into: &b) })
        }
        if !checkIns.isEmpty {
            let rows = checkIns
            checkIns = []; checkInKeys = []
            try send(rows, table: "checkins", columns: PostgresRows.checkInColumns, keyCount: 3,
                     counts: \.checkIns, name: { "check-in of \($0.clientID) on \($0.day.iso)" },
                     copy: { c, out in try PostgresRows.copy(c, file: self.file, into: &out) },
                     bind: { c, b in try PostgresRows.bind(c, file: self.file, into: &b) })
        }
        if !appointments.isEmpty {
            let rows = appointments
            appointments = []; appointmentIDs = []
            try send(rows, table: "appointments", columns: PostgresRows.appointmentColumns, keyCount: 1,
                     counts: \.appointments, name: { "appointment \($0.id)" },
                     copy: { a, out in PostgresRows.copy(a, into: &out) },
                     bind: { a, b in PostgresRows.bind(a, into: &b) })
        }
    }

    /// Sends `rows` (distinct keys) the bulk way: `COPY` into a temporary staging table, then one
    /// `INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE … IS DISTINCT FROM … RETURNING (xmax = 0)`
    /// that counts inserted and updated rows (the rest were unchanged), under a savepoint. When
    /// the server refuses the chunk, it is rolled back to the savepoint and its rows are tried
    /// one at a time (`INSERT … VALUES` with binds) to name the one at fault.
    private func send<R>(_ rows: [R], table: String, columns: [String], keyCount: Int,
                         counts: WritableKeyPath<WriteSummary, WriteSummary.Counts>, name: (R) -> String,
                         copy: (R, inout CopyText) throws -> Void,
                         bind: (R, inout PostgresBindings) throws -> Void) throws {
        guard #available(macOS 15.0, *) else {
            // (Task executors, which the COPY bridge needs, came with macOS 15; Linux has them.)
            for start in stride(from: 0, to: rows.count, by: 500) {
                try sendValues(Array(rows[start..<min(rows.count, start + 500)]), table: table, columns: columns,
                               keyCount: keyCount, counts: counts, name: name, bind: bind)
            }
            return
        }
        var text = CopyText(capacity: rows.count * columns.count * 8)
        for r in rows { try copy(r, &text) }
        let stage = "relief_stage_\(table)"
        if staged.insert(stage).inserted {
            try link.execute("CREATE TEMPORARY TABLE \(stage) (LIKE \(table)) ON COMMIT DROP")
        }
        try link.execute("SAVEPOINT relief_chunk")
        do {
            try link.copy(into: stage, columns: columns, data: text.buffer)
            let row = try link.query(Self.upsertSQL(table: table, columns: columns, keyCount: keyCount, from: stage))
                .first?.makeRandomAccess()
            let inserted = Int(try row?[0].decode(Int64.self) ?? 0), changed = Int(try row?[1].decode(Int64.self) ?? 0)
            try link.execute("TRUNCATE \(stage)")
            try link.execute("RELEASE SAVEPOINT relief_chunk")
            summary[keyPath: counts].inserted += inserted
            summary[keyPath: counts].updated += changed - inserted
            summary[keyPath: counts].unchanged += rows.count - changed
        } catch {
            guard PostgresErrors.sqlState(error) != nil else { throw error }
            try link.execute("ROLLBACK TO SAVEPOINT relief_chunk")
            try nameTheRefused(rows, table: table, columns: columns, keyCount: keyCount, name: name, bind: bind)
            throw error
        }
    }

    /// The same without COPY: one multi-row `INSERT … VALUES` with binds (at most 500 rows).
    private func sendValues<R>(_ rows: [R], table: String, columns: [String], keyCount: Int,
                               counts: WritableKeyPath<WriteSummary, WriteSummary.Counts>, name: (R) -> String,
                               bind: (R, inout PostgresBindings) throws -> Void) throws {
        var b = PostgresBindings(capacity: rows.count * columns.count)
        for r in rows { try bind(r, &b) }
        try link.execute("SAVEPOINT relief_chunk")
        do {
            let returned = try link.query(Self.upsertSQL(table: table, columns: columns, keyCount: keyCount, rows: rows.count), b)
            try link.execute("RELEASE SAVEPOINT relief_chunk")
            let inserted = try returned.filter { try $0.decode(Bool.self) }.count
            summary[keyPath: counts].inserted += inserted
            summary[keyPath: counts].updated += returned.count - inserted
            summary[keyPath: counts].unchanged += rows.count - returned.count
        } catch {
            guard PostgresErrors.sqlState(error) != nil else { throw error }
            try link.execute("ROLLBACK TO SAVEPOINT relief_chunk")
            try nameTheRefused(rows, table: table, columns: columns, keyCount: keyCount, name: name, bind: bind)
            throw error
        }
    }

    /// Tries `rows` one at a time (after the chunk was rolled back to its savepoint) and throws
    /// the first refusal, naming its record.
    private func nameTheRefused<R>(_ rows: [R], table: String, columns: [String], keyCount: Int, name: (R) -> String,
                                   bind: (R, inout PostgresBindings) throws -> Void) throws {
        let one = Self.upsertSQL(table: table, columns: columns, keyCount: keyCount, rows: 1)
        for r in rows {
            var single = PostgresBindings()
            try bind(r, &single)
            do {
                try link.query(one, single)
            } catch {
                throw PostgresErrors.wrap(error, operation: "importing \(file)", location: file, record: "\(file): \(name(r))")
            }
        }
    }

    /// The upsert of a chunk from its staging table, counting: one row (inserted, inserted + updated).
    static func upsertSQL(table: String, columns: [String], keyCount: Int, from stage: String) -> String {
        let list = columns.joined(separator: ", ")
        return "WITH up AS (INSERT INTO \(table) AS t (\(list)) SELECT \(list) FROM \(stage)"
            + conflictClause(columns: columns, keyCount: keyCount) + " AS ins)"
            + " SELECT count(*) FILTER (WHERE ins), count(*) FROM up"
    }

    static func conflictClause(columns: [String], keyCount: Int) -> String {
        let values = columns.dropFirst(keyCount)
        return " ON CONFLICT (" + columns.prefix(keyCount).joined(separator: ", ") + ") DO UPDATE SET "
            + values.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
            + " WHERE (" + values.map { "t.\($0)" }.joined(separator: ", ") + ") IS DISTINCT FROM ("
            + values.map { "EXCLUDED.\($0)" }.joined(separator: ", ") + ")"
            + " RETURNING (xmax = 0)"
    }

    /// `INSERT … VALUES (…), … ON CONFLICT (key) DO UPDATE SET … WHERE (…) IS DISTINCT FROM (…) RETURNING xmax = 0`.
    static func upsertSQL(table: String, columns: [String], keyCount: Int, rows: Int) -> String {
        var sql = "INSERT INTO \(table) AS t (" + columns.joined(separator: ", ") + ") VALUES "
        var n = 0
        sql += (0..<rows).map { _ in
            "(" + columns.map { _ in n += 1; return "$\(n)" }.joined(separator: ", ") + ")"
        }.joined(separator: ", ")
        return sql + conflictClause(columns: columns, keyCount: keyCount)
    }

    /// Upsert of a client or therapist, whose existing row may be a stub: filling a stub counts
    /// as inserted (the first time the clinic described it).
    private func upsertFillingStub(table: String, columns: [String], binds: PostgresBindings) throws -> Outcome {
        let key = columns[0]
        let values = columns.dropFirst()
        let placeholders = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
        let sql = """
            WITH old AS (SELECT stub FROM \(table) WHERE \(key) = $1)
            INSERT INTO \(table) AS t (\(columns.joined(separator: ", ")), stub) VALUES (\(placeholders), false)
            ON CONFLICT (\(key)) DO UPDATE SET \(values.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")), stub = false
            WHERE t.stub OR (\(values.map { "t.\($0)" }.joined(separator: ", "))) IS DISTINCT FROM (\(values.map { "EXCLUDED.\($0)" }.joined(separator: ", ")))
            RETURNING (xmax = 0), (SELECT stub FROM old)
            """
        guard let row = try link.query(sql, binds).first else { return .unchanged }
        let r = row.makeRandomAccess()
        let inserted = try r[0].decode(Bool.self), wasStub = try r[1].decode(Bool?.self)
        return inserted || wasStub == true ? .inserted : .updated
    }

    // MARK: - Errors

    private func usable() throws {
        if let failure { throw failure }
    }

    /// Runs `body`; an error ends the batch (named by `record`), and later calls rethrow it.
    private func guarded(_ record: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            let wrapped = error is StoreError
                ? error
                : PostgresErrors.wrap(error, operation: "importing \(file)", location: file, record: "\(file): \(record)")
            failure = wrapped
            throw wrapped
        }
    }
}

/// A text compared and hashed by its UTF-8 bytes, as the database compares keys: "Zoë" composed
/// and decomposed are two clients there, though Swift's `String ==` calls them equal.
struct ExactText: Hashable {
    let text: String
    init(_ text: String) { self.text = text }
    static func == (a: ExactText, b: ExactText) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
    func hash(into hasher: inout Hasher) {
        for byte in text.utf8 { hasher.combine(byte) }
        hasher.combine(0xFF as UInt8)
    }
}
