#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers shared by the scanner and the part readers.
enum XMLBytes {
    /// XML whitespace: space, tab, line feed, carriage return.
    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
    }

    /// The part of a qualified name after its last `:`.
    @inline(__always)
    static func localName(_ name: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var i = name.count - 1
        while i >= 0 {
            if name[i] == UInt8(ascii: ":") { return UnsafeBufferPointer(rebasing: name[(i + 1)...]) }
            i -= 1
        }
        return name
    }

    /// Whether `bytes` are exactly the ASCII `literal`.
    @inline(__always)
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard bytes.count == n else { return false }
        guard n > 0, let base = bytes.baseAddress else { return n == 0 }
        return memcmp(base, literal.utf8Start, n) == 0
    }

    /// Whether every byte is ASCII and no `_x` occurs: text that `XMLText.officeString`
    /// returns as it is. One pass over the short texts of cells; `_x` is looked for only
    /// when there is an `_`.
    @inline(__always)
    static func isASCIIWithoutOfficeEscape(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt8 = 0
        var underscore = false
        for c in b {
            any |= c
            underscore = underscore || c == UInt8(ascii: "_")
        }
        guard any < 0x80 else { return false }
        return !underscore || find("_x", in: b, from: 0) == nil
    }

    /// Whether `bytes` start with the ASCII `literal`.
    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard bytes.count >= n, let base = bytes.baseAddress else { return n == 0 }
        return memcmp(base, literal.utf8Start, n) == 0
    }

    /// The index of the first `byte` in `b[from...]`, or nil. The first 16 bytes are looked
    /// at in a plain loop (cell values and tags are short), the rest with `memchr`.
    @inline(__always)
    static func find(_ byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < b.count, let base = b.baseAddress else { return nil }
        let near = min(b.count, from + 16)
        var i = from
        while i < near {
            if base[i] == byte { return i }
            i += 1
        }
        guard i < b.count, let p = memchr(base + i, Int32(byte), b.count - i) else { return nil }
        return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }

    /// The index where `literal` starts in `b[from...]`, or nil.
    static func find(_ literal: StaticString, in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let n = literal.utf8CodeUnitCount
        let first = literal.utf8Start.pointee
        var i = from
        while let j = find(first, in: b, from: i) {
            guard j + n <= b.count else { return nil }
            if let base = b.baseAddress, memcmp(base + j, literal.utf8Start, n) == 0 { return j }
            i = j + 1
        }
        return nil
    }

    /// A non-negative decimal integer (surrounding whitespace allowed), or nil; nil too past `Int.max / 10`.
    static func parseInt(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        var n = b.count
        while i < n && isSpace(b[i]) { i += 1 }
        while n > i && isSpace(b[n - 1]) { n -= 1 }
        guard i < n else { return nil }
        var v = 0
        while i < n {
            let d = Int(b[i]) &- 48
            guard d >= 0 && d <= 9, v < Int.max / 10 - 10 else { return nil }
            v = v * 10 + d
            i += 1
        }
        return v
    }
}
