/// Whether a cell style's number format shows a number as a date, a time, or neither.
enum DateStyle: UInt8, Sendable {
    /// Not a date format: the number is a number.
    case none
    /// A date, or a date with a time (`yyyy-mm-dd`, `m/d/yy h:mm`).
    case date
    /// A time of day or an elapsed time only (`h:mm`, `mm:ss`, `[h]:mm`).
    case time

    /// The kind of a built-in format (ECMA-376 Part 1, §18.8.30): 14–17 and 22 are dates
    /// (22 with a time), 18–21 and 45–47 times; 27–36 and 50–58 are the East Asian
    /// locales' date formats.
    static func builtIn(_ id: Int) -> DateStyle {
        switch id {
        case 14...17, 22, 27...36, 50...58: return .date
        case 18...21, 45...47: return .time
        default: return .none
        }
    }

    /// The kind of a custom format code: a date when, outside quoted text, escaped
    /// characters and `[...]` sections (colours, conditions, locales), it has a `y`, `d`,
    /// or an `m` not next to `h`/`s`; a time when it has `h` or `s` (or an elapsed `[h]`,
    /// `[m]`, `[s]`) and no date part. `General`, `0.00`, `#,##0` and `@` are not dates.
    static func classify(code: String) -> DateStyle {
        var hasDate = false
        var hasTime = false
        var hasMonthOrMinute = false
        let b = Array(code.utf8)
        var i = 0
        while i < b.count {
            let c = b[i]
            switch c {
            case UInt8(ascii: "\""):
                i += 1
                while i < b.count && b[i] != UInt8(ascii: "\"") { i += 1 }
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
                i += 1
            case UInt8(ascii: "["):
                let start = i + 1
                while i < b.count && b[i] != UInt8(ascii: "]") { i += 1 }
                let inner = b[start..<min(i, b.count)].map { $0 | 0x20 }
                if !inner.isEmpty, let f = inner.first, f == UInt8(ascii: "h") || f == UInt8(ascii: "m") || f == UInt8(ascii: "s"),
                   inner.allSatisfy({ $0 == f }) {
                    hasTime = true
                }
            default:
                switch c | 0x20 {
                case UInt8(ascii: "y"), UInt8(ascii: "d"): hasDate = true
                case UInt8(ascii: "h"), UInt8(ascii: "s"): hasTime = true
                case UInt8(ascii: "m"):
                    // `m` in `AM/PM` is not a month or a minute.
                    let previous = i > 0 ? b[i - 1] | 0x20 : 0
                    if previous != UInt8(ascii: "a") && previous != UInt8(ascii: "p") { hasMonthOrMinute = true }
                case UInt8(ascii: "g"):
                    // `General` holds no date letters but must not be scanned letter by letter.
                    if b.count - i >= 7, String(decoding: b[i..<(i + 7)], as: UTF8.self).lowercased() == "general" {
                        i += 6
                    }
                default: break
                }
            }
            i += 1
        }
        if hasDate { return .date }
        if hasTime { return .time }
        return hasMonthOrMinute ? .date : .none
    }
}
