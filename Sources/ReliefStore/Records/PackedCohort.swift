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

/// The cohort up to a cut-off read in one pass into packed sessions (one snapshot: one read
/// transaction, or three of one commit, ``ReliefDatabase/readPackedConcurrently``), then handed
/// out as `ClientRecord`s a batch of clients at a time, in client-id order
/// (``ReliefDatabase/forEachClientRecordBatch(through:batchSize:_:)``): only one batch's
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

    /// The lowest and highest of `ids` in SQLite's BINARY order (their UTF-8 bytes compared as
    /// memcmp, the shorter first on a tie); nil for none. A pass's rows are read with
    /// `clientBoundsSQL` between the two: every id of the pass is within them, so the rows kept
    /// are the same, and the other passes' rows (most of the table) are left in SQLite instead
    /// of each being looked up here (at 10M sessions, 3 passes each scanning the whole table
    /// made that look-up 11 % of `analyze`).
    static func byteBounds(_ ids: Set<String>) -> (String, String)? {
        var lo: String? = nil, hi: String? = nil
        for id in ids {
            if lo == nil || id.utf8.lexicographicallyPrecedes(lo!.utf8) { lo = id }
            if hi == nil || hi!.utf8.lexicographicallyPrecedes(id.utf8) { hi = id }
        }
        guard let lo, let hi else { return nil }
        return (lo, hi)
    }

    /// The range filter of a pass (`byteBounds`). `client_id` is TEXT in STRICT tables and
    /// compared with the BINARY collation; the unary `+` keeps SQLite from answering it through
    /// the client index, so the sessions still come in rowid order.
    static let clientBoundsSQL = "+client_id BETWEEN ? AND ?"

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
    /// only those of the clients in `only` when given (a pass). One connection: the sessions,
    /// then the rest (``ReliefDatabase/readPackedConcurrently`` reads the same on three at once).
    /// - Throws: `DatabaseError`, `StoreError.unreadableValue`.
    static func read(_ db: Database, cutoff: Day, only: Set<String>? = nil) throws -> PackedCohort {
        var reserve = 0
        // Two subqueries: SQLite reads a lone min() or max() from the b-tree's ends (both in one
        // SELECT would scan the table).
        if only == nil, let n = try Int.fetchOne(db, sql: "SELECT (SELECT max(rowid) FROM sessions) - (SELECT min(rowid) FROM sessions) + 1"), n > 0 {
            reserve = n
        }
        let sessions = try PackedSessions.read(db, cutoff: cutoff, only: only, rowids: nil, reserve: reserve)
        return assemble(sessions, rest: try PackedRest.read(db, cutoff: cutoff, only: only))
    }

    /// Runs `body`, a sequential scan, with a 1 MiB page cache. A scan reads each page once, so a
    /// small cache costs it nothing, and three connections scanning at once
    /// (``ReliefDatabase/readPackedConcurrently``) hold 3 MiB, not 3 × the reader's 16 MiB. The
    /// connection's cache size is restored after.
    static func scanning<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -16_384
        try db.execute(sql: "PRAGMA cache_size = -1024")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
        return try body()
    }

    /// The cohort from its sessions (one part, or parts appended in rowid order) and the rest:
    /// the check-ins numbered as the sessions' clients (those of clients without sessions here,
    /// or not admitted to the pass, left out), their sources after the sessions' texts.
    static func assemble(_ part: PackedSessions, rest: PackedRest) -> PackedCohort {
        var cohort = PackedCohort()
        cohort.sessions = part.sessions
        cohort.clientIDs = part.numbering.ids
        cohort.admitted = part.only == nil ? nil : part.admitted
        cohort.texts = part.texts + rest.texts
        cohort.lists = part.lists; cohort.noteScoreLists = part.noteScoreLists
        let admitted = part.admitted, offset = Int32(part.texts.count)
        let owners = rest.owners.map { bytes -> Int32 in
            guard let client = part.numbering.existing(bytes),
                  admitted.isEmpty || (client < admitted.count && admitted[client]) else { return -1 }
            return Int32(client)
        }
        var checkIns: [PackedCheckIn] = []
        checkIns.reserveCapacity(rest.checkIns.count)
        for var c in rest.checkIns where c.client >= 0 && owners[Int(c.client)] >= 0 {
            c.client = owners[Int(c.client)]
            if c.source >= 0 { c.source += offset }
            checkIns.append(c)
        }
        cohort.checkIns = checkIns
        cohort.appointments = rest.appointments
        cohort.clients = rest.clients
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

/// One read's share of a packed cohort: the sessions of a range of rowids (or all), in rowid
/// order, their clients numbered in first-seen order, their texts, lists and note scores in
/// tables of their own. Parts read on several connections are appended in rowid order
/// (``append(_:)``) into what one read of every row gives, up to the tables' order.
struct PackedSessions {
    var sessions: [PackedSession] = []
    let numbering = ClientNumbering()
    /// The pass's clients (nil: every client), and by client number whether each is one of them.
    let only: Set<String>?
    var admitted: [Bool] = []
    var texts: [String] = [], lists: [[String]] = [], noteScoreLists: [[NoteScore]] = []

    private static let kinds = SessionKind.allCases
    private static let pressures = Pressure.allCases

    /// Reads the sessions on or before `cutoff` whose rowid is in `rowids` (all when nil), only
    /// those of clients in `only` when given; room for `reserve` sessions is made at once
    /// (address space: pages that are never written take no memory).
    /// - Throws: `DatabaseError`, `StoreError.unreadableValue`.
    static func read(_ db: Database, cutoff: Day, only: Set<String>?, rowids: ClosedRange<Int64>?,
                     reserve: Int) throws -> PackedSessions {
        var part = PackedSessions(only: only)
        var sessions: [PackedSession] = []
        if reserve > 0 { sessions.reserveCapacity(min(reserve, 1 << 25)) }
        var admitted: [Bool] = []   // by client number
        var texts: [String] = [], lists: [[String]] = [], noteScoreLists: [[NoteScore]] = []
        // Every client id cached (a chain's 320,000 clients): past a cache's limit each row would
        // fall back to ClientNumbering's dictionary, a third of the 10M read's time.
        var textCache = TextCache<Int32>(), listCache = TextCache<Int32>(limit: 10_000)
        var clientCache = TextCache<Int32>(limit: 1 << 24)   // Int32: a 24-byte slot
        let numbering = part.numbering
        func small(_ stmt: SQLiteStatement, _ column: CInt) -> Int16 {
            sqlite3_column_type(stmt, column) == SQLITE_NULL ? -1 : Int16(truncatingIfNeeded: sqlite3_column_int64(stmt, column))
        }
        var request = SessionRow.all().through(cutoff)
        if let rowids {
            request = request.filter(sql: "rowid BETWEEN ? AND ?", arguments: [rowids.lowerBound, rowids.upperBound])
        }
        if let only, let (lo, hi) = PackedCohort.byteBounds(only) {
            request = request.filter(sql: PackedCohort.clientBoundsSQL, arguments: [lo, hi])
        }
        try PackedCohort.scanning(db) {
            try RowValues.forEachRow(request, in: db) { stmt in
                let client = clientCache.clientNumber(stmt, 1, numbering)
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
        }
        part.sessions = sessions
        part.admitted = admitted
        part.texts = texts; part.lists = lists; part.noteScoreLists = noteScoreLists
        return part
    }

    /// Appends the sessions of `next`, a part of the same pass read from the rowids after these:
    /// its clients not seen here are numbered after these in its first-seen order, and its texts,
    /// lists and note scores follow these (a text in both parts is kept twice: the same value).
    /// So the sessions, numbers and admissions are those one read of both ranges gives.
    mutating func append(_ next: PackedSessions) {
        let clients = next.numbering.ids.map { id -> Int32 in
            let before = numbering.ids.count
            let number = numbering.number(of: id)
            // A new client (in a pass, `admitted` has an entry for every client numbered).
            if number == before, let only { admitted.append(only.contains(id)) }
            return Int32(number)
        }
        let (t, l, n) = (Int32(texts.count), Int32(lists.count), Int32(noteScoreLists.count))
        sessions.reserveCapacity(sessions.count + next.sessions.count)
        for var s in next.sessions {
            s.client = clients[Int(s.client)]
            if s.therapist >= 0 { s.therapist += t }
            if s.site >= 0 { s.site += t }
            if s.techniques >= 0 { s.techniques += l }
            if s.regions >= 0 { s.regions += l }
            if s.noteScores >= 0 { s.noteScores += n }
            sessions.append(s)
        }
        texts += next.texts; lists += next.lists; noteScoreLists += next.noteScoreLists
    }
}

/// What a packed cohort reads besides the sessions: the check-ins up to the cut-off (in client,
/// then day order) with their clients numbered by their stored bytes in first-seen order and
/// their sources in a table of their own, the appointments and the clients; only those of the
/// clients in `only` when given (the check-ins are matched to the sessions' clients later,
/// ``PackedCohort/assemble(_:rest:)``).
struct PackedRest {
    var checkIns: [PackedCheckIn] = []
    /// Each check-in client's stored bytes, by its number here.
    var owners: [[UInt8]] = []
    var texts: [String] = []
    var appointments: [String: [Appointment]] = [:]
    var clients: [String: Client] = [:]

    /// - Throws: `DatabaseError`.
    static func read(_ db: Database, cutoff: Day, only: Set<String>?) throws -> PackedRest {
        var rest = PackedRest()
        var checkIns: [PackedCheckIn] = [], owners: [[UInt8]] = [], texts: [String] = []
        var ownerCache = TextCache<Int32>(limit: 1 << 24), textCache = TextCache<Int32>()
        func small(_ stmt: SQLiteStatement, _ column: CInt) -> Int16 {
            sqlite3_column_type(stmt, column) == SQLITE_NULL ? -1 : Int16(truncatingIfNeeded: sqlite3_column_int64(stmt, column))
        }
        // Check-ins as the cohort read gives them (CheckInReader's values), packed.
        try PackedCohort.scanning(db) {
            var checkInRequest = CheckInRow.all().through(cutoff).orderedByClientAndDay()
            var appointmentRequest = AppointmentRow.all().through(cutoff)
            var clientRequest = ClientRow.all()
            if let only, let (lo, hi) = PackedCohort.byteBounds(only) {
                // The check-ins' primary key and the appointments' order are by client first:
                // the same rows in the same order, from the pass's range only.
                checkInRequest = checkInRequest.filter(sql: "client_id BETWEEN ? AND ?", arguments: [lo, hi])
                appointmentRequest = appointmentRequest.filter(sql: PackedCohort.clientBoundsSQL, arguments: [lo, hi])
                clientRequest = clientRequest.filter(sql: "client_id BETWEEN ? AND ?", arguments: [lo, hi])
            }
            try RowValues.forEachRow(checkInRequest, in: db) { stmt in
                let client = ownerCache.value(stmt, 0) { owners.append(Array($0)); return Int32(owners.count - 1) } ?? -1
                let source = sqlite3_column_bytes(stmt, 2) == 0 ? -1
                    : textCache.value(stmt, 2) { texts.append(SessionReader.string($0)); return Int32(texts.count - 1) } ?? -1
                checkIns.append(PackedCheckIn(client: client, day: Int32(truncatingIfNeeded: sqlite3_column_int64(stmt, 1)),
                                              source: source, pain: small(stmt, 3), sleep: small(stmt, 4), mood: small(stmt, 5),
                                              stress: small(stmt, 6)))
            }
            rest.appointments = try db.appointmentsByClient(appointmentRequest.chronologicalByClient())
            if let only { rest.appointments = rest.appointments.filter { only.contains($0.key) } }
            let rows = try clientRequest.fetchCursor(db)
            while let row = try rows.next() {
                if only?.contains(row.client.id) ?? true { rest.clients[row.client.id] = row.client }
            }
        }
        rest.checkIns = checkIns; rest.owners = owners; rest.texts = texts
        return rest
    }
}
