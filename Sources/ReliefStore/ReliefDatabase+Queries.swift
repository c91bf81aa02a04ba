import Foundation
import GRDB
import ReliefModel

extension ReliefDatabase {
    /// One client with every session and check-in on or before `through` (all of them when nil).
    ///
    /// ```swift
    /// let record = try db.clientRecord(id: "C-17", through: Month(iso: "2026-03")!.last)
    /// record?.sessions.first?.painBefore   // the baseline
    /// ```
    /// - Returns: nil when the store has no client with that id (a stub is returned, with an id only).
    /// - Throws: `StoreError`.
    public func clientRecord(id: String, through: Day? = nil) throws -> ClientRecord? {
        try read("reading client \(id)") { db in
            guard let row = try ClientRow.filter(key: id).fetchOne(db) else { return nil as ClientRecord? }
            var sessions: [Session] = []
            var reader = SessionReader()
            try reader.forEach(SessionRow.all().filter(client: id).through(through).chronologicalByClient(), in: db) {
                sessions.append($0)
            }
            let checkIns = try CheckInRow.all().filter(client: id).through(through).orderedByClientAndDay()
                .fetchAll(db).map(\.checkIn)
            let appointments = try AppointmentRow.all().filter(client: id).through(through).chronologicalByClient()
                .fetchAll(db).map(\.appointment)
            return ClientRecord(client: row.client, sessions: sessions, checkIns: checkIns, appointments: appointments)
        }
    }

    /// Several clients' records, each with every session and check-in up to `through`, in the
    /// order of `ids` (unknown ids are left out).
    ///
    /// One query serves the whole batch, through the client index (`sessions_by_client`, docs/store.md,
    /// "Speed"), where `clientRecord(id:)` per client would make one query each.
    /// `relief report month` renders in batches of a few hundred clients with it, so memory
    /// stays bounded by the batch, not the clinic.
    ///
    /// ```swift
    /// let records = try db.clientRecords(ids: ["C-17", "C-18"], through: month.last)
    /// ```
    /// - Complexity: an index search per client in sessions (SQLite's plan for the IN list) and
    ///   one pass over check-ins.
    /// - Throws: `StoreError`.
    public func clientRecords(ids: [String], through: Day? = nil) throws -> [ClientRecord] {
        guard !ids.isEmpty else { return [] }
        return try read("reading \(ids.count) clients") { db in
            var sessions: [String: [Session]] = [:]
            var reader = SessionReader()
            try reader.forEach(SessionRow.all().filter(clients: ids).through(through), in: db) {
                sessions[$0.clientID, default: []].append($0)
            }
            var checkIns: [String: [CheckIn]] = [:]
            let cursor = try CheckInRow.all().filter(clients: ids).through(through).orderedByClientAndDay().fetchCursor(db)
            while let row = try cursor.next() { checkIns[row.checkIn.clientID, default: []].append(row.checkIn) }
            let appointments = try db.appointmentsByClient(AppointmentRow.all().filter(clients: ids).through(through))
            var clients: [String: Client] = [:]
            for row in try ClientRow.filter(keys: ids).fetchAll(db) { clients[row.client.id] = row.client }
            return ids.compactMap { id in
                clients[id].map { ClientRecord(client: $0, sessions: sessions[id] ?? [], checkIns: checkIns[id] ?? [],
                                               appointments: appointments[id] ?? []) }
            }
        }
    }

