import GRDB
import GRDBSQLite

/// Values made once per distinct text of a column and found again by the column's bytes,
/// without building a String: a cohort read sees the same few technique lists, therapist
/// and client ids a million times.
///
/// Entries are keyed by a 64-bit FNV-1a hash of the bytes and checked byte for byte; a text
/// whose hash is taken by another text is made every time instead (correct, only slower).
/// At most `limit` texts are kept, so a column of mostly distinct texts costs bounded memory.
struct TextCache<Value> {
    private var slots: [UInt64: Int] = [:]
    private var keys: [[UInt8]] = []
    private var values: [Value] = []
    private let limit: Int

    init(limit: Int = 100_000) { self.limit = limit }

    /// The value for the text of `column` in the current row (nil for NULL), made by `make` the
    /// first time that text is seen.
    mutating func value(_ stmt: SQLiteStatement, _ column: CInt,
                        make: (UnsafeBufferPointer<UInt8>) -> Value) -> Value? {
        guard let text = sqlite3_column_text(stmt, column) else { return nil }
        let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(stmt, column)))
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        if let i = slots[hash] {
            let same = keys[i].withUnsafeBufferPointer { $0.elementsEqual(bytes) }
            return same ? values[i] : make(bytes)
        }
        let value = make(bytes)
        if keys.count < limit {
            slots[hash] = keys.count
            keys.append(Array(bytes))
            values.append(value)
        }
        return value
    }
}
