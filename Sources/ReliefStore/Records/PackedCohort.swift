import Dispatch
import GRDB
import GRDBSQLite
import ReliefModel

/// A session as the streaming cohort read keeps it until its client's batch is built: 72 bytes
/// (a `Session` is ~230, plus its arrays), texts as numbers into shared tables, scores as the
/// stored integer tenths (-1 for NULL), no notes.
struct PackedSession {
    var id: String
    var reliefDays: Double
    var client: Int32
    var day: Int32
    /// Indices into `PackedCohort.texts` (therapist, site), `lists` (techniques, regions) and
    /// `noteScoreLists`; -1 for NULL or an empty list.
    var therapist: Int32
    var site: Int32
    var techniques: Int32
    var regions: Int32
    var noteScores: Int32
    var minute: Int16
    var duration: Int16
    var painBefore: Int16
    var painAfter: Int16
    var sleep: Int16
    var mood: Int16
    var stress: Int16
    /// Index into `SessionKind.allCases`; into `Pressure.allCases` (255: none).
    var kind: UInt8
    var pressure: UInt8
    /// 0: no relief days; 1: `reliefDays` days; 2: ongoing.
    var reliefTag: UInt8
}

/// A check-in as the streaming cohort read keeps it: 20 bytes (a `CheckIn` is ~96).
struct PackedCheckIn {
    var client: Int32
    var day: Int32
    /// Index into `PackedCohort.texts`; -1 for none.
    var source: Int32
    var pain: Int16
    var sleep: Int16
    var mood: Int16
    var stress: Int16
}

/// The cohort up to a cut-off read in one pass into packed sessions (one read transaction: one
/// snapshot), then handed out as `ClientRecord`s a batch of clients at a time, in client-id
/// order (``ReliefDatabase/forEachClientRecordBatch(through:batchSize:_:)``): only one batch's
/// `Session` values exist at once.
struct PackedCohort {
    var sessions: [PackedSession] = []
    /// Client ids by number (first seen first).
    var clientIDs: [String] = []
    var texts: [String] = []
    var lists: [[String]] = []
    var noteScoreLists: [[NoteScore]] = []
    /// In the order read (client, then day), each of a client with sessions.
    var checkIns: [PackedCheckIn] = []
    var appointments: [String: [Appointment]] = [:]
    var clients: [String: Client] = [:]
    /// In a pass: whether each client number is one of the pass's (the others have no sessions here).
    var admitted: [Bool]? = nil

    private static let kinds = SessionKind.allCases
    private static let pressures = Pressure.allCases

    /// Sessions per pass (see `passes`): 4M packed sessions are ~290 MB, with their check-ins.
    static let sessionsPerPass = 4_000_000

    /// The passes a cohort is read in: nil for one pass over everything; else ranges of client
    /// ids (from the clients table, sorted in Swift's order as the batches are), each about
    /// `sessionsPerPass` sessions, each pass a scan of the tables keeping its clients' rows. So
    /// memory stays bounded at 10M sessions; the scans cost time (one more per 4M sessions).
    static func passes(_ db: Database, sessionsPerPass: Int = sessionsPerPass) throws -> [Set<String>]? {
        let sql = "SELECT (SELECT max(rowid) FROM sessions) - (SELECT min(rowid) FROM sessions) + 1"
        let rows = try Int.fetchOne(db, sql: sql) ?? 0
        let count = (rows + sessionsPerPass - 1) / sessionsPerPass
        guard count > 1 else { return nil }
        let ids = try String.fetchAll(db, sql: "SELECT client_id FROM clients").sorted()
        return (0..<count).map { p in Set(ids[ids.count * p / count..<ids.count * (p + 1) / count]) }
    }