    /// The cohort of a period: every client with at least one session on or before its end,
    /// each with the full history up to then.
    ///
    /// Analytics needs the whole history, not only the period: baselines are the first
    /// session ever, and a client with no session in the period may be a lapsed one. Use
    /// `clientIDs(withSessionsIn:)` for the clients seen in the period itself.
    ///
    /// One sequential scan of the sessions table, one of the check-ins and one of the
    /// clients, grouped in memory: no query per client. From a database file three read
    /// transactions run at once on three connections: the two halves of the sessions table (by
    /// rowid), and the check-ins with the clients (three jobs of similar size keep two cores
    /// busy to the end); the records are then built in parallel. The transactions must see the
    /// same commit: the writer connection's `PRAGMA data_version` is read before the first
    /// starts and after all have, while this process's writes wait, and if another process
    /// committed in between the cohort is read again on one connection. Either way the records
    /// are those of one snapshot.
    ///
    /// - Parameters:
    ///   - period: the report's period; the cohort is cut at `period.to`.
    ///   - through: an earlier cut-off for the records, if any (the earlier of the two applies).
    ///   - notes: false to leave every session's `notes` nil (the cohort analysis never reads
    ///     them; a note is a String per session in memory).
    /// - Returns: records sorted by client id.
    /// - Complexity: O(sessions + check-ins + clients) rows read, in one snapshot.
    /// - Throws: `StoreError`.
    public func clientRecords(activeIn period: Period, through: Day? = nil, notes: Bool = true) throws -> [ClientRecord] {
        let cutoff = through.map { min($0, period.to) } ?? period.to
        let operation = "reading the cohort of \(period.from.iso)…\(period.to.iso)"
        if let parts = try readConcurrently(cutoff: cutoff, notes: notes, operation: operation) {
            return CohortPart.records(parts)
        }
        let part = try read(operation) { db in
            try CohortPart.read(db, cutoff: cutoff, sessions: true, rowids: nil, notes: notes, checkIns: true, clients: true)
        }
        return CohortPart.records([part])
    }

    /// The cohort up to `cutoff` (every client with a session on or before it, each with the
    /// whole history up to then, as `clientRecords(activeIn:through:notes:)` reads it, without
    /// notes), `batchSize` clients at a time, sorted by client id, from one snapshot.
    ///
    /// One read transaction scans the sessions into packed rows (72 bytes each, texts shared:
    /// `PackedCohort`), with the check-ins, appointments and clients; then each batch's records
    /// are built (in parallel), passed to `body` and dropped before the next. So a cohort
    /// analysis holds one batch of `Session` values, not the clinic's. Over 4M sessions the
    /// tables are scanned once per ~4M (ranges of client ids), all in one transaction.
    /// `body` must not use the store (it may run inside the read transaction).
    ///
    /// ```swift
    /// try db.forEachClientRecordBatch(through: month.last, batchSize: 2048) { records in … }
    /// ```
    /// - Complexity: O(sessions + check-ins + clients) rows read; memory 72 bytes a session
    ///   plus one batch.
    /// - Throws: `StoreError`, or what `body` throws (which stops the batches).
    public func forEachClientRecordBatch(through cutoff: Day, batchSize: Int,
                                         _ body: ([ClientRecord]) throws -> Void) throws {
        try forEachClientRecordBatch(through: cutoff, batchSize: batchSize, sessionsPerPass: PackedCohort.sessionsPerPass, body)
    }

    /// `forEachClientRecordBatch` with the sessions per pass given (tests: several passes on a small
    /// store), and `concurrent: false` to read on one connection only (tests: the reference).
    func forEachClientRecordBatch(through cutoff: Day, batchSize: Int, sessionsPerPass: Int, concurrent: Bool = true,
                                  _ body: ([ClientRecord]) throws -> Void) throws {
        let operation = "reading the cohort up to \(cutoff.iso)"
        if concurrent, let cohort = try readPackedConcurrently(cutoff: cutoff, sessionsPerPass: sessionsPerPass,
                                                               operation: operation) {
            try cohort.forEachBatch(size: batchSize, body)
            return
        }
        if concurrent, try readPassesConcurrently(cutoff: cutoff, sessionsPerPass: sessionsPerPass, batchSize: batchSize,
                                                  operation: operation, body) {
            return
        }
        // One pass: read, end the transaction, then the batches. Several (over 4M sessions):
        // each pass's batches inside the one transaction, so that every pass sees one snapshot.
        let single: PackedCohort? = try read(operation) { db in
            guard let passes = try PackedCohort.passes(db, sessionsPerPass: sessionsPerPass) else { return try PackedCohort.read(db, cutoff: cutoff) }
            for only in passes { try PackedCohort.read(db, cutoff: cutoff, only: only).forEachBatch(size: batchSize, body) }
            return nil
        }
        try single?.forEachBatch(size: batchSize, body)
    }

