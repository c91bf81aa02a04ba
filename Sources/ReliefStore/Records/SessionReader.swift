import GRDB
import GRDBSQLite
import ReliefModel

/// Reads sessions selected with `SessionRow.databaseSelection`, column by column.
///
/// Lists repeat a lot (a clinic uses a handful of technique combinations), so each distinct
/// stored list is split once and shared.
struct SessionReader {
    private var lists: [String: [String]] = [:]

    /// Runs `request` and calls `body` with each session.
    /// - Throws: `DatabaseError`, `StoreError.unreadableValue`, or what `body` throws.
    mutating func forEach(_ request: QueryInterfaceRequest<SessionRow>, in db: Database,
                          _ body: (consuming Session) throws -> Void) throws {
        let statement = try request.makePreparedRequest(db).statement
        let stmt = statement.sqliteStatement
        defer { sqlite3_reset(stmt) }
        while true {
            let code = sqlite3_step(stmt)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw RowValues.error(code, db: db, statement: stmt) }
            try body(try session(stmt))
        }
    }

    private mutating func session(_ stmt: SQLiteStatement) throws -> Session {
        guard let kind = Self.kind(stmt) else {
            throw StoreError.unreadableValue(table: "sessions", column: "kind", value: Self.text(stmt, 6) ?? "NULL")
        }
        var pressure: Pressure?
        if sqlite3_column_type(stmt, 8) != SQLITE_NULL {
            guard let p = Self.pressure(stmt) else {
                throw StoreError.unreadableValue(table: "sessions", column: "pressure", value: Self.text(stmt, 8) ?? "")
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
            regions: list(stmt, 9), painBefore: Tenths.decode(Int(sqlite3_column_int64(stmt, 10))),
            painAfter: Self.score(stmt, 11), sleep: Self.score(stmt, 12), mood: Self.score(stmt, 13),
            stress: Self.score(stmt, 14),
            reliefDays: reliefDays, notes: Self.text(stmt, 16))
    }

    private mutating func list(_ stmt: SQLiteStatement, _ column: CInt) -> [String] {
        guard let text = Self.text(stmt, column) else { return [] }
        if let cached = lists[text] { return cached }
        let items = ListField.split(text)
        if lists.count < 10_000 { lists[text] = items }
        return items
    }

    /// The vocabularies are few and short: match their bytes instead of building a String.
    private static let kinds = SessionKind.allCases.map { (Array($0.rawValue.utf8), $0) }
    private static let pressures = Pressure.allCases.map { (Array($0.rawValue.utf8), $0) }

    private static func kind(_ stmt: SQLiteStatement) -> SessionKind? { match(stmt, 6, kinds) }
    private static func pressure(_ stmt: SQLiteStatement) -> Pressure? { match(stmt, 8, pressures) }

    private static func match<T>(_ stmt: SQLiteStatement, _ column: CInt, _ words: [([UInt8], T)]) -> T? {
        guard let text = sqlite3_column_text(stmt, column) else { return nil }
        let stored = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(stmt, column)))
        for (bytes, value) in words where bytes.elementsEqual(stored) { return value }
        return nil
    }

    static func text(_ stmt: SQLiteStatement, _ column: CInt) -> String? {
        guard let bytes = sqlite3_column_text(stmt, column) else { return nil }
        let count = Int(sqlite3_column_bytes(stmt, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    static func int(_ stmt: SQLiteStatement, _ column: CInt) -> Int? {
        sqlite3_column_type(stmt, column) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(stmt, column))
    }

    static func score(_ stmt: SQLiteStatement, _ column: CInt) -> Double? {
        int(stmt, column).map(Tenths.decode)
    }

}
