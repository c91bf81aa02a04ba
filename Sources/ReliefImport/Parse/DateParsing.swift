import Foundation
import ReliefModel

/// The result of reading a date field.
enum DateParse: Equatable {
    case ok(Day, minute: Int?)
    /// Not in an accepted layout.
    case badLayout
    /// The layout is right but the date or time does not exist (2026-02-30, 25:10).
    case impossible
}

/// Reads dates from bytes: ISO 8601 always, and one extra layout when the clinic
/// names it (`--date-format dd/MM/yyyy`). Nothing is guessed: `03/04/2026` is
/// refused unless a layout says which number is the month.
///
/// ISO 8601 accepted: `2026-03-14`, then optionally `T` (or a space) and `09:30`,
/// `09:30:15` or `09:30:15.250`, then optionally `Z` or an offset (`+01:00`,
/// `+0100`, `+01`). Without a clinic time zone the day and minute are the local ones as written
/// and an offset is checked but not applied (a session at 23:30-05:00 happened on the day
/// written); with one (`clinicZone`), a time with an offset is moved to the clinic's clock.
struct DateParser: Sendable {
    private let pattern: [Token]?
    let patternText: String?

    enum Token: Sendable, Equatable {
        case year4, month2, month, day2, day, hour2, hour, minute2, second2
        /// `MMM` / `MMMM`: an English month name, full or abbreviated (`Oct`, `Oct.`, `October`), any case.
        case monthName
        /// `h` / `hh`: an hour of 1–12, with `a` for AM or PM.
        case hour12
        /// `a`: `AM`, `PM`, `am`, `pm`, `a.m.`, `p.m.`.
        case ampm
        /// `z`: a zone designator (`GMT+3`, `GMT-05:30`, `UTC`, `Z`, `+01:00`): an offset, like ISO's.
        case zone
        case literal(UInt8)
    }

    /// - Throws: `ImportError.badDateFormat` for a pattern without year, month and day,
    ///   with a two-digit year, or with an unknown letter.
    init(format: String?, zone: TimeZone? = nil) throws(ImportError) {
        patternText = format
        clinicZone = zone
        guard let format else { pattern = nil; return }
        var tokens: [Token] = []
        let u = Array(format.utf8)
        var i = 0
        while i < u.count {
            let c = u[i]
            var run = 1
            while i + run < u.count && u[i + run] == c { run += 1 }
            switch (c, run) {
            case (UInt8(ascii: "y"), 4): tokens.append(.year4)
            case (UInt8(ascii: "y"), _):
                throw .badDateFormat(pattern: format, reason: "use yyyy: a two-digit year is ambiguous")
            case (UInt8(ascii: "M"), 3), (UInt8(ascii: "M"), 4): tokens.append(.monthName)
            case (UInt8(ascii: "M"), 2): tokens.append(.month2)
            case (UInt8(ascii: "M"), 1): tokens.append(.month)
            case (UInt8(ascii: "d"), 2): tokens.append(.day2)
            case (UInt8(ascii: "d"), 1): tokens.append(.day)
            case (UInt8(ascii: "H"), 2): tokens.append(.hour2)
            case (UInt8(ascii: "H"), 1): tokens.append(.hour)
            case (UInt8(ascii: "h"), 1), (UInt8(ascii: "h"), 2): tokens.append(.hour12)
            case (UInt8(ascii: "a"), 1): tokens.append(.ampm)
            case (UInt8(ascii: "z"), _): tokens.append(.zone)
            case (UInt8(ascii: "m"), 2): tokens.append(.minute2)
            case (UInt8(ascii: "s"), 2): tokens.append(.second2)
            default:
                if (c >= 65 && c <= 90) || (c >= 97 && c <= 122) {
                    throw .badDateFormat(pattern: format, reason:
                        "\"\(String(repeating: Character(Unicode.Scalar(c)), count: run))\" is not understood; "
                        + "use yyyy, MMMM, MMM, MM, M, dd, d, HH, H, hh, h, mm, ss, a, z and separators")
                }
                for _ in 0..<run { tokens.append(.literal(c)) }
            }
            i += run
        }
        for need in [Token.year4] where !tokens.contains(need) {
            throw .badDateFormat(pattern: format, reason: "it has no year (yyyy)")
        }
        guard tokens.contains(.month2) || tokens.contains(.month) || tokens.contains(.monthName) else {
            throw .badDateFormat(pattern: format, reason: "it has no month (MM, M or MMM)")
        }
        guard tokens.contains(.hour12) == tokens.contains(.ampm) else {
            throw .badDateFormat(pattern: format, reason: "a 12-hour clock needs both h and a (AM or PM), and a needs h")
        }
        guard tokens.contains(.day2) || tokens.contains(.day) else {
            throw .badDateFormat(pattern: format, reason: "it has no day (dd or d)")
        }
        pattern = tokens
    }

    /// The clinic's time zone (`relief import --timezone`, stored with the database). With one, a
    /// time written with a UTC offset (`…T23:30:00Z`, `GMT+3`), or in a column whose header says
    /// `(UTC)`, is moved to the clinic's clock, and so may land on another day; without one, the
    /// day and time are the ones written.
    var clinicZone: TimeZone?