    /// The cohort as three parts read at once on three connections (two halves of the sessions
    /// table; the check-ins and clients); nil for a database in memory (one connection), when the
    /// table is small (under 10,000 rowids: one read is as quick) or when another process
    /// committed while the read transactions were starting (they may see different commits).
    func readConcurrently(cutoff: Day, notes: Bool, operation: String) throws -> [CohortPart]? {
        try readAtOnce(operation: operation) { writerDB -> [@Sendable (Database) throws -> CohortPart]? in
            guard let (lo, span) = try Self.sessionRowids(writerDB), span >= 10_000 else { return nil }
            // Any rowid split covers every row (the halves are closed ranges down to Int64.min
            // and up to Int64.max); the snapshot decides which rows exist.
            let mid = lo + span / 2 + 1
            // Room for every rowid of a half at once (rowids are dense unless rows were deleted).
            let (first, second) = (Int(min(span / 2 + 1, 1 << 23)), Int(min(span - span / 2, 1 << 23)))
            return [
                { db in try CohortPart.read(db, cutoff: cutoff, sessions: true, rowids: Int64.min...(mid - 1), expected: first,
                                            notes: notes, checkIns: false, clients: false) },
                { db in try CohortPart.read(db, cutoff: cutoff, sessions: true, rowids: mid...Int64.max, expected: second,
                                            notes: notes, checkIns: false, clients: false) },
                { db in try CohortPart.read(db, cutoff: cutoff, sessions: false, rowids: nil, notes: notes, checkIns: true,
                                            clients: true) },
            ]
        }
    }

    /// The packed cohort up to `cutoff` read as `PackedCohort.read` reads it in one pass, but on
    /// three connections at once (the two halves of the sessions table by rowid; the check-ins,
    /// appointments and clients), then joined: the second half's clients numbered after the
    /// first's, its texts after the first's. The same cohort as one read: the sessions in rowid
    /// order, every number and text the same up to the tables' order. nil, to read on one
    /// connection, for a database in memory, a table under 10,000 rowids, one read in several
    /// passes (`sessionsPerPass`), or when another process committed while the transactions
    /// were starting.
    func readPackedConcurrently(cutoff: Day, sessionsPerPass: Int, operation: String) throws -> PackedCohort? {
        var parts = try readAtOnce(operation: operation) { writerDB -> [@Sendable (Database) throws -> PackedPart]? in
            guard let (lo, span) = try Self.sessionRowids(writerDB), span >= 10_000, span < Int64(sessionsPerPass)
            else { return nil }
            let mid = lo + span / 2 + 1
            // The first half makes room for both (the second is appended to it); address space
            // only until written.
            let (whole, second) = (Int(span + 1), Int(span - span / 2))
            return [
                { db in .sessions(try PackedSessions.read(db, cutoff: cutoff, only: nil, rowids: Int64.min...(mid - 1),
                                                          reserve: whole)) },
                { db in .sessions(try PackedSessions.read(db, cutoff: cutoff, only: nil, rowids: mid...Int64.max,
                                                          reserve: second)) },
                { db in .rest(try PackedRest.read(db, cutoff: cutoff, only: nil)) },
            ]
        } ?? []
        guard parts.count == 3, case .sessions(var sessions) = parts[0], case .sessions(let second) = parts[1],
              case .rest(let rest) = parts[2] else { return nil }
        parts = []   // the first half's buffer referenced once, so appended to in place
        sessions.append(second)
        return PackedCohort.assemble(sessions, rest: rest)
    }

    /// One of `readPackedConcurrently`'s reads.
    enum PackedPart {
        case sessions(PackedSessions)
        case rest(PackedRest)
    }

