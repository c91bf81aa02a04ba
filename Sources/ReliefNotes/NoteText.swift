/// A note folded to one byte per Unicode scalar, so offsets are scalar offsets and matching is cheap.
///
/// ASCII letters are lowercased; dashes, fraction slashes, no-break spaces, curly quotes,
/// `×`, `≈` and arrows fold to their ASCII look-alikes; `…` folds to `,` (an elision is a
/// clause break); other letters fold to `0xFF` and other symbols to `0xFE`.
struct NoteText {
    /// The folded bytes, one per Unicode scalar of the original note.
    let bytes: [UInt8]
    /// True where the original scalar was an ASCII capital letter (folding loses case; soft line wraps need it).
    let capital: [Bool]

    static let otherLetter: UInt8 = 0xFF
    static let otherSymbol: UInt8 = 0xFE

    init(_ text: String) {
        var folded: [UInt8] = []
        var capitals: [Bool] = []
        folded.reserveCapacity(text.utf8.count)
        capitals.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            folded.append(Self.fold(scalar))
            capitals.append(scalar.value >= 0x41 && scalar.value <= 0x5A)
        }
        bytes = folded
        capital = capitals
    }

    /// Folds one scalar to the byte the matcher sees.
    static func fold(_ scalar: Unicode.Scalar) -> UInt8 {
        let v = scalar.value
        if v < 0x80 {
            let c = UInt8(v)
            if c >= 0x41 && c <= 0x5A { return c + 0x20 }
            if c == 0x09 { return 0x20 }
            return c
        }
        switch v {
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: return UInt8(ascii: "-")
        case 0x2044, 0x2215, 0xFF0F: return UInt8(ascii: "/")
        case 0x00A0, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return UInt8(ascii: " ")
        case 0x2028, 0x2029, 0x0085: return UInt8(ascii: "\n")
        case 0x00D7: return UInt8(ascii: "x")
        case 0x223C, 0x2248, 0x301C, 0xFF5E: return UInt8(ascii: "~")
        case 0x2018, 0x2019, 0x201A, 0x2032: return UInt8(ascii: "'")
        case 0x201C, 0x201D, 0x201E, 0x2033: return UInt8(ascii: "\"")
        case 0x2192, 0x27F6, 0x2794, 0x21D2: return UInt8(ascii: ">")
        case 0x2026: return UInt8(ascii: ",")
        default: return scalar.properties.isAlphabetic ? otherLetter : otherSymbol
        }
    }

    var count: Int { bytes.count }

    subscript(i: Int) -> UInt8 { i >= 0 && i < bytes.count ? bytes[i] : 0 }

    func isCapital(_ i: Int) -> Bool { i >= 0 && i < capital.count && capital[i] }
    func isDigit(_ i: Int) -> Bool { let c = self[i]; return c >= 0x30 && c <= 0x39 }
    func isLetter(_ i: Int) -> Bool { let c = self[i]; return (c >= 0x61 && c <= 0x7A) || c == Self.otherLetter }
    func isWordChar(_ i: Int) -> Bool { isLetter(i) || isDigit(i) }
    func isSpace(_ i: Int) -> Bool { let c = self[i]; return c == 0x20 || c == 0x0A || c == 0x0D }
    func isBlankSpace(_ i: Int) -> Bool { self[i] == 0x20 }
    func `is`(_ i: Int, _ ascii: Unicode.Scalar) -> Bool { self[i] == UInt8(ascii: ascii) }

    /// The first index at or after `i` that is not a blank (space or tab); newlines stop it.
    func skipBlanks(_ i: Int) -> Int {
        var j = i
        while j < count && bytes[j] == 0x20 { j += 1 }
        return j
    }

    /// The index just after the last non-blank before `i`.
    func skipBlanksBack(_ i: Int) -> Int {
        var j = i
        while j > 0 && bytes[j - 1] == 0x20 { j -= 1 }
        return j
    }

    /// True when `word` (lowercase ASCII) is at `i` as a whole word.
    func matches(_ word: [UInt8], at i: Int, wholeWord: Bool = true) -> Bool {
        guard i >= 0, i + word.count <= count else { return false }
        for k in 0..<word.count where bytes[i + k] != word[k] { return false }
        if wholeWord {
            if i > 0 && isLetter(i - 1) && (word.first.map { isAlpha($0) } ?? false) { return false }
            if isLetter(i + word.count) && (word.last.map { isAlpha($0) } ?? false) { return false }
        }
        return true
    }

    private func isAlpha(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }

    /// The word (letters, with inner apostrophes and hyphens) that starts at `i`.
    func wordEnd(from i: Int) -> Int {
        var j = i
        while j < count {
            if isLetter(j) { j += 1; continue }
            if (self[j] == UInt8(ascii: "'") || self[j] == UInt8(ascii: "-")) && isLetter(j + 1) && j > i { j += 1; continue }
            break
        }
        return j
    }

    /// The word of letters ending just before `end`, or nil when `end` does not follow a letter.
    func wordStart(endingAt end: Int) -> Int? {
        guard end > 0, isLetter(end - 1) else { return nil }
        var j = end
        while j > 0 && (isLetter(j - 1) || (self[j - 1] == UInt8(ascii: "'") && isLetter(j - 2))) { j -= 1 }
        return j
    }

    /// The bytes of `range`, as a String (folded non-ASCII bytes decode as U+FFFD).
    func string(_ range: Range<Int>) -> String {
        let lo = max(0, range.lowerBound), hi = min(count, range.upperBound)
        guard lo < hi else { return "" }
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    /// The lowercase word at `range`, for vocabulary look-ups.
    func word(_ range: Range<Int>) -> Substring { Substring(string(range)) }
}

extension Array where Element == UInt8 {
    /// Lowercase ASCII bytes of a vocabulary word.
    init(word: String) { self = Array(word.utf8) }
}
