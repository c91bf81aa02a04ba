import GRDB
import GRDBSQLite

/// Values made once per distinct text of a column and found again by the column's bytes,
/// without building a String: a cohort read sees the same few technique lists, therapist
/// and client ids a million times.
///
/// An open-addressing table (linear probing, at most half full) keyed by a 64-bit hash of the
/// bytes, read eight bytes at a time, and checked byte for byte against the texts kept end to
/// end in one byte array (no array per text to retain on each look-up). At most `limit` texts are kept;
/// past that a new text is made every time instead (correct, only slower), so a column of mostly
/// distinct texts costs bounded memory.
struct TextCache<Value> {
    /// Slot → 1 + index of the text (0 = empty), and the slot's hash.
    private var slots: [Int32]
    private var hashes: [UInt64]
    /// Text i is `bytes[starts[i]..<starts[i + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var values: [Value] = []
    private let limit: Int

    init(limit: Int = 100_000) {
        self.limit = limit
        slots = [Int32](repeating: 0, count: 1024)
        hashes = [UInt64](repeating: 0, count: 1024)
    }

    /// The value for the text of `column` in the current row (nil for NULL), made by `make` the
    /// first time that text is seen.
    mutating func value(_ stmt: SQLiteStatement, _ column: CInt,
                        make: (UnsafeBufferPointer<UInt8>) -> Value) -> Value? {
        guard let start = sqlite3_column_text(stmt, column) else { return nil }
        let text = UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(stmt, column)))
        let hash = Self.hash(text)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hash) & mask
        while slots[s] != 0 {
            let i = Int(slots[s]) - 1
            if hashes[s] == hash && starts[i + 1] - starts[i] == text.count
                && (text.isEmpty || self.bytes.withUnsafeBufferPointer {
                    Self.equal($0.baseAddress! + starts[i], text.baseAddress!, text.count) }) {
                return values[i]
            }
            s = (s + 1) & mask
        }
        let value = make(text)
        guard values.count < limit else { return value }
        self.bytes.append(contentsOf: text)
        starts.append(self.bytes.count)
        values.append(value)
        slots[s] = Int32(values.count)
        hashes[s] = hash
        if values.count * 2 > slots.count { grow() }
        return value
    }

    /// Whether `count` bytes at `a` and `b` are the same, compared eight at a time.
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        while i + 8 <= count {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    private mutating func grow() {
        let size = slots.count * 2
        var newSlots = [Int32](repeating: 0, count: size), newHashes = [UInt64](repeating: 0, count: size)
        for (s, k) in slots.enumerated() where k != 0 {
            var t = Int(truncatingIfNeeded: hashes[s]) & (size - 1)
            while newSlots[t] != 0 { t = (t + 1) & (size - 1) }
            newSlots[t] = k
            newHashes[t] = hashes[s]
        }
        slots = newSlots
        hashes = newHashes
    }

    /// A 64-bit hash of `bytes`, eight at a time (multiply–xorshift mixing, as in MurmurHash3's
    /// finaliser).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < bytes.count {
            var tail: UInt64 = 0
            for j in i..<bytes.count { tail |= UInt64(base[j]) << (8 * UInt64(j - i)) }
            h = (h ^ tail) &* 0xFF51_AFD7_ED55_8CCD
        }
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }
}