    /// Reads the sessions, check-ins and appointments on or before `cutoff`, and the clients;
    /// only those of the clients in `only` when given (a pass).
    /// - Throws: `DatabaseError`, `StoreError.unreadableValue`.
    static func read(_ db: Database, cutoff: Day, only: Set<String>? = nil) throws -> PackedCohort {
        var cohort = PackedCohort()
        // Pages read through SQLite's own cache, not mapped: a mapped file's pages count in the
        // process's resident memory (the whole file, once scanned), cached ones only up to the
        // reader's 16 MiB. The connection maps again for the reads after this one.
        try db.execute(sql: "PRAGMA mmap_size = 0")
        defer { try? db.execute(sql: "PRAGMA mmap_size = 1073741824") }
        var sessions: [PackedSession] = []
        // Two subqueries: SQLite reads a lone min() or max() from the b-tree's ends (both in one
        // SELECT would scan the table).
        if only == nil, let n = try Int.fetchOne(db, sql: "SELECT (SELECT max(rowid) FROM sessions) - (SELECT min(rowid) FROM sessions) + 1"), n > 0 {
            sessions.reserveCapacity(min(n, 1 << 25))
        }
        var admitted: [Bool] = []   // by client number
        var texts: [String] = [], lists: [[String]] = [], noteScoreLists: [[NoteScore]] = []
        // Every client id cached (a chain's 320,000 clients): past a cache's limit each row would
        // fall back to ClientNumbering's dictionary, a third of the 10M read's time.
        var textCache = TextCache<Int32>(), listCache = TextCache<Int32>(limit: 10_000)
        var clientCache = TextCache<Int>(limit: 1 << 24)
        let numbering = ClientNumbering()
        func small(_ stmt: SQLiteStatement, _ column: CInt) -> Int16 {
            sqlite3_column_type(stmt, column) == SQLITE_NULL ? -1 : Int16(truncatingIfNeeded: sqlite3_column_int64(stmt, column))
        }
        try RowValues.forEachRow(SessionRow.all().through(cutoff), in: db) { stmt in
            let client = clientCache.value(stmt, 1) { numbering.number(of: SessionReader.string($0)) } ?? numbering.number(of: "")
            if let only {
                while admitted.count <= client { admitted.append(only.contains(numbering.ids[admitted.count])) }
                guard admitted[client] else { return }
            }
            guard let kind = SessionReader.kind(stmt) else {
                throw StoreError.unreadableValue(table: "sessions", column: "kind", value: SessionReader.text(stmt, 6) ?? "NULL")
            }
            var pressure: UInt8 = 255
            if sqlite3_column_type(stmt, 8) != SQLITE_NULL {
                guard let p = SessionReader.pressure(stmt) else {
                    throw StoreError.unreadableValue(table: "sessions", column: "pressure", value: SessionReader.text(stmt, 8) ?? "")
                }
                pressure = UInt8(pressures.firstIndex(of: p)!)
            }
            var reliefTag: UInt8 = 0, reliefDays = 0.0
            switch sqlite3_column_type(stmt, 15) {
            case SQLITE_NULL: break
            case SQLITE_INTEGER, SQLITE_FLOAT: reliefTag = 1; reliefDays = sqlite3_column_double(stmt, 15)
            default:
                let text = SessionReader.text(stmt, 15) ?? ""
                guard text == "ongoing" else {
                    throw StoreError.unreadableValue(table: "sessions", column: "relief_days", value: text)
                }
                reliefTag = 2
            }
            var noteScores: Int32 = -1
            if let text = SessionReader.text(stmt, 17) {
                guard let parsed = NoteScore.parse(storageText: text) else {
                    throw StoreError.unreadableValue(table: "sessions", column: "note_scores", value: text)
                }
                if !parsed.isEmpty { noteScores = Int32(noteScoreLists.count); noteScoreLists.append(parsed) }
            }
            func text(_ column: CInt) -> Int32 {
                textCache.value(stmt, column) { texts.append(SessionReader.string($0)); return Int32(texts.count - 1) } ?? -1
            }
            func list(_ column: CInt) -> Int32 {
                listCache.value(stmt, column) { bytes in
                    let items = ListField.split(SessionReader.string(bytes))
                    if items.isEmpty { return -1 }
                    lists.append(items)
                    return Int32(lists.count - 1)
                } ?? -1
            }
            sessions.append(PackedSession(
                id: SessionReader.text(stmt, 0) ?? "", reliefDays: reliefDays, client: Int32(client),
                day: Int32(truncatingIfNeeded: sqlite3_column_int64(stmt, 3)), therapist: text(2), site: text(18),
                techniques: list(7), regions: list(9), noteScores: noteScores, minute: small(stmt, 4),
                duration: small(stmt, 5), painBefore: small(stmt, 10), painAfter: small(stmt, 11), sleep: small(stmt, 12),
                mood: small(stmt, 13), stress: small(stmt, 14), kind: UInt8(kinds.firstIndex(of: kind)!),
                pressure: pressure, reliefTag: reliefTag))
        }
        cohort.sessions = sessions
        cohort.clientIDs = numbering.ids
        cohort.admitted = only == nil ? nil : admitted
        cohort.texts = texts; cohort.lists = lists; cohort.noteScoreLists = noteScoreLists
        // Check-ins as the cohort read gives them (CheckInReader's values), packed; only those of
        // clients with sessions here.
        var checkIns: [PackedCheckIn] = []
        var owners = TextCache<Int32>(limit: 1 << 24)
        try RowValues.forEachRow(CheckInRow.all().through(cutoff).orderedByClientAndDay(), in: db) { stmt in
            let client = owners.value(stmt, 0) { numbering.existing($0).map(Int32.init) ?? -1 } ?? -1
            guard client >= 0, admitted.isEmpty || (Int(client) < admitted.count && admitted[Int(client)]) else { return }
            let source = sqlite3_column_bytes(stmt, 2) == 0 ? -1
                : textCache.value(stmt, 2) { texts.append(SessionReader.string($0)); return Int32(texts.count - 1) } ?? -1
            checkIns.append(PackedCheckIn(client: client, day: Int32(truncatingIfNeeded: sqlite3_column_int64(stmt, 1)),
                                          source: source, pain: small(stmt, 3), sleep: small(stmt, 4), mood: small(stmt, 5),
                                          stress: small(stmt, 6)))
        }
        cohort.checkIns = checkIns
        cohort.texts = texts
        cohort.appointments = try db.appointmentsByClient(AppointmentRow.all().through(cutoff).chronologicalByClient())
        if let only { cohort.appointments = cohort.appointments.filter { only.contains($0.key) } }
        let rows = try ClientRow.fetchCursor(db)
        while let row = try rows.next() {
            if only?.contains(row.client.id) ?? true { cohort.clients[row.client.id] = row.client }
        }
        return cohort
    }

