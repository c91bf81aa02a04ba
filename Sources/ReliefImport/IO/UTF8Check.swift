/// Validates UTF-8 without decoding: returns the 0-based offset of the first byte
/// that is not part of a well-formed sequence (overlong forms, surrogates and code
/// points past U+10FFFF are ill-formed, as in the Unicode standard), or `nil`.
///
/// ASCII runs are checked eight bytes at a time.
///
/// - Complexity: O(n), one read of each byte.
func firstInvalidUTF8(_ p: UnsafePointer<UInt8>, count n: Int) -> Int? {
    validateUTF8(p, from: 0, upTo: n, count: n).bad
}

/// Validates the sequences that start in `from..<stop` (a sequence may run past `stop`,
/// up to `n`). Returns the first bad offset, or where the next sequence starts.
func validateUTF8(_ p: UnsafePointer<UInt8>, from start: Int, upTo stop: Int, count n: Int) -> (bad: Int?, next: Int) {
    var i = start
    let raw = UnsafeRawPointer(p)
    while i < stop {
        if i + 8 <= stop && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
            i += 8
            continue
        }
        let b0 = p[i]
        if b0 < 0x80 { i += 1; continue }
        var need = 0
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED: need = 2; hi = 0x9F
        case 0xF0: need = 3; lo = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; hi = 0x8F
        default: return (i, i)
        }
        guard i + need < n else { return (i, i) }
        let b1 = p[i + 1]
        guard b1 >= lo && b1 <= hi else { return (i, i) }
        for k in 2..<(need + 1) where p[i + k] & 0xC0 != 0x80 { return (i, i) }
        i += need + 1
    }
    return (nil, i)
}

/// Counts line feeds before `offset`, plus one: the 1-based line of that byte.
func lineNumber(of offset: Int, in p: UnsafePointer<UInt8>) -> Int {
    var line = 1
    for i in 0..<offset where p[i] == 0x0A { line += 1 }
    return line
}
