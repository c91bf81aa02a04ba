import GRDB
import GRDBSQLite
import ReliefModel

extension ReliefDatabase {
    /// Each client's first value of each measure on or before `through`, from one scan of the
    /// sessions that keeps, per client and measure, the earliest (day, minute or -1, session id)
    /// seen: four integers a client and measure, a session id only when it is the earliest so
    /// far (rows arrive in import order, mostly by date: rarely replaced). Building a `Session`
    /// per row instead, as the generic `forEachFirstScore` does, made one client's report at ten
    /// million sessions cost 30 s and 1.2 GB (then with the file's pages mapped): the pages are
    /// read through a small page cache here, as the cohort read's are (`PackedCohort.scanning`).
    ///
    /// Ties of day and minute are broken by the session id in Swift's order, as
    /// `BaselineScores` breaks them; ids are told apart by their bytes, as SQLite does.
    /// - Throws: `StoreError`, or what `body` throws.
    public func forEachFirstScore(through: Day, _ body: (FirstScore) throws -> Void) throws {
        let measures: [(Measure, CInt)] = [(.pain, 4), (.sleep, 5), (.mood, 6), (.stress, 7)]
        try read("reading the baseline scores up to \(through.iso)") { db in try PackedCohort.scanning(db) {
            // By client number × 4 measures: the earliest session's day (Int32.max: none yet),
            // minute, id and score in tenths.
            var days: [Int32] = [], minutes: [Int32] = [], tenths: [Int16] = [], ids: [String] = []
            var clientCache = TextCache<Int32>(limit: 1 << 24)   // Int32: a 24-byte slot
            let numbering = ClientNumbering()
            // Cached: the connection keeps the statement alive while its raw pointer is stepped.
            let statement = try db.cachedStatement(sql: """
                SELECT client_id, day, minute, session_id, pain_before_tenths, sleep_quality_tenths, mood_tenths,
                       stress_tenths FROM sessions WHERE day <= ?
                """)
            statement.arguments = [through.ordinal]
            let stmt = statement.sqliteStatement
            defer { sqlite3_reset(stmt) }
            while true {
                let code = sqlite3_step(stmt)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else { throw RowValues.error(code, db: db, statement: stmt) }
                let client = clientCache.clientNumber(stmt, 0, numbering)
                while days.count < (client + 1) * 4 {
                    days.append(.max); minutes.append(0); tenths.append(0); ids.append("")
                }
                let day = Int32(truncatingIfNeeded: sqlite3_column_int64(stmt, 1))
                let minute = sqlite3_column_type(stmt, 2) == SQLITE_NULL ? -1 : Int32(truncatingIfNeeded: sqlite3_column_int64(stmt, 2))
                var id: String?
                for (m, (_, column)) in measures.enumerated() where sqlite3_column_type(stmt, column) != SQLITE_NULL {
                    let k = client * 4 + m
                    let earlier: Bool
                    if days[k] == .max || (day, minute) < (days[k], minutes[k]) {
                        earlier = true
                    } else if (day, minute) == (days[k], minutes[k]) {
                        if id == nil { id = SessionReader.text(stmt, 3) ?? "" }
                        earlier = id! < ids[k]
                    } else {
                        earlier = false
                    }
                    guard earlier else { continue }
                    if id == nil { id = SessionReader.text(stmt, 3) ?? "" }
                    days[k] = day; minutes[k] = minute; ids[k] = id!
                    tenths[k] = Int16(truncatingIfNeeded: sqlite3_column_int64(stmt, column))
                }
            }
            for (client, clientID) in numbering.ids.enumerated() {
                for (m, (measure, _)) in measures.enumerated() where days[client * 4 + m] != .max {
                    let k = client * 4 + m
                    try body(FirstScore(client: clientID, measure: measure, day: Day(ordinal: Int(days[k])), minute: Int(minutes[k]),
                                        sessionID: ids[k], value: Tenths.decode(Int(tenths[k]))))
                }
            }
        } }
    }
}
