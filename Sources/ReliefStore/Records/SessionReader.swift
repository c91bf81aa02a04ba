import GRDB
import GRDBSQLite
import ReliefModel

/// Reads sessions selected with `SessionRow.databaseSelection`, column by column.
///
/// Lists repeat a lot (a clinic uses a handful of technique combinations), and so do client and
/// therapist ids: each distinct stored text is decoded once and shared, found again by its bytes
/// (``TextCache``). `notes: false` leaves every session's notes nil, for readers that never show
/// them (the cohort analysis), which saves a String per annotated session.
struct SessionReader {
    private var lists = TextCache<[String]>(limit: 10_000)
    private var clients = TextCache<Int>()
    private var therapists = TextCache<String>()
    private var sites = TextCache<String>()
    let notes: Bool

    init(notes: Bool = true) { self.notes = notes }

    /// Runs `request` and calls `body` with each session.
    /// - Throws: `DatabaseError`, `StoreError.unreadableValue`, or what `body` throws.
    mutating func forEach(_ request: QueryInterfaceRequest<SessionRow>, in db: Database,
                          _ body: (consuming Session) throws -> Void) throws {
        try forEachIndexed(request, in: db) { session, _ in try body(session) }
    }

    /// Runs `request` and calls `body` with each session and the index of its client in
    /// `clientIDs` (clients numbered in first-seen order), so a caller can group sessions by
    /// client without hashing a String per session.
    /// - Throws: `DatabaseError`, `StoreError.unreadableValue`, or what `body` throws.
    mutating func forEachIndexed(_ request: QueryInterfaceRequest<SessionRow>, in db: Database,
                                 _ body: (consuming Session, Int) throws -> Void) throws {
        try RowValues.forEachRow(request, in: db) { stmt in
            let client = clientIndex(stmt)
            try body(try session(stmt, clientID: clientIDs[client]), client)
        }
    }

    /// Client ids in first-seen order (see `forEachIndexed`).
    var clientIDs: [String] { numbering.ids }
    private let numbering = ClientNumbering()

    private mutating func clientIndex(_ stmt: SQLiteStatement) -> Int {
        let numbering = numbering
        return clients.value(stmt, 1) { numbering.number(of: Self.string($0)) } ?? numbering.number(of: "")
    }

    private mutating func session(_ stmt: SQLiteStatement, clientID: String) throws -> Session {
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
        var noteScores: [NoteScore] = []
        if let text = Self.text(stmt, 17) {
            guard let parsed = NoteScore.parse(storageText: text) else {
                throw StoreError.unreadableValue(table: "sessions", column: "note_scores", value: text)
            }
            noteScores = parsed
        }
        return Session(
            id: Self.text(stmt, 0) ?? "", clientID: clientID,
            therapistID: therapists.value(stmt, 2, make: Self.string),
            day: Day(ordinal: Int(sqlite3_column_int64(stmt, 3))), minute: Self.int(stmt, 4),
            durationMinutes: Self.int(stmt, 5), kind: kind, techniques: list(stmt, 7), pressure: pressure,
            regions: list(stmt, 9), painBefore: Tenths.decode(Int(sqlite3_column_int64(stmt, 10))),
            painAfter: Self.score(stmt, 11), sleep: Self.score(stmt, 12), mood: Self.score(stmt, 13),
            stress: Self.score(stmt, 14),
            reliefDays: reliefDays, notes: notes ? Self.text(stmt, 16) : nil, noteScores: noteScores,
            site: sites.value(stmt, 18, make: Self.string))
    }

    private mutating func list(_ stmt: SQLiteStatement, _ column: CInt) -> [String] {
        lists.value(stmt, column) { ListField.split(Self.string($0)) } ?? []
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The vocabularies are few and short: match their bytes instead of building a String.
    private static let kinds = SessionKind.allCases.map { (Array($0.rawValue.utf8), $0) }
    private static let pressures = Pressure.allCases.map { (Array($0.rawValue.utf8), $0) }

    static func kind(_ stmt: SQLiteStatement) -> SessionKind? { match(stmt, 6, kinds) }
    static func pressure(_ stmt: SQLiteStatement) -> Pressure? { match(stmt, 8, pressures) }

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

/// Numbers client ids in first-seen order. `TextCache` calls it once per distinct id (again only
/// past the cache's limit or on a hash clash, when the dictionary keeps the number stable).
/// A class, so the cache's `make` closure can update it while the reader holds the cache.
final class ClientNumbering {
    private(set) var ids: [String] = []
    /// Keyed by the id's UTF-8 bytes, as SQLite and the importer tell ids apart: Swift's `==`
    /// on `String` would merge two spellings of one text in different Unicode forms (a
    /// composed and a decomposed "Zoë"), which are two clients in the store.
    private var numbers: [[UInt8]: Int] = [:]

    /// The number of an id already numbered (by its UTF-8 bytes), or nil.
    func existing(_ bytes: [UInt8]) -> Int? { numbers[bytes] }

    func number(of id: String) -> Int {
        let key = Array(id.utf8)
        if let i = numbers[key] { return i }
        numbers[key] = ids.count
        ids.append(id)
        return ids.count - 1
    }
}
