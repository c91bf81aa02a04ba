import GRDB
// GRDB's own module for the SQLite C API (the library GRDB links), used on the import and
// bulk-read hot paths only, where GRDB's StatementArguments cost more than SQLite itself
// (docs/store.md, "Speed").
import GRDBSQLite

/// The values of one or more rows, bound to prepared statements through the SQLite C API.
///
/// Text is copied once into a reusable byte buffer and bound with `SQLITE_STATIC` (no copy
/// inside SQLite, no allocation per row once the buffer has grown); numbers are bound
/// directly. A buffer holds up to `capacity` rows of `columns` values each: all of them
/// bind to a multi-row `INSERT … VALUES (…), (…)`, or one row at a time to a single-row
/// statement (`?1…?columns`).
struct RowValues {
    enum Value {
        case null
        case integer(Int64)
        case real(Double)
        /// Offset and length in `bytes`.
        case text(Int, Int)
    }

    let columns: Int
    let capacity: Int
    /// Rows begun since the last `removeAll()`.
    private(set) var count = 0
    private var values: [Value]
    private var bytes: [UInt8] = []
    private var base = 0

    init(columns: Int, capacity: Int = 1) {
        self.columns = columns
        self.capacity = capacity
        values = Array(repeating: .null, count: columns * capacity)
        bytes.reserveCapacity(256 * capacity)
    }

    mutating func removeAll() {
        count = 0
        bytes.removeAll(keepingCapacity: true)
    }

    /// Starts the next row; the `set` calls that follow fill it. Every column must be set.
    mutating func beginRow() {
        precondition(count < capacity, "RowValues is full")
        base = count * columns
        count += 1
    }

    /// Sets column `index` (0-based; SQL `?index+1` of a single-row statement) of the current row.
    mutating func set(_ index: Int, _ value: String?) {
        guard let value else { values[base + index] = .null; return }
        let start = bytes.count
        append(value)
        values[base + index] = .text(start, bytes.count - start)
    }