    func session(_ p: PackedSession) -> Session {
        func score(_ t: Int16) -> Double? { t < 0 ? nil : Tenths.decode(Int(t)) }
        return Session(
            id: p.id, clientID: clientIDs[Int(p.client)], therapistID: p.therapist < 0 ? nil : texts[Int(p.therapist)],
            day: Day(ordinal: Int(p.day)), minute: p.minute < 0 ? nil : Int(p.minute),
            durationMinutes: p.duration < 0 ? nil : Int(p.duration), kind: Self.kinds[Int(p.kind)],
            techniques: p.techniques < 0 ? [] : lists[Int(p.techniques)],
            pressure: p.pressure == 255 ? nil : Self.pressures[Int(p.pressure)],
            regions: p.regions < 0 ? [] : lists[Int(p.regions)], painBefore: Tenths.decode(Int(p.painBefore)),
            painAfter: score(p.painAfter), sleep: score(p.sleep), mood: score(p.mood), stress: score(p.stress),
            reliefDays: p.reliefTag == 0 ? nil : p.reliefTag == 1 ? .days(p.reliefDays) : .ongoing,
            notes: nil, noteScores: p.noteScores < 0 ? [] : noteScoreLists[Int(p.noteScores)],
            site: p.site < 0 ? nil : texts[Int(p.site)])
    }

