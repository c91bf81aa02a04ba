/// Decoding of character data: XML escapes, line ends, and the `_xHHHH_` escapes that
/// Office writes in strings for characters XML cannot hold (`_x000D_` for a carriage return).
enum XMLText {
    /// Appends the decoded form of `raw` to `out`: `&amp; &lt; &gt; &quot; &apos;`,
    /// `&#NN;` and `&#xHH;` are replaced, CR LF and lone CR become LF (as an XML parser
    /// does). An unknown or malformed reference is kept as written; a reference to a
    /// character XML does not allow becomes U+FFFD.
    static func appendDecoded(_ raw: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let n = raw.count
        var i = 0
        var runStart = 0
        let amp = UInt8(ascii: "&"), cr = UInt8(ascii: "\r")
        while i < n {
            let c = raw[i]
            if c != amp && c != cr {
                i += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[runStart..<i]))
            if c == cr {
                out.append(UInt8(ascii: "\n"))
                i += 1
                if i < n && raw[i] == UInt8(ascii: "\n") { i += 1 }
                runStart = i
                continue
            }
            // An entity: up to 12 bytes before `;`.
            var j = i + 1
            while j < n && j - i <= 12 && raw[j] != UInt8(ascii: ";") { j += 1 }
            guard j < n, raw[j] == UInt8(ascii: ";") else {
                out.append(amp)
                i += 1
                runStart = i
                continue
            }
            let body = UnsafeBufferPointer(rebasing: raw[(i + 1)..<j])
            if let byte = named(body) {
                out.append(byte)
            } else if body.count >= 2, body[0] == UInt8(ascii: "#"), let scalar = numeric(body) {
                appendUTF8(scalar, to: &out)
            } else {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[i...j]))
            }
            i = j + 1
            runStart = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[runStart..<n]))
    }

    /// Whether `raw` needs `appendDecoded` (has `&` or a carriage return).
    @inline(__always)
    static func needsDecoding(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        if raw.count <= 64 {
            for c in raw where c == UInt8(ascii: "&") || c == UInt8(ascii: "\r") { return true }
            return false
        }
        return XMLBytes.find(UInt8(ascii: "&"), in: raw, from: 0) != nil || XMLBytes.find(UInt8(ascii: "\r"), in: raw, from: 0) != nil
    }

    /// Decoded text as a string, for attribute values and short texts.
    static func string(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        if !needsDecoding(raw) { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        appendDecoded(raw, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A string from decoded bytes, with Office's `_xHHHH_` escapes replaced, left to right
    /// (so `_x005F_x000D_`, an escaped underscore then `x000D_`, reads `_x000D_`).
    static func officeString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard XMLBytes.find("_x", in: bytes, from: 0) != nil else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let n = bytes.count
        var i = 0
        while i < n {
            if bytes[i] == UInt8(ascii: "_"), i + 6 < n, bytes[i + 1] == UInt8(ascii: "x"),
               bytes[i + 6] == UInt8(ascii: "_"), let v = hex(UnsafeBufferPointer(rebasing: bytes[(i + 2)..<(i + 6)])) {
                appendUTF8(Unicode.Scalar(v) ?? "\u{FFFD}", to: &out)
                i += 7
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func named(_ body: UnsafeBufferPointer<UInt8>) -> UInt8? {
        if XMLBytes.equals(body, "amp") { return UInt8(ascii: "&") }
        if XMLBytes.equals(body, "lt") { return UInt8(ascii: "<") }
        if XMLBytes.equals(body, "gt") { return UInt8(ascii: ">") }
        if XMLBytes.equals(body, "quot") { return UInt8(ascii: "\"") }
        if XMLBytes.equals(body, "apos") { return UInt8(ascii: "'") }
        return nil
    }

    /// `#NN` or `#xHH` → the scalar (U+FFFD for a code point XML does not allow), or nil when malformed.
    private static func numeric(_ body: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        var value: UInt32 = 0
        if body[1] == UInt8(ascii: "x") || body[1] == UInt8(ascii: "X") {
            guard body.count > 2, body.count <= 10 else { return nil }
            guard let v = hex(UnsafeBufferPointer(rebasing: body[2...])) else { return nil }
            value = v
        } else {
            guard body.count <= 11 else { return nil }
            for k in 1..<body.count {
                let d = UInt32(body[k]) &- 48
                guard d <= 9 else { return nil }
                value = value &* 10 &+ d
            }
        }
        let allowed = value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value <= 0x10FFFF)
        guard allowed, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
        return scalar
    }

    private static func hex(_ b: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard !b.isEmpty, b.count <= 8 else { return nil }
        var v: UInt32 = 0
        for c in b {
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c) - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c) - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c) - 55
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    static func appendUTF8(_ s: Unicode.Scalar, to out: inout [UInt8]) {
        let v = s.value
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