    /// A list, `;`-joined (ListField's format); NULL when empty.
    mutating func set(_ index: Int, list items: [String]) {
        guard !items.isEmpty else { values[base + index] = .null; return }
        let start = bytes.count
        for (k, item) in items.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ";")) }
            append(item)
        }
        values[base + index] = .text(start, bytes.count - start)
    }

    /// Appends a string's UTF-8 as one block copy (a native string's bytes are contiguous;
    /// `append(contentsOf: value.utf8)` went byte by byte).
    private mutating func append(_ value: String) {
        let copied: Void? = value.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if copied == nil { bytes.append(contentsOf: value.utf8) }
    }

    mutating func set(_ index: Int, _ value: Int?) {
        values[base + index] = value.map { .integer(Int64($0)) } ?? .null
    }

    mutating func set(_ index: Int, _ value: Double?) {
        values[base + index] = value.map { .real($0) } ?? .null
    }

    /// The text value of a column of a row begun so far (to name a row in an error).
    func text(row: Int, column: Int) -> String? {
        guard row < count, case .text(let offset, let length) = values[row * columns + column] else { return nil }
        return String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
    }

    /// Binds rows `rows` to `statement` (which has `rows.count × columns` parameters, row-major),
    /// runs it and resets it.
    /// - Returns: the number of rows it changed.
    /// - Throws: `DatabaseError` with SQLite's extended code and message.
    func execute(rows: Range<Int>, _ statement: Statement, in db: Database) throws -> Int {
        try execute(statement, values: (rows.lowerBound * columns)..<(rows.upperBound * columns), in: db)
    }

    /// Binds row `row` to `statement` (`?1…?columns`), runs it and resets it.
    /// - Returns: the number of rows it changed.
    func execute(row: Int, _ statement: Statement, in db: Database) throws -> Int {
        try execute(statement, values: (row * columns)..<((row + 1) * columns), in: db)
    }

    /// Every parameter is bound again before each step, so a pointer SQLite keeps into the
    /// buffer from an earlier call is never read.
    private func execute(_ statement: Statement, values range: Range<Int>, in db: Database) throws -> Int {
        let connection = db.sqliteConnection
        let before = sqlite3_total_changes(connection)
        let failure: DatabaseError? = bytes.withUnsafeBufferPointer { buffer in
            let stmt = statement.sqliteStatement
            let bytesBase = buffer.baseAddress.map { UnsafeRawPointer($0) }
            var index: CInt = 1
            for value in values[range] {
                switch value {
                case .null: sqlite3_bind_null(stmt, index)
                case .integer(let v): sqlite3_bind_int64(stmt, index, v)
                case .real(let v): sqlite3_bind_double(stmt, index, v)
                case .text(let offset, let length):
                    if length > 0, let bytesBase {
                        // nil destructor = SQLITE_STATIC: SQLite reads the buffer during this step only.
                        sqlite3_bind_text(stmt, index, (bytesBase + offset).assumingMemoryBound(to: CChar.self),
                                          CInt(length), nil)
                    } else {
                        sqlite3_bind_text(stmt, index, "", 0, RowValues.transient)
                    }
                }
                index += 1
            }
            var code = sqlite3_step(stmt)
            while code == SQLITE_ROW { code = sqlite3_step(stmt) }
            let failure = code == SQLITE_DONE ? nil : RowValues.error(code, db: db, statement: stmt)
            sqlite3_reset(stmt)
            return failure
        }
        if let failure { throw failure }
        return Int(sqlite3_total_changes(connection) - before)
    }

    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds row `row`'s value in `column` to `statement`'s one parameter, runs it, and returns
    /// its first row's first column as an integer (nil: no row). C API only, like `execute`.
    /// - Throws: `DatabaseError`.
    func probe(row: Int, column: Int, _ statement: Statement, in db: Database) throws -> Int64? {
        let failure: DatabaseError?
        var found: Int64?
        (failure, found) = bytes.withUnsafeBufferPointer { buffer in
            let stmt = statement.sqliteStatement
            defer { sqlite3_reset(stmt) }
            switch values[row * columns + column] {
            case .text(let offset, let length) where length > 0:
                // nil destructor = SQLITE_STATIC: SQLite reads the buffer during this step only.
                sqlite3_bind_text(stmt, 1, (UnsafeRawPointer(buffer.baseAddress!) + offset).assumingMemoryBound(to: CChar.self),
                                  CInt(length), nil)
            case .integer(let v): sqlite3_bind_int64(stmt, 1, v)
            default: sqlite3_bind_null(stmt, 1)
            }
            switch sqlite3_step(stmt) {
            case SQLITE_ROW: return (nil, sqlite3_column_int64(stmt, 0))
            case SQLITE_DONE: return (nil, nil)
            case let code: return (RowValues.error(code, db: db, statement: stmt), nil)
            }
        }
        if let failure { throw failure }
        return found
    }

    /// Runs `request` through the SQLite C API and calls `body` with the statement at each
    /// row (read its columns with `sqlite3_column_*`): the bulk readers' loop, without a GRDB
    /// `Row` per row.
    /// - Throws: `DatabaseError` for a failed step, or what `body` throws.
    static func forEachRow<Record>(_ request: QueryInterfaceRequest<Record>, in db: Database,
                                   _ body: (SQLiteStatement) throws -> Void) throws {
        let statement = try request.makePreparedRequest(db).statement
        let stmt = statement.sqliteStatement
        defer { sqlite3_reset(stmt) }
        while true {
            let code = sqlite3_step(stmt)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw error(code, db: db, statement: stmt) }
            try body(stmt)
        }
    }

    /// The error SQLite reports for a failed step, with its extended code and message.
    /// Reads only the raw connection (GRDB's `Statement.sql` would insist on GRDB's own thread).
    static func error(_ code: CInt, db: Database, statement: SQLiteStatement) -> DatabaseError {
        let connection = db.sqliteConnection
        let extended = sqlite3_extended_errcode(connection)
        let message = sqlite3_errmsg(connection).map { String(cString: $0) }
        let sql = sqlite3_sql(statement).map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: extended == 0 ? code : extended), message: message, sql: sql)
    }
}
