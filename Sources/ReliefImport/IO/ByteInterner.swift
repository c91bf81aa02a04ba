import ReliefModel

/// Maps byte strings to small dense indices without building a `String` per lookup.
///
/// Client ids, therapist ids, technique lists and other values that repeat down a
/// file are looked up by their bytes (hash, then `memcmp`); only a new value is
/// copied into the arena. The caller keeps whatever it derives from a value
/// (a `String`, a `[String]`) in an array indexed by the returned index.
///
/// - Complexity: O(length) expected per lookup; open addressing with linear probing,
///   load factor at most 1/2.
struct ByteInterner {
    private struct Entry {
        var hash: UInt64
        var start: Int
        var length: Int
    }
    private var slots: [Int32]          // entry index + 1; 0 = empty
    private var entries: [Entry] = []
    private let arena = ByteArena(capacity: 1024)
    private var mask: Int

    init(capacity: Int = 64) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        slots = [Int32](repeating: 0, count: c)
        mask = c - 1
    }

    var count: Int { entries.count }

    /// The index of `bytes`, adding it when new.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (index: Int, isNew: Bool) {
        let n = bytes.count
        let h = bytes.baseAddress.map { hashBytes($0, n) } ?? 0
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[s])
            if e == 0 { break }
            let entry = entries[e - 1]
            if entry.hash == h && entry.length == n
                && (n == 0 || bytes.baseAddress.map { Bytes.equal(arena.pointer + entry.start, $0, n) } == true) {
                return (e - 1, false)
            }
            s = (s + 1) & mask
        }
        let index = entries.count
        entries.append(Entry(hash: h, start: arena.count, length: n))
        if let b = bytes.baseAddress { arena.append(b, n) }
        slots[s] = Int32(index + 1)
        if entries.count * 2 > slots.count { grow() }
        return (index, true)
    }

    private mutating func grow() {
        let c = slots.count * 2
        slots = [Int32](repeating: 0, count: c)
        mask = c - 1
        for i in 0..<entries.count {
            var s = Int(truncatingIfNeeded: entries[i].hash) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = Int32(i + 1)
        }
    }
}

/// A set of 64-bit hashes (open addressing), for finding ids that occur more than once.
struct HashSet64 {
    private var slots: [UInt64]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        slots = [UInt64](repeating: 0, count: c)
        mask = c - 1
    }

    /// Inserts `h`; returns false when it was already present.
    @inline(__always)
    mutating func insert(_ h: UInt64) -> Bool {
        let k = h == 0 ? 1 : h
        var s = Int(truncatingIfNeeded: k) & mask
        while true {
            let v = slots[s]
            if v == 0 { break }
            if v == k { return false }
            s = (s + 1) & mask
        }
        slots[s] = k
        count += 1
        if count * 2 > slots.count { grow() }
        return true
    }

    @inline(__always)
    func contains(_ h: UInt64) -> Bool {
        let k = h == 0 ? 1 : h
        var s = Int(truncatingIfNeeded: k) & mask
        while true {
            let v = slots[s]
            if v == 0 { return false }
            if v == k { return true }
            s = (s + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        let c = slots.count * 2
        slots = [UInt64](repeating: 0, count: c)
        mask = c - 1
        for v in old where v != 0 {
            var s = Int(truncatingIfNeeded: v) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = v
        }
    }
}
