/// A set of ids, for the import's "already ensured this client exists" check on every row.
///
/// Swift's `Set<String>` hashes with seeded SipHash; a million lookups of short ids cost
/// ~0.15 s of a 2 s import. This open-addressing table hashes the UTF-8 bytes with FNV-1a
/// (ids are not attacker-chosen keys here: they come from the clinic's own files) and
/// compares with `==` on a hash match. Hash and id share one slot, so a lookup touches one
/// cache line: the table outgrows the cache at a few thousand clients, and the rows of an
/// import visit clients in no useful order (two arrays cost two cache misses per row).
struct IDSet {
    private struct Slot {
        var hash: UInt64 = 0
        var id: String?
    }
    private var slots: [Slot]
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(), count: size)
    }

    func contains(_ id: String) -> Bool {
        let h = IDSet.hash(id)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while let candidate = slots[i].id {
            if slots[i].hash == h && candidate == id { return true }
            i = (i + 1) & mask
        }
        return false
    }

    /// Adds `id`; returns false when it was already there.
    @discardableResult
    mutating func insert(_ id: String) -> Bool {
        if (count + 1) * 2 > slots.count { grow() }
        let h = IDSet.hash(id)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while let candidate = slots[i].id {
            if slots[i].hash == h && candidate == id { return false }
            i = (i + 1) & mask
        }
        slots[i] = Slot(hash: h, id: id)
        count += 1
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        count = 0
        for slot in old { if let id = slot.id { insert(id) } }
    }

    static func hash(_ id: String) -> UInt64 {
        // A native string's bytes are contiguous; iterating `utf8` directly costs 5× more.
        id.utf8.withContiguousStorageIfAvailable(hash) ?? hash(Array(id.utf8))
    }

    private static func hash(_ bytes: some Collection<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        // FNV's low bits mix poorly for short keys; fold the high half in before masking.
        return h ^ (h >> 29)
    }
}
