import GRDB
import GRDBSQLite
import ReliefModel

/// The `sessions` table: one row per session, keyed by `session_id`.
///
/// A thin record around `ReliefModel.Session`, so GRDB types never leave ReliefStore.
/// Lists (`technique`, `regions`) are stored `;`-joined (`ListField`), NULL when empty;
/// `day` is `Day.ordinal`; `relief_days` is a number or the text `'ongoing'`.
///
/// Sessions are the one table that reaches a million rows, so they are bound and read
/// through the SQLite C API (`RowValues`, `SessionReader`) rather than GRDB's Row and
/// StatementArguments; the requests that select them are still GRDB requests.
enum SessionRow: TableRecord {
    static let databaseTableName = "sessions"

    enum Columns {
        static let sessionID = Column("session_id")
        static let clientID = Column("client_id")
        static let therapistID = Column("therapist_id")
        static let day = Column("day")
        static let minute = Column("minute")
        static let durationMinutes = Column("duration_min")
        static let kind = Column("kind")
        static let techniques = Column("technique")
        static let pressure = Column("pressure")
        static let regions = Column("regions")
        static let painBefore = Column("pain_before")
        static let painAfter = Column("pain_after")
        static let sleep = Column("sleep_quality")
        static let mood = Column("mood")
        static let stress = Column("stress")
        static let reliefDays = Column("relief_days")
        static let notes = Column("notes")

        /// Every column, in the order of `databaseSelection`, of the upsert's `?1…?17`,
        /// of `bind(_:into:)` and of `SessionReader`.
        static let all = [sessionID, clientID, therapistID, day, minute, durationMinutes, kind,
                          techniques, pressure, regions, painBefore, painAfter, sleep, mood, stress,
                          reliefDays, notes]
    }

    static var databaseSelection: [any SQLSelectable] { Columns.all }

    /// Sets the 17 values of `Columns.all` for `s`.
    static func bind(_ s: Session, into row: inout RowValues) {
        row.beginRow()
        row.set(0, s.id)
        row.set(1, s.clientID)
        row.set(2, s.therapistID)
        row.set(3, s.day.ordinal)
        row.set(4, s.minute)
        row.set(5, s.durationMinutes)
        row.set(6, s.kind.rawValue)
        row.set(7, list: s.techniques)
        row.set(8, s.pressure?.rawValue)
        row.set(9, list: s.regions)
        row.set(10, s.painBefore)
        row.set(11, s.painAfter)
        row.set(12, s.sleep)
        row.set(13, s.mood)
        row.set(14, s.stress)
        switch s.reliefDays {
        case nil: row.set(15, nil as Double?)
        case .ongoing?: row.set(15, "ongoing")
        case .days(let d)?: row.set(15, d)
        }
        row.set(16, s.notes)
    }
}

/// Reads sessions selected with `SessionRow.databaseSelection`, column by column.
///
/// Lists repeat a lot (a clinic uses a handful of technique combinations), so each distinct
/// stored list is split once and shared.
struct SessionReader {
    private var lists: [String: [String]] = [:]

    /// Runs `request` and calls `body` with each session.
    /// - Throws: `DatabaseError`, `StoreError.unreadableValue`, or what `body` throws.
    mutating func forEach(_ request: QueryInterfaceRequest<SessionRow>, in db: Database,
                          _ body: (Session) throws -> Void) throws {
        let statement = try request.makePreparedRequest(db).statement
        let stmt = statement.sqliteStatement
        defer { sqlite3_reset(stmt) }
        while true {
            let code = sqlite3_step(stmt)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw RowValues.error(code, db: db, sql: statement.sql) }
            try body(try session(stmt))
        }
    }

    private mutating func session(_ stmt: SQLiteStatement) throws -> Session {
        let kindText = Self.text(stmt, 6) ?? ""
        guard let kind = SessionKind(rawValue: kindText) else {
            throw StoreError.unreadableValue(table: "sessions", column: "kind", value: kindText)
        }
        var pressure: Pressure?
        if let text = Self.text(stmt, 8) {
            guard let p = Pressure(rawValue: text) else {
                throw StoreError.unreadableValue(table: "sessions", column: "pressure", value: text)
            }
            pressure = p
        }
        let reliefDays: ReliefDays?
        switch sqlite3_column_type(stmt, 15) {
        case SQLITE_NULL: reliefDays = nil
        case SQLITE_INTEGER, SQLITE_FLOAT: reliefDays = .days(sqlite3_column_double(stmt, 15))
        default:
            let text = Self.text(stmt, 15) ?? ""
            guard text == "ongoing" else {
                throw StoreError.unreadableValue(table: "sessions", column: "relief_days", value: text)
            }
            reliefDays = .ongoing
        }
        return Session(
            id: Self.text(stmt, 0) ?? "", clientID: Self.text(stmt, 1) ?? "", therapistID: Self.text(stmt, 2),
            day: Day(ordinal: Int(sqlite3_column_int64(stmt, 3))), minute: Self.int(stmt, 4),
            durationMinutes: Self.int(stmt, 5), kind: kind, techniques: list(stmt, 7), pressure: pressure,
            regions: list(stmt, 9), painBefore: sqlite3_column_double(stmt, 10), painAfter: Self.double(stmt, 11),
            sleep: Self.double(stmt, 12), mood: Self.double(stmt, 13), stress: Self.double(stmt, 14),
            reliefDays: reliefDays, notes: Self.text(stmt, 16))
    }

    private mutating func list(_ stmt: SQLiteStatement, _ column: CInt) -> [String] {
        guard let text = Self.text(stmt, column) else { return [] }
        if let cached = lists[text] { return cached }
        let items = ListField.split(text)
        if lists.count < 10_000 { lists[text] = items }
        return items
    }

    static func text(_ stmt: SQLiteStatement, _ column: CInt) -> String? {
        guard let bytes = sqlite3_column_text(stmt, column) else { return nil }
        let count = Int(sqlite3_column_bytes(stmt, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    static func int(_ stmt: SQLiteStatement, _ column: CInt) -> Int? {
        sqlite3_column_type(stmt, column) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(stmt, column))
    }

    static func double(_ stmt: SQLiteStatement, _ column: CInt) -> Double? {
        sqlite3_column_type(stmt, column) == SQLITE_NULL ? nil : sqlite3_column_double(stmt, column)
    }
}

extension DerivableRequest<SessionRow> {
    func filter(client id: String) -> Self { filter(SessionRow.Columns.clientID == id) }

    /// Sessions on or before `day`; all of them when `day` is nil.
    func through(_ day: Day?) -> Self {
        guard let day else { return self }
        return filter(SessionRow.Columns.day <= day.ordinal)
    }

    /// Sessions on a day of `period`.
    func within(_ period: Period) -> Self {
        filter((period.from.ordinal...period.to.ordinal).contains(SessionRow.Columns.day))
    }

    /// Client, day, minute, id: the order `ClientRecord` keeps (through the client index).
    func chronologicalByClient() -> Self {
        order(SessionRow.Columns.clientID, SessionRow.Columns.day, SessionRow.Columns.minute,
              SessionRow.Columns.sessionID)
    }

    /// Session-id order: the table's own order, a sequential scan.
    func orderedByID() -> Self { order(SessionRow.Columns.sessionID) }
}
