/// A decimal number read straight from bytes.
struct ParsedNumber {
    /// The value, correctly rounded (`Double(mantissa) / 10^fractionDigits`).
    var value: Double
    /// Digits after the decimal mark, as written.
    var fractionDigits: Int
    /// The number has no more than one significant decimal (`6.5`, `6.50`, `6`).
    var atMostOneDecimal: Bool
    /// The number is whole (`45`, `45.0`).
    var isWhole: Bool
}

enum NumberProblem: Error {
    case notANumber
    /// `6,5` in a file whose delimiter is not `;`.
    case decimalCommaNotAllowed
}

/// Parses `[+-]digits[.digits]` (or `,` as the decimal mark when `decimalComma`).
/// A JSON number may also carry an exponent (`6.5e0`); it is then parsed by the
/// standard library and judged by its value.
///
/// No locale, no thousands separators, no `NaN`/`inf`.
///
/// - Complexity: O(n) in the number of bytes.
func parseNumber(_ b: UnsafeBufferPointer<UInt8>, decimalComma: Bool, allowExponent: Bool = false)
    -> Result<ParsedNumber, NumberProblem> {
    let n = b.count
    guard n > 0 else { return .failure(.notANumber) }
    // Fast paths for the common score shapes: 7, 10, 6.5.
    if n == 1, isDigit(b[0]) {
        return .success(ParsedNumber(value: Double(b[0] - 48), fractionDigits: 0, atMostOneDecimal: true, isWhole: true))
    }
    if n == 2, isDigit(b[0]), isDigit(b[1]) {
        return .success(ParsedNumber(value: Double(Int(b[0] - 48) * 10 + Int(b[1] - 48)), fractionDigits: 0,
                                     atMostOneDecimal: true, isWhole: true))
    }
    if n == 3, isDigit(b[0]), isDigit(b[2]), b[1] == UInt8(ascii: ".") || (decimalComma && b[1] == UInt8(ascii: ",")) {
        let tenths = Int(b[0] - 48) * 10 + Int(b[2] - 48)
        return .success(ParsedNumber(value: Double(tenths) / 10, fractionDigits: 1, atMostOneDecimal: true,
                                     isWhole: b[2] == 48))
    }
    var i = 0
    var negative = false
    if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") { negative = b[0] == UInt8(ascii: "-"); i = 1 }
    var mantissa: UInt64 = 0
    var digits = 0, intDigits = 0, fracDigits = 0
    var sawMark = false
    var trailingNonZeroFrac = 0   // index (1-based) of the last non-zero fraction digit
    var overflow = false
    while i < n {
        let c = b[i]
        if c >= 48 && c <= 57 {
            if mantissa > 100_000_000_000_000_000 { overflow = true } else { mantissa = mantissa &* 10 &+ UInt64(c - 48) }
            digits += 1
            if sawMark { fracDigits += 1; if c != 48 { trailingNonZeroFrac = fracDigits } } else { intDigits += 1 }
        } else if (c == UInt8(ascii: ".") || c == UInt8(ascii: ",")) && !sawMark {
            if c == UInt8(ascii: ",") && !decimalComma {
                return .failure(digits > 0 && i + 1 < n && isDigit(b[i + 1]) ? .decimalCommaNotAllowed : .notANumber)
            }
            sawMark = true
        } else if (c == UInt8(ascii: "e") || c == UInt8(ascii: "E")) && allowExponent && digits > 0 {
            let text = String(decoding: b, as: UTF8.self)
            guard let v = Double(text), v.isFinite else { return .failure(.notANumber) }
            let tenths = v * 10
            return .success(ParsedNumber(value: v, fractionDigits: 0,
                                         atMostOneDecimal: v == v.rounded() || abs(tenths - tenths.rounded()) < 1e-9,
                                         isWhole: v == v.rounded()))
        } else {
            return .failure(.notANumber)
        }
        i += 1
    }
    guard digits > 0, intDigits > 0 || fracDigits > 0 else { return .failure(.notANumber) }
    var value: Double
    if overflow || fracDigits > 18 {
        var text = String(decoding: b, as: UTF8.self)
        if decimalComma { text = text.replacingComma() }
        guard let v = Double(text) else { return .failure(.notANumber) }
        value = v
    } else {
        value = Double(mantissa)
        if fracDigits > 0 { value /= powersOfTen[fracDigits] }
        if negative { value = -value }
    }
    return .success(ParsedNumber(value: value, fractionDigits: fracDigits,
                                 atMostOneDecimal: trailingNonZeroFrac <= 1,
                                 isWhole: trailingNonZeroFrac == 0))
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

private let powersOfTen: [Double] = (0...22).map { e in
    var p = 1.0
    for _ in 0..<e { p *= 10 }
    return p
}

extension String {
    fileprivate func replacingComma() -> String { String(map { $0 == "," ? "." : $0 }) }
}

/// Trims ASCII spaces and tabs from both ends of a byte slice.
@inline(__always)
func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    guard let base = b.baseAddress else { return b }
    var s = 0, e = b.count
    while s < e && (base[s] == 0x20 || base[s] == 0x09) { s += 1 }
    while e > s && (base[e - 1] == 0x20 || base[e - 1] == 0x09) { e -= 1 }
    return UnsafeBufferPointer(start: base + s, count: e - s)
}

/// ASCII case-insensitive comparison of bytes with a lower-case ASCII word.
@inline(__always)
func equalsIgnoringCase(_ b: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
    guard b.count == word.utf8CodeUnitCount else { return false }
    let w = word.utf8Start
    for i in 0..<b.count {
        var c = b[i]
        if c >= 65 && c <= 90 { c += 32 }
        if c != w[i] { return false }
    }
    return true
}
