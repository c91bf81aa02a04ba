import Dispatch
import GRDB
import ReliefModel

/// What one read transaction gathers for a cohort: the sessions of a range of rows, each with
/// its client's number, and (when asked) every check-in and client up to the cut-off. A cohort
/// is read as one part, or as three parts read at once on three connections
/// (``ReliefDatabase/clientRecords(activeIn:through:notes:)``); ``records(_:)`` joins them into
/// the records a single read would give.
///
/// Sessions are decoded into one flat buffer and later moved (not copied) into their client's
/// array: no array per client grows during the scan, and no session is retained and released
/// on the way.
struct CohortPart {
    /// Client ids in first-seen order.
    var ids: [String] = []
    /// The sessions in row order, and the number (index in `ids`) of each one's client.
    var sessions = SessionBuffer()
    var owners: [Int32] = []
    /// Check-ins by client id (in day order), and clients by id.
    var checkIns: [String: [CheckIn]] = [:]
    var clients: [String: Client] = [:]
    /// Appointments by client id (read with the check-ins).
    var appointments: [String: [Appointment]] = [:]

    /// Reads, as asked, the sessions on or before `cutoff` whose rowid is in `rowids` (all of
    /// them when nil), the check-ins up to `cutoff` and the clients. `expected` sessions are
    /// made room for at once (the buffer grows past that).
    /// - Throws: `DatabaseError`, `StoreError.unreadableValue`.
    static func read(_ db: Database, cutoff: Day, sessions readSessions: Bool, rowids: ClosedRange<Int64>?,
                     expected: Int = 0, notes: Bool, checkIns: Bool, clients: Bool) throws -> CohortPart {
        var part = CohortPart()
        if readSessions { try part.readSessions(db, cutoff: cutoff, rowids: rowids, expected: expected, notes: notes) }
        if checkIns {
            var checkInReader = CheckInReader()
            try checkInReader.forEach(CheckInRow.all().through(cutoff).orderedByClientAndDay(), in: db) { c in
                part.checkIns[c.clientID, default: []].append(c)
            }
            part.appointments = try db.appointmentsByClient(AppointmentRow.all().through(cutoff).chronologicalByClient())
        }
        if clients {
            let rows = try ClientRow.fetchCursor(db)
            while let row = try rows.next() { part.clients[row.client.id] = row.client }
        }
        return part
    }

    private mutating func readSessions(_ db: Database, cutoff: Day, rowids: ClosedRange<Int64>?, expected: Int,
                                       notes: Bool) throws {
        var reader = SessionReader(notes: notes)
        var request = SessionRow.all().through(cutoff)
        if let rowids {
            request = request.filter(sql: "rowid BETWEEN ? AND ?", arguments: [rowids.lowerBound, rowids.upperBound])
        }
        let sessions = SessionBuffer(capacity: expected)
        self.sessions = sessions
        var owners: [Int32] = []
        owners.reserveCapacity(expected)
        try reader.forEachIndexed(request, in: db) { session, client in
            sessions.append(session)
            owners.append(Int32(client))
        }
        self.owners = owners
        ids = reader.clientIDs
    }

    /// The cohort's records, sorted by client id: every client with a session in some part, with
    /// its sessions from every part (in part order, then row order), its check-ins and its client
    /// row (a stub with the id alone when there is none). Records are built in parallel; the
    /// parts' sessions are moved into them, which leaves the parts' buffers empty. Pass each
    /// part once, and never a copy of one already passed: a copy shares the buffer, and its
    /// sessions would be moved out twice.
    static func records(_ parts: [CohortPart]) -> [ClientRecord] {
        // Number every client across parts; count each one's sessions.
        var number: [String: Int] = [:]
        var ids: [String] = []
        var counts: [Int] = []
        var checkIns: [String: [CheckIn]] = [:]
        var clients: [String: Client] = [:]
        var appointments: [String: [Appointment]] = [:]
        let global: [[Int]] = parts.map { part in
            let map = part.ids.map { id in
                if let n = number[id] { return n }
                number[id] = ids.count
                ids.append(id)
                counts.append(0)
                return ids.count - 1
            }
            for o in part.owners { counts[map[Int(o)]] += 1 }
            // Only one part reads these: take its dictionaries as they are, rehashing nothing.
            if checkIns.isEmpty { checkIns = part.checkIns } else { checkIns.merge(part.checkIns) { $0 + $1 } }
            if clients.isEmpty { clients = part.clients } else { clients.merge(part.clients) { a, _ in a } }
            if appointments.isEmpty { appointments = part.appointments } else { appointments.merge(part.appointments) { $0 + $1 } }
            return map
        }
        // Each client's sessions as positions (part, row) in one list, client after client.
        var start = [Int](repeating: 0, count: ids.count + 1)
        for n in ids.indices { start[n + 1] = start[n] + counts[n] }
        var next = Array(start.dropLast())
        var positions = [(part: Int32, row: Int32)](repeating: (0, 0), count: start[ids.count])
        for (p, part) in parts.enumerated() {
            for (row, o) in part.owners.enumerated() {
                let n = global[p][Int(o)]
                positions[next[n]] = (Int32(p), Int32(row))
                next[n] += 1
            }
        }
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        let buffers = parts.map(\.sessions)
        var out = [ClientRecord?](repeating: nil, count: order.count)
        let chunk = 256
        let (idList, clientRows, checkInLists, starts, from) = (ids, clients, checkIns, start, positions)
        let appointmentLists = appointments
        out.withUnsafeMutableBufferPointer { results in
            nonisolated(unsafe) let results = results
            DispatchQueue.concurrentPerform(iterations: (order.count + chunk - 1) / chunk) { c in
                for k in c * chunk..<min(order.count, (c + 1) * chunk) {
                    let n = order[k], id = idList[n], range = starts[n]..<starts[n + 1]
                    var sessions = [Session](unsafeUninitializedCapacity: range.count) { buffer, initialized in
                        for (i, at) in range.enumerated() {
                            (buffer.baseAddress! + i).initialize(to: buffers[Int(from[at].part)].take(Int(from[at].row)))
                        }
                        initialized = range.count
                    }
                    // ClientRecord's own order (day, minute, id; ids are unique), sorted in place: its
                    // initialiser would sort a copy.
                    sessions.sort { ($0.day, $0.minute ?? -1, $0.id) < ($1.day, $1.minute ?? -1, $1.id) }
                    var record = ClientRecord(client: clientRows[id] ?? Client(id: id), sessions: [],
                                              checkIns: checkInLists[id] ?? [], appointments: appointmentLists[id] ?? [])
                    record.sessions = sessions
                    results[k] = record
                }
            }
        }
        for b in buffers { b.emptied() }
        return out.map { $0! }
    }
}

/// A growable buffer of sessions whose elements are moved out one by one (``take(_:)``), each
/// exactly once, by concurrent workers; then ``emptied()`` frees it without touching them.
/// Until then (an error in the middle of a read) it frees what it holds.
final class SessionBuffer: @unchecked Sendable {
    private var base: UnsafeMutablePointer<Session>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 0) {
        self.capacity = max(1024, capacity)
        base = UnsafeMutablePointer<Session>.allocate(capacity: self.capacity)
    }

    func append(_ s: consuming Session) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Session>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: s)
        count += 1
    }

    /// Moves session `i` out; it must not be read or taken again.
    func take(_ i: Int) -> Session { (base + i).move() }

    /// Forgets the sessions, all of them taken.
    func emptied() { count = 0 }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