    /// The cohort in passes (`PackedCohort.passes`: over `sessionsPerPass` sessions), each pass
    /// read as `readPackedConcurrently` reads one, on three connections at once (the two halves
    /// of the sessions table by rowid; the check-ins, appointments and clients), then joined and
    /// given to `body` in batches on the calling thread, outside any write. The three
    /// connections keep their read transactions from the first pass to the last, all of one
    /// commit, so every pass sees the same snapshot, as the one-connection read's single
    /// transaction does. A pass is read only once the batches of the one before have been
    /// given: one pass in memory, as on one connection.
    /// - Returns: false, having read nothing and called `body` never, when the cohort is read on
    ///   one connection instead: a database in memory, a table under 10,000 rowids, one pass,
    ///   or another process committed while the transactions were starting.
    func readPassesConcurrently(cutoff: Day, sessionsPerPass: Int, batchSize: Int, operation: String,
                                _ body: ([ClientRecord]) throws -> Void) throws -> Bool {
        // Typed apart, so that each part comes out of its handoff as the only reference to its
        // buffers (the first half's then takes the second's sessions in place).
        let (first, second, rest) = (PassHandoff<PackedSessions>(), PassHandoff<PackedSessions>(), PassHandoff<PackedRest>())
        let stopAll = { first.cancel(); second.cancel(); rest.cancel() }
        var passCount = 0, given = 0
        let read: [Void]? = try readAtOnce(operation: operation, { writerDB -> [@Sendable (Database) throws -> Void]? in
            guard let (lo, span) = try Self.sessionRowids(writerDB), span >= 10_000,
                  let passes = try PackedCohort.passes(writerDB, sessionsPerPass: sessionsPerPass) else { return nil }
            passCount = passes.count
            let mid = lo + span / 2 + 1
            // Room for a pass's sessions and for a half's, with a margin: the passes are even in
            // clients, not sessions (address space only until written).
            let perPass = Int(span + 1) / passes.count
            let (whole, half) = (perPass + perPass / 2, perPass / 2 + perPass / 4)
            return [
                { db in
                    for only in passes {
                        first.put(Result { try PackedSessions.read(db, cutoff: cutoff, only: only,
                                                                   rowids: Int64.min...(mid - 1), reserve: whole) })
                        guard first.mayGoOn() else { return }
                    }
                },
                { db in
                    for only in passes {
                        second.put(Result { try PackedSessions.read(db, cutoff: cutoff, only: only,
                                                                    rowids: mid...Int64.max, reserve: half) })
                        guard second.mayGoOn() else { return }
                    }
                },
                { db in
                    for only in passes {
                        rest.put(Result { try PackedRest.read(db, cutoff: cutoff, only: only) })
                        guard rest.mayGoOn() else { return }
                    }
                },
            ]
        }, ended: { job in
            switch job {
            case 0: first.close()
            case 1: second.close()
            default: rest.close()
            }
        }, alongside: { sameCommit in
            // However this ends, no reader is left waiting for a pass to be taken.
            defer { stopAll() }
            guard sameCommit else { return }
            while given < passCount {
                // false: a reader ended without its part; its error is thrown below.
                guard try Self.givePass(first, second, rest, batchSize: batchSize, body) else { return }
                given += 1
                first.next(); second.next(); rest.next()
            }
        }, release: stopAll)
        guard read != nil else { return false }
        guard given == passCount else {
            throw StoreError.database(operation: operation, path: path, underlying: StoreFailure(
                DatabaseError(resultCode: .SQLITE_ERROR, message: "a reading connection ended before the last pass")))
        }
        return true
    }

    /// Takes one pass's three parts, joins them into its cohort and gives its batches to `body`;
    /// false when a reader ended without its part. The pass is dropped on return, before the
    /// readers go on to the next.
    private static func givePass(_ first: PassHandoff<PackedSessions>, _ second: PassHandoff<PackedSessions>,
                                 _ rest: PassHandoff<PackedRest>, batchSize: Int,
                                 _ body: ([ClientRecord]) throws -> Void) throws -> Bool {
        guard var sessions = try first.take(), let next = try second.take(), let others = try rest.take() else { return false }
        sessions.append(consume next)
        try PackedCohort.assemble(consume sessions, rest: consume others).forEachBatch(size: batchSize, body)
        return true
    }

    /// The sessions table's lowest rowid and the span to its highest; nil when it is empty or the
    /// span overflows.
    private static func sessionRowids(_ db: Database) throws -> (lo: Int64, span: Int64)? {
        // Two subqueries: SQLite reads a lone min() or max() of the rowid from the b-tree's
        // ends, but scans the table for both in one SELECT.
        let sql = "SELECT (SELECT min(rowid) FROM sessions), (SELECT max(rowid) FROM sessions)"
        guard let bounds = try Row.fetchOne(db, sql: sql), let lo = bounds[0] as Int64?, let hi = bounds[1] as Int64?,
              case let (span, overflow) = hi.subtractingReportingOverflow(lo), !overflow else { return nil }
        return (lo, span)
    }

