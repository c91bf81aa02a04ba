#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numbers read from and written as cell text.
enum NumberText {
    private static let powersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses the text of a `<v>` element: `[-+]digits[.digits][(e|E)[-+]digits]`, with
    /// surrounding whitespace. Correctly rounded: values with at most 15 significant
    /// digits and a small exponent are computed exactly (one rounding), the others go
    /// through the standard library's parser.
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        var n = b.count
        while i < n && XMLBytes.isSpace(b[i]) { i += 1 }
        while n > i && XMLBytes.isSpace(b[n - 1]) { n -= 1 }
        guard i < n else { return nil }
        let start = i
        var negative = false
        if b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawDigit = false
        var exact = true
        while i < n, b[i] &- 48 <= 9 {
            sawDigit = true
            if mantissa != 0 || b[i] != 48 { digits += 1 }
            if digits <= 18 { mantissa = mantissa * 10 + UInt64(b[i] - 48) } else { exact = false }
            i += 1
        }
        if i < n, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, b[i] &- 48 <= 9 {
                sawDigit = true
                if mantissa != 0 || b[i] != 48 { digits += 1 }
                if digits <= 18 {
                    mantissa = mantissa * 10 + UInt64(b[i] - 48)
                    fractionDigits += 1
                } else { exact = false }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        var exponent = 0
        if i < n, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < n, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
                expNegative = b[i] == UInt8(ascii: "-")
                i += 1
            }
            var sawExp = false
            while i < n, b[i] &- 48 <= 9 {
                sawExp = true
                if exponent < 100_000 { exponent = exponent * 10 + Int(b[i] - 48) }
                i += 1
            }
            guard sawExp else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard i == n else { return nil }
        let scale = exponent - fractionDigits
        if exact, digits <= 15, mantissa < (1 << 53), scale >= -22, scale <= 22 {
            var v = Double(mantissa)
            v = scale < 0 ? v / powersOf10[-scale] : v * powersOf10[scale]
            return negative ? -v : v
        }
        let literal = UnsafeBufferPointer(rebasing: b[start..<n])
        let v: Double?
        if let point = localeconv()?.pointee.decimal_point, point.pointee == 46, point[1] == 0 {
            // strtod on a NUL-terminated stack copy: no String for the 16- and 17-digit values
            // Excel writes (`0.58333333333333337`). Only while the C library's decimal mark is `.`.
            v = withUnsafeTemporaryAllocation(of: CChar.self, capacity: literal.count + 1) { buffer -> Double? in
                guard let base = buffer.baseAddress, let source = literal.baseAddress else { return nil }
                source.withMemoryRebound(to: CChar.self, capacity: literal.count) { base.update(from: $0, count: literal.count) }
                base[literal.count] = 0
                var end: UnsafeMutablePointer<CChar>?
                let parsed = strtod(base, &end)
                guard let end, end == base + literal.count else { return nil }
                return parsed
            }
        } else {
            v = Double(String(decoding: literal, as: UTF8.self))
        }
        guard let v, v.isFinite else { return nil }
        return v
    }

    /// Whether `format` writes `value` as a whole number (`String(Int64(value))`).
    @inline(__always)
    static func isWhole(_ value: Double) -> Bool {
        value == value.rounded(.towardZero) && abs(value) < 1e15
    }

    /// Appends `format(value)`'s bytes to `out`; whole numbers (most cells) are written
    /// digit by digit, without the `String` that `format` makes.
    static func append(_ value: Double, to out: ByteBuffer) {
        guard isWhole(value) else { return out.append(format(value)) }
        // The digits of `Int64(value)` as `String(Int64)` writes them: `-` then the
        // magnitude, `0` for zero (and for -0.0, whose Int64 is 0). |value| < 1e15: 16 bytes.
        let whole = Int64(value)
        out.append(maxCount: 16) { p in
            var magnitude = whole.magnitude
            var digits = 1
            var limit: UInt64 = 10
            while magnitude >= limit && digits < 19 {
                digits += 1
                limit &*= 10
            }
            let n = whole < 0 ? digits + 1 : digits
            if whole < 0 { p[0] = UInt8(ascii: "-") }
            var k = n
            repeat {
                k -= 1
                p[k] = UInt8(truncatingIfNeeded: 48 &+ magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            return n
        }
    }

    /// The shortest text that reads back as `value`, in plain decimal notation (no exponent)
    /// and without `.0` on whole numbers: 7 → `7`, 3.5 → `3.5`, 1e-05 → `0.00001`.
    static func format(_ value: Double) -> String {
        if isWhole(value) {
            return String(Int64(value))
        }
        guard value.isFinite else { return value.description }
        var s = value.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return s }
        // Expand `d.ddde±x` into plain digits.
        var mantissa = s[..<e]
        guard let exponent = Int(s[s.index(after: e)...]) else { return s }
        var negative = false
        if mantissa.first == "-" {
            negative = true
            mantissa = mantissa.dropFirst()
        }
        let dot = mantissa.firstIndex(of: ".")
        let integerDigits = dot.map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        let digits = Array(mantissa.filter { $0 != "." })
        let point = integerDigits + exponent
        var out = negative ? "-" : ""
        if point <= 0 {
            out += "0." + String(repeating: "0", count: -point) + String(digits)
        } else if point >= digits.count {
            out += String(digits) + String(repeating: "0", count: point - digits.count)
        } else {
            out += String(digits[..<point]) + "." + String(digits[point...])
        }
        return out
    }
}
