/// A fast 64-bit hash of a byte string (eight bytes at a time, multiply-fold mixing).
///
/// Not cryptographic; used for interning and for finding repeated ids, where every
/// hash match is confirmed by comparing the bytes themselves.
@inline(__always)
func hashBytes(_ p: UnsafePointer<UInt8>, _ n: Int, seed: UInt64 = 0) -> UInt64 {
    let k0: UInt64 = 0x9E37_79B9_7F4A_7C15
    let k1: UInt64 = 0xBF58_476D_1CE4_E5B9
    var h = seed ^ (UInt64(truncatingIfNeeded: n) &* k0)
    let raw = UnsafeRawPointer(p)
    var i = 0
    while i + 8 <= n {
        let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        h = fold(h ^ w, k1)
        i += 8
    }
    if i < n {
        var w: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            w |= UInt64(p[i]) << shift
            shift += 8
            i += 1
        }
        h = fold(h ^ w, k0)
    }
    h ^= h >> 32
    h = h &* k1
    h ^= h >> 29
    return h
}

@inline(__always)
private func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let m = a.multipliedFullWidth(by: b)
    return m.high ^ m.low
}

/// Combines two hashes order-dependently.
@inline(__always)
func combineHash(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let m = (a ^ 0x2545_F491_4F6C_DD1D).multipliedFullWidth(by: b | 1)
    return m.high ^ m.low ^ (a << 7)
}