    /// Runs the jobs `plan` gives at once, each in a read transaction on a connection of its own,
    /// all of the same commit. `plan` runs first on the writer connection, while this process's
    /// writes wait; `PRAGMA data_version` is read before `plan` and after every transaction has
    /// started, and if another process committed in between the results are dropped (so what
    /// `plan` read is of that commit too).
    /// - Parameters:
    ///   - ended: called on each job's thread as it ends, with the job's index, however it ends.
    ///   - alongside: run on the calling thread once every transaction has started and this
    ///     process's writes go on, while the jobs run, with whether they read one commit; it must
    ///     see to it that no job waits on it when it returns or throws.
    ///   - release: run instead when something throws before `alongside` could run, so that no
    ///     job waits on it.
    /// - Returns: the jobs' results in order; nil for a database in memory (one connection), when
    ///   `plan` gives nil, or when another process committed (read again on one connection).
    /// - Throws: `StoreError`, wrapping what a job threw (the first job's error first), or what
    ///   `alongside` threw.
    private func readAtOnce<T>(operation: String,
                               _ plan: (Database) throws -> [@Sendable (Database) throws -> T]?,
                               ended: (@Sendable (Int) -> Void)? = nil,
                               alongside: (_ sameCommit: Bool) throws -> Void = { _ in },
                               release: () -> Void = {}) throws -> [T]? {
        guard let pool = writer as? DatabasePool else { return nil }
        do {
            let started = DispatchSemaphore(value: 0)
            let finished = DispatchGroup()
            defer { finished.wait() }   // no read outlives this call, even when something throws
            // Jobs that wait on `alongside` are released when it does not run (something threw
            // before it): run before the wait above.
            var handedOver = false
            defer { if !handedOver { release() } }
            var results: [JobResult<T>] = []
            let outcome = try pool.writeWithoutTransaction { writerDB -> Bool? in
                let before = try Int.fetchOne(writerDB, sql: "PRAGMA data_version")
                guard let jobs = try plan(writerDB) else { return nil }
                // One box per job: each thread writes only its own (no two threads modify one array).
                let boxes = jobs.map { _ in JobResult<T>() }
                results = boxes
                for (index, (job, box)) in zip(jobs, boxes).enumerated() {
                    // A thread each: Dispatch's pool runs only as many long jobs as there are cores.
                    finished.enter()
                    OwnThread.start {
                        defer { ended?(index); finished.leave() }
                        var signalled = false
                        let result = Result {
                            try pool.read { db in
                                // The read transaction's snapshot is taken by its first read.
                                _ = try Int.fetchOne(db, sql: "SELECT 1 FROM sessions LIMIT 1")
                                started.signal(); signalled = true
                                return try job(db)
                            }
                        }
                        if !signalled { started.signal() }
                        box.value = result
                    }
                }
                for _ in jobs { started.wait() }
                return try Int.fetchOne(writerDB, sql: "PRAGMA data_version") == before
            }
            guard let sameCommit = outcome else { return nil }
            handedOver = true
            try alongside(sameCommit)
            finished.wait()   // (the deferred wait then returns at once)
            guard sameCommit else { return nil }   // read again on one connection, whatever these did
            // Each value taken out of its box, so the caller holds the only reference to it.
            return try results.map { try $0.take().get() }
        } catch {
            throw StoreError.wrap(error, operation: operation, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Ids of the clients with at least one session in `period`, sorted.
    /// - Throws: `StoreError`.
    public func clientIDs(withSessionsIn period: Period) throws -> [String] {
        try read("listing the clients of \(period.from.iso)…\(period.to.iso)") { db in
            try SessionRow.all().within(period)
                .select(SessionRow.Columns.clientID, as: String.self).distinct()
                .order(SessionRow.Columns.clientID)
                .fetchAll(db)
        }
    }

    /// Every therapist, stubs included (a stub has no name), sorted by id.
    /// - Throws: `StoreError`.
    public func therapists() throws -> [Therapist] {
        try read("listing therapists") { db in
            try TherapistRow.all().orderedByID().fetchAll(db).map(\.therapist)
        }
    }

    /// Every client, stubs included, sorted by id.
    /// - Throws: `StoreError`.
    public func clients() throws -> [Client] {
        try read("listing clients") { db in
            try ClientRow.all().orderedByID().fetchAll(db).map(\.client)
        }
    }

    /// Ids of the clients known only from their sessions or check-ins (stubs), sorted.
    /// - Throws: `StoreError`.
    public func stubClientIDs() throws -> [String] {
        try read("listing stub clients") { db in
            try String.fetchAll(db, ClientRow.all().filter(ClientRow.Columns.stub == 1)
                .select(ClientRow.Columns.clientID).orderedByID())
        }
    }

    /// Ids of the therapists known only from the records that named them (stubs), sorted.
    /// - Throws: `StoreError`.
    public func stubTherapistIDs() throws -> [String] {
        try read("listing stub therapists") { db in
            try String.fetchAll(db, TherapistRow.all().filter(TherapistRow.Columns.stub == 1)
                .select(TherapistRow.Columns.therapistID).orderedByID())
        }
    }

    /// The latest imports, newest first.
    /// - Throws: `StoreError`.
    public func lastImports(limit: Int) throws -> [ImportLogEntry] {
        try read("reading the import log") { db in
            try ImportRow.all().latestFirst().limit(limit).fetchAll(db).map(\.entry)
        }
    }

    /// The most recent import of each file on or before `cutoff`, newest first: what a report
    /// for a period ending at `cutoff` says about data quality, whatever was imported later.
    /// - Throws: `StoreError`.
    public func latestImportPerFile(through cutoff: Day) throws -> [ImportLogEntry] {
        try read("reading the import log") { db in
            let rows = try ImportRow.all().filter(ImportRow.Columns.importedOn <= cutoff.ordinal)
                .latestFirst().fetchAll(db)
            var seen = Set<String>()
            return rows.map(\.entry).filter { seen.insert($0.file).inserted }
        }
    }

    /// Calls `body` with each session, reading them one at a time from one snapshot:
    /// export a million sessions without holding them in memory.
    ///
    /// All sessions come in session-id order (through the key's index); one client's
    /// sessions in chronological order.
    ///
    /// ```swift
    /// try db.forEachSession(client: "C-17") { session in try csv.write(session) }
    /// ```
    /// - Parameters:
    ///   - client: only this client's sessions, when given.
    ///   - through: only sessions on or before this day, when given.
    /// - Throws: `StoreError`, or what `body` throws (which stops the scan).
    public func forEachSession(client: String? = nil, through: Day? = nil,
                               _ body: (Session) throws -> Void) throws {
        try read("exporting sessions") { db in
            var reader = SessionReader()
            if let client {
                try reader.forEach(SessionRow.all().filter(client: client).through(through).chronologicalByClient(),
                                   in: db, body)
            } else {
                try reader.forEach(SessionRow.all().through(through).orderedByID(), in: db, body)
            }
        }
    }

    /// Calls `body` with each check-in, in client then day order, from one snapshot.
    /// - Throws: `StoreError`, or what `body` throws.
    public func forEachCheckIn(client: String? = nil, through: Day? = nil,
                               _ body: (CheckIn) throws -> Void) throws {
        try read("exporting check-ins") { db in
            var request = CheckInRow.all().through(through).orderedByClientAndDay()
            if let client { request = request.filter(client: client) }
            let cursor = try request.fetchCursor(db)
            while let row = try cursor.next() { try body(row.checkIn) }
        }
    }

    /// Calls `body` with each appointment, in client then day order, from one snapshot.
    /// - Throws: `StoreError`, or what `body` throws.
    public func forEachAppointment(client: String? = nil, through: Day? = nil,
                                   _ body: (Appointment) throws -> Void) throws {
        try read("exporting appointments") { db in
            var request = AppointmentRow.all().through(through).chronologicalByClient()
            if let client { request = request.filter(client: client) }
            let cursor = try request.fetchCursor(db)
            while let row = try cursor.next() { try body(row.appointment) }
        }
    }

    /// Every site a session named or the chain named, sorted by id (byte order).
    /// - Throws: `StoreError`.
    public func sites() throws -> [Site] {
        try read("listing sites") { db in
            try Row.fetchAll(db, sql: "SELECT site_id, name FROM sites ORDER BY site_id").map {
                Site(id: $0["site_id"], name: $0["name"])
            }
        }
    }

    /// Gives a site its clinic name (nil clears it), adding the site if no session named it yet.
    /// - Throws: `StoreError`.
    public func setSiteName(_ id: String, to name: String?) throws {
        try write("naming site \(id)") { db in
            try db.execute(sql: "INSERT INTO sites (site_id, name) VALUES (?, ?) ON CONFLICT(site_id) DO UPDATE SET name = excluded.name",
                           arguments: [id, name])
        }
    }

    /// A clinic setting, or nil when none is stored.
    /// - Throws: `StoreError`.
    public func setting(_ key: StoreSetting) throws -> String? {
        try read("reading the \(key.rawValue) setting") { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key.rawValue])
        }
    }

    /// Stores a clinic setting (replacing the one stored).
    /// - Throws: `StoreError`.
    public func setSetting(_ key: StoreSetting, to value: String) throws {
        try write("storing the \(key.rawValue) setting") { db in
            try db.execute(sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key.rawValue, value])
        }
    }