    /// The day (and minute) a value means; `assumeUTC` for a column whose header says `(UTC)`.
    func parse(_ b: UnsafeBufferPointer<UInt8>, assumeUTC: Bool = false) -> DateParse {
        let (result, offset) = parseWritten(b)
        guard let zone = clinicZone, case .ok(let day, let minute?) = result, let o = offset ?? (assumeUTC ? 0 : nil)
        else { return result }
        return DateParser.convert(day: day, minute: minute, offset: o, to: zone)
    }

    /// The value as written, and the UTC offset in minutes it states (nil for none).
    func parseWritten(_ b: UnsafeBufferPointer<UInt8>) -> (DateParse, offset: Int?) {
        var offset: Int?
        let iso = parseISO(b, &offset)
        if case .badLayout = iso, let pattern {
            offset = nil
            let r = parsePattern(b, pattern, &offset)
            return (r, offset)
        }
        return (iso, offset)
    }

    /// A local day and minute at UTC offset `offset` (minutes east), on `zone`'s clock.
    static func convert(day: Day, minute: Int, offset: Int, to zone: TimeZone) -> DateParse {
        let utcMinutes = day.ordinal * 1440 + minute - offset
        let seconds = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utcMinutes) * 60))
        let local = utcMinutes + seconds / 60
        let d = Int((Double(local) / 1440).rounded(.down))
        return .ok(Day(ordinal: d), minute: local - d * 1440)
    }

    private func parseISO(_ b: UnsafeBufferPointer<UInt8>, _ offset: inout Int?) -> DateParse {
        let n = b.count
        guard n >= 10, b[4] == 0x2D, b[7] == 0x2D,
              let y = num(b, 0, 4), let m = num(b, 5, 2), let d = num(b, 8, 2) else { return .badLayout }
        var minute: Int?
        if n > 10 {
            guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "),
                  let t = parseTime(b, 11, &offset) else { return .badLayout }
            switch t {
            case .failure: return .impossible
            case .success(let mm): minute = mm
            }
        }
        guard let day = Day(year: y, month: m, day: d) else { return .impossible }
        return .ok(day, minute: minute)
    }

    /// `HH:MM[:SS[.fff]][Z|±HH[:MM]]` from `start` to the end. `nil` on a bad layout,
    /// `.failure` on an impossible time.
    private func parseTime(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ offset: inout Int?) -> Result<Int, DateProblem>? {
        let n = b.count
        var i = start
        guard i + 5 <= n, b[i + 2] == 0x3A, let h = num(b, i, 2), let mi = num(b, i + 3, 2) else { return nil }
        i += 5
        var second = 0
        if i < n && b[i] == 0x3A {
            guard i + 3 <= n, let s = num(b, i + 1, 2) else { return nil }
            second = s
            i += 3
            if i < n && (b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",")) {
                i += 1
                let f = i
                while i < n && isDigit(b[i]) { i += 1 }
                guard i > f else { return nil }
            }
        }
        if i < n {
            if b[i] == UInt8(ascii: "Z") {
                i += 1
                offset = 0
            } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                guard i + 3 <= n, let oh = num(b, i + 1, 2) else { return nil }
                i += 3
                var om = 0
                if i < n {
                    if b[i] == 0x3A { i += 1 }
                    guard i + 2 <= n, let v = num(b, i, 2) else { return nil }
                    om = v
                    i += 2
                }
                guard oh <= 14, om <= 59 else { return .failure(.impossible) }
                offset = sign * (oh * 60 + om)
            } else {
                return nil
            }
        }
        guard i == n else { return nil }
        guard h <= 23, mi <= 59, second <= 60 else { return .failure(.impossible) }
        return .success(h * 60 + mi)
    }

    enum DateProblem: Error { case impossible }

    private func parsePattern(_ b: UnsafeBufferPointer<UInt8>, _ tokens: [Token], _ offset: inout Int?) -> DateParse {
        let n = b.count
        var i = 0
        var y = 0, m = 0, d = 0, h: Int?, mi: Int?, h12: Int?, pm: Bool?
        func digits(_ minCount: Int, _ maxCount: Int) -> Int? {
            var v = 0, k = 0
            while k < maxCount && i < n && isDigit(b[i]) { v = v * 10 + Int(b[i] - 48); i += 1; k += 1 }
            return k >= minCount ? v : nil
        }
        for t in tokens {
            switch t {
            case .year4: guard let v = digits(4, 4) else { return .badLayout }; y = v
            case .month2: guard let v = digits(2, 2) else { return .badLayout }; m = v
            case .month: guard let v = digits(1, 2) else { return .badLayout }; m = v
            case .day2: guard let v = digits(2, 2) else { return .badLayout }; d = v
            case .day: guard let v = digits(1, 2) else { return .badLayout }; d = v
            case .hour2: guard let v = digits(2, 2) else { return .badLayout }; h = v
            case .hour: guard let v = digits(1, 2) else { return .badLayout }; h = v
            case .minute2: guard let v = digits(2, 2) else { return .badLayout }; mi = v
            case .second2: guard digits(2, 2) != nil else { return .badLayout }
            case .monthName:
                guard let (v, used) = DateParser.monthName(b, from: i) else { return .badLayout }
                m = v; i += used
            case .hour12: guard let v = digits(1, 2) else { return .badLayout }; h12 = v
            case .ampm:
                guard let (isPM, used) = DateParser.ampm(b, from: i) else { return .badLayout }
                pm = isPM; i += used
            case .zone:
                guard let (used, minutes) = DateParser.zone(b, from: i) else { return .badLayout }
                i += used
                offset = minutes
            case .literal(let c):
                // A space in the layout also takes a run of spaces (exports pad times: `9:05  AM`).
                guard i < n, b[i] == c else { return .badLayout }
                i += 1
                if c == 0x20 { while i < n && b[i] == 0x20 { i += 1 } }
            }
        }
        if let h12, let pm {
            guard (1...12).contains(h12) else { return .impossible }
            h = h12 % 12 + (pm ? 12 : 0)
        }
        var minute: Int?
        if let h {
            guard h <= 23, (mi ?? 0) <= 59 else { return .impossible }
            minute = h * 60 + (mi ?? 0)
        }
        if i < n {
            // A time after a date-only layout: `14/03/2026 09:30`.
            guard h == nil, b[i] == UInt8(ascii: " ") || b[i] == UInt8(ascii: "T") else { return .badLayout }
            switch parseTime(b, i + 1, &offset) {
            case nil: return .badLayout
            case .failure?: return .impossible
            case .success(let mm)?: minute = mm
            }
        }
        guard let day = Day(year: y, month: m, day: d) else { return .impossible }
        return .ok(day, minute: minute)
    }

    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                             "october", "november", "december"]

    /// An English month name at `i` (full, or its first three letters, optionally with a dot; `Sept`
    /// too): the month and the bytes used.
    static func monthName(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> (Int, Int)? {
        var j = i
        var word = ""
        while j < b.count, (b[j] | 0x20) >= 97, (b[j] | 0x20) <= 122 { word.append(Character(Unicode.Scalar(b[j] | 0x20))); j += 1 }
        guard word.count >= 3 else { return nil }
        for (k, name) in monthNames.enumerated() where name == word || (word.count <= 4 && name.hasPrefix(word)) {
            if j < b.count, b[j] == UInt8(ascii: "."), word != name { j += 1 }
            return (k + 1, j - i)
        }
        return nil
    }

    /// `AM`/`PM` in any case, with or without dots (`a.m.`): true for PM, and the bytes used.
    static func ampm(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> (Bool, Int)? {
        var j = i
        guard j < b.count else { return nil }
        let first = b[j] | 0x20
        guard first == 97 || first == 112 else { return nil }
        j += 1
        if j < b.count, b[j] == UInt8(ascii: ".") { j += 1 }
        guard j < b.count, b[j] | 0x20 == 109 else { return nil }
        j += 1
        if j < b.count, b[j] == UInt8(ascii: ".") { j += 1 }
        return (first == 112, j - i)
    }

    /// A zone designator at `i`: `Z`, `UTC`, `GMT`, either followed by an optional offset, or a bare
    /// offset `±H`, `±HH`, `±HH:MM`, `±HHMM` (at most 14 hours, 59 minutes): the bytes used and the
    /// offset in minutes east of UTC.
    static func zone(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int)? {
        var i = start
        func word(_ w: String) -> Bool {
            let u = Array(w.utf8)
            guard i + u.count <= b.count else { return false }
            for k in 0..<u.count where b[i + k] | 0x20 != u[k] { return false }
            i += u.count
            return true
        }
        if i < b.count, b[i] == UInt8(ascii: "Z") { return (1, 0) }
        let named = word("utc") || word("gmt")
        guard i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return named ? (i - start, 0) : nil }
        let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
        i += 1
        var hours = 0, digits = 0
        while i < b.count, digits < 2, b[i] >= 48, b[i] <= 57 { hours = hours * 10 + Int(b[i] - 48); i += 1; digits += 1 }
        guard digits > 0, hours <= 14 else { return nil }
        if i < b.count, b[i] == UInt8(ascii: ":") { i += 1 }
        var minutes = 0, md = 0
        while i < b.count, md < 2, b[i] >= 48, b[i] <= 57 { minutes = minutes * 10 + Int(b[i] - 48); i += 1; md += 1 }
        guard md == 0 || md == 2, minutes <= 59 else { return nil }
        return (i - start, sign * (hours * 60 + minutes))
    }

    @inline(__always)
    private func num(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var v = 0
        for k in start..<(start + count) {
            let c = b[k]
            guard isDigit(c) else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }

    /// What to tell the clinic the accepted layouts are.
    var expected: String {
        if let patternText { return "\(patternText) or ISO 8601 (2026-03-14)" }
        return "ISO 8601 (2026-03-14); other layouts need --date-format"
    }
}
