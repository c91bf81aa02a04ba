import GRDB
import GRDBSQLite
import ReliefModel

/// Values made once per distinct text of a column and found again by the column's bytes,
/// without building a String: a cohort read sees the same few technique lists, therapist
/// and client ids a million times.
///
/// An open-addressing table (linear probing, at most half full) keyed by a 64-bit hash of the
/// bytes, read eight bytes at a time, and checked byte for byte against the text: kept in its
/// slot when it has at most 8 bytes (a client id: the slot's key is the text itself), else end
/// to end in one byte array (no array per text to retain on each look-up; the key is the
/// hash). At most `limit` texts are kept;
/// past that a new text is made every time instead (correct, only slower), so a column of mostly
/// distinct texts costs bounded memory.
struct TextCache<Value> {
    /// One slot of the table: the text's key, where its bytes are and its value, side by side,
    /// so that a hit reads one slot (and for a longer text its bytes) rather than five arrays.
    /// 24 bytes with an `Int32` value (it was 40 with the hash beside the bytes): at 10M
    /// sessions a pass's 107,000 client ids fill a table of megabytes, and each look-up is
    /// about one cache miss.
    private struct Slot {
        /// A text of at most 8 bytes: the bytes themselves, zero-padded (little-endian load
        /// order; with `count`, the text exactly). A longer text: its hash.
        var key: UInt64 = 0
        /// Where a longer text starts in `bytes`.
        var start: Int32 = 0
        /// The text's length; −1 for an empty slot.
        var count: Int32 = -1
        var value: Value? = nil
    }
    private var slots: [Slot]
    /// Texts longer than 8 bytes, end to end.
    private var bytes: [UInt8] = []
    private var kept = 0
    private let limit: Int

    init(limit: Int = 100_000) {
        self.limit = limit
        slots = [Slot](repeating: Slot(), count: 1024)
    }

    /// The value for the text of `column` in the current row (nil for NULL), made by `make` the
    /// first time that text is seen.
    mutating func value(_ stmt: SQLiteStatement, _ column: CInt,
                        make: (UnsafeBufferPointer<UInt8>) -> Value) -> Value? {
        guard let start = sqlite3_column_text(stmt, column) else { return nil }
        let text = UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(stmt, column)))
        let short = text.count <= 8
        let key = short ? Self.word(text) : Self.hash(text)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: short ? Self.mix(key, text.count) : key) & mask
        let found: Value? = slots.withUnsafeBufferPointer { slots in
            while slots[s].count >= 0 {
                if slots[s].key == key && Int(slots[s].count) == text.count {
                    if short {
                        return slots[s].value
                    } else if self.bytes.withUnsafeBufferPointer({
                        Bytes.equal($0.baseAddress! + Int(slots[s].start), text.baseAddress!, text.count) }) {
                        return slots[s].value
                    }
                }
                s = (s + 1) & mask
            }
            return nil
        }
        if let found { return found }
        let value = make(text)
        guard kept < limit, text.count <= Int(Int32.max), self.bytes.count <= Int(Int32.max) - text.count else { return value }
        var slot = Slot(key: key, start: 0, count: Int32(text.count), value: value)
        if !short {
            slot.start = Int32(self.bytes.count)
            self.bytes.append(contentsOf: text)
        }
        slots[s] = slot
        kept += 1
        if kept * 2 > slots.count { grow() }
        return value
    }

    /// Up to 8 bytes as one word, zero-padded.
    @inline(__always) private static func word(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var w: UInt64 = 0
        for j in 0..<text.count { w |= UInt64(text[j]) << (8 * UInt64(j)) }
        return w
    }

    /// A short text's table position: its word and length mixed (MurmurHash3's finaliser).
    @inline(__always) private static func mix(_ word: UInt64, _ count: Int) -> UInt64 {
        finish((word ^ UInt64(count) &* 0x9E37_79B9_7F4A_7C15) &* 0xFF51_AFD7_ED55_8CCD)
    }

    /// The last steps of MurmurHash3's 64-bit finaliser, shared by `mix` and `hash`.
    @inline(__always) private static func finish(_ x: UInt64) -> UInt64 {
        var h = x ^ (x >> 33)
        h = h &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }

    private mutating func grow() {
        let size = slots.count * 2
        var newSlots = [Slot](repeating: Slot(), count: size)
        for slot in slots where slot.count >= 0 {
            let position = slot.count <= 8 ? Self.mix(slot.key, Int(slot.count)) : slot.key
            var t = Int(truncatingIfNeeded: position) & (size - 1)
            while newSlots[t].count >= 0 { t = (t + 1) & (size - 1) }
            newSlots[t] = slot
        }
        slots = newSlots
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
        return finish(h)
    }
}

extension TextCache where Value == Int32 {
    /// The client number (`numbering`) of the id in `column` of the current row, cached by the
    /// id's bytes; a NULL id is the empty one.
    mutating func clientNumber(_ stmt: SQLiteStatement, _ column: CInt, _ numbering: ClientNumbering) -> Int {
        Int(value(stmt, column) { Int32(numbering.number(of: SessionReader.string($0))) } ?? Int32(numbering.number(of: "")))
    }
}