    /// How many rows each table holds.
    /// - Throws: `StoreError`.
    public func counts() throws -> StoreCounts {
        try read("counting records") { db in
            StoreCounts(
                clients: try ClientRow.fetchCount(db),
                stubClients: try ClientRow.filter(ClientRow.Columns.stub == 1).fetchCount(db),
                therapists: try TherapistRow.fetchCount(db),
                stubTherapists: try TherapistRow.filter(TherapistRow.Columns.stub == 1).fetchCount(db),
                sessions: try SessionRow.fetchCount(db),
                checkIns: try CheckInRow.fetchCount(db),
                appointments: try AppointmentRow.fetchCount(db),
                imports: try ImportRow.fetchCount(db))
        }
    }
}

/// One reading job's parts, handed to the calling thread one pass at a time
/// (`readPassesConcurrently`): the job puts a part, then waits until it has been taken and the
/// pass's batches given (`next`), or the read is given up (`cancel`); `close` marks the job's end.
private final class PassHandoff<T>: @unchecked Sendable {
    private let lock = NSLock()
    private let ready = DispatchSemaphore(value: 0)     // a part is in the slot, or the job ended
    private let proceed = DispatchSemaphore(value: 0)   // go on to the next pass, or stop
    private var slot: Result<T, any Error>?
    private var closed = false, cancelled = false