    func checkIn(_ c: PackedCheckIn, clientID: String) -> CheckIn {
        func score(_ t: Int16) -> Double? { t < 0 ? nil : Tenths.decode(Int(t)) }
        return CheckIn(clientID: clientID, day: Day(ordinal: Int(c.day)), pain: Tenths.decode(Int(c.pain)),
                       sleep: score(c.sleep), mood: score(c.mood), stress: score(c.stress),
                       source: c.source < 0 ? nil : texts[Int(c.source)])
    }

    /// Calls `body` with the records of every client with a session, sorted by client id (as
    /// ``CohortPart/records(_:)`` sorts them), `size` clients at a time; each batch's records
    /// are built in parallel and freed before the next.
    func forEachBatch(size: Int, _ body: ([ClientRecord]) throws -> Void) throws {
        let n = clientIDs.count
        var start = [Int](repeating: 0, count: n + 1)
        for s in sessions { start[Int(s.client) + 1] += 1 }
        for i in 0..<n { start[i + 1] += start[i] }
        var next = Array(start.dropLast())
        var positions = [Int32](repeating: 0, count: sessions.count)
        for (row, s) in sessions.enumerated() {
            positions[next[Int(s.client)]] = Int32(row)
            next[Int(s.client)] += 1
        }
        // Check-ins grouped the same way, in the order read (client, then day) within each client.
        var checkInStart = [Int](repeating: 0, count: n + 1)
        for c in checkIns { checkInStart[Int(c.client) + 1] += 1 }
        for i in 0..<n { checkInStart[i + 1] += checkInStart[i] }
        next = Array(checkInStart.dropLast())
        var checkInPositions = [Int32](repeating: 0, count: checkIns.count)
        for (row, c) in checkIns.enumerated() {
            checkInPositions[next[Int(c.client)]] = Int32(row)
            next[Int(c.client)] += 1
        }
        next = []
        let order = clientIDs.indices.filter { i in admitted.map { i < $0.count && $0[i] } ?? true }
            .sorted { clientIDs[$0] < clientIDs[$1] }
        let size = max(1, size), total = order.count
        var lo = 0
        while lo < total {
            let hi = min(total, lo + size)
            var out = [ClientRecord?](repeating: nil, count: hi - lo)
            let chunk = 64
            let (base, from, starts) = (lo, positions, start)
            let (checkInFrom, checkInStarts) = (checkInPositions, checkInStart)
            out.withUnsafeMutableBufferPointer { results in
                nonisolated(unsafe) let results = results
                DispatchQueue.concurrentPerform(iterations: (hi - base + chunk - 1) / chunk) { c in
                    for k in base + c * chunk..<min(hi, base + (c + 1) * chunk) {
                        let number = order[k], id = clientIDs[number]
                        var list = (starts[number]..<starts[number + 1]).map { session(sessions[Int(from[$0])]) }
                        // ClientRecord's own order (day, minute, id; ids are unique), sorted in place.
                        list.sort { ($0.day, $0.minute ?? -1, $0.id) < ($1.day, $1.minute ?? -1, $1.id) }
                        let checkInList = (checkInStarts[number]..<checkInStarts[number + 1]).map {
                            checkIn(checkIns[Int(checkInFrom[$0])], clientID: id)
                        }
                        var record = ClientRecord(client: clients[id] ?? Client(id: id), sessions: [],
                                                  checkIns: checkInList, appointments: appointments[id] ?? [])
                        record.sessions = list
                        results[k - base] = record
                    }
                }
            }
            try body(out.map { $0! })
            lo = hi
        }
    }
}