    /// The job's part of a pass. Not waiting here: the job's own reference to the part ends with
    /// this call, so the part taken is the only one (and appended to in place).
    func put(_ part: Result<T, any Error>) {
        lock.withLock { slot = part }
        ready.signal()
    }

    /// Waits for the go-ahead after `put`; whether to read the next pass.
    func mayGoOn() -> Bool {
        proceed.wait()
        return lock.withLock { !cancelled }
    }

    /// The job has ended (its thread's last act): a `take` waiting for a part it will not put
    /// returns nil.
    func close() {
        lock.withLock { closed = true }
        ready.signal()
    }

    /// The next part, waiting for it; nil when the job ended without one.
    /// - Throws: what the job threw reading it.
    func take() throws -> T? {
        while true {
            ready.wait()
            let (part, ended) = lock.withLock { () -> (Result<T, any Error>?, Bool) in
                defer { slot = nil }
                return (slot, closed)
            }
            if let part { return try part.get() }
            if ended { return nil }
        }
    }

    /// The pass's batches are given: read the next.
    func next() { proceed.signal() }

    /// Stop: the job returns at its next `mayGoOn` (or now, if it waits in one).
    func cancel() {
        lock.withLock { cancelled = true }
        proceed.signal()
    }
}

/// One concurrent read's outcome, written by its own thread only and read (taken) after all
/// threads have finished (`DispatchGroup.wait` orders the memory).
private final class JobResult<T>: @unchecked Sendable {
    var value: Result<T, any Error>?

    /// The outcome, leaving the box empty.
    func take() -> Result<T, any Error> {
        defer { value = nil }
        return value!
    }
}
