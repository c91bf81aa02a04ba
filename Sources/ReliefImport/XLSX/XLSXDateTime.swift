/// A date, a date with a time of day, or a time of day alone, as a cell shows it.
///
/// Excel stores dates as day counts ("serials") and only the cell's number format says
/// they are dates; the reader turns them into calendar values with the workbook's
/// `XLSXDateSystem`. Times are rounded to the millisecond. No time zone is implied.
struct XLSXDateTime: Sendable, Hashable, CustomStringConvertible {
    /// The year (1900 to 9999; for a time alone, the year of the system's day 0).
    let year: Int
    /// The month, 1 to 12.
    let month: Int
    /// The day of the month, 1 to 31 (29 February 1900 exists here, as in Excel).
    let day: Int
    /// Milliseconds since midnight, 0 to 86,399,999.
    let millisecondOfDay: Int
    /// Whether the cell holds a time of day with no date (serial below 1 in the 1900 system,
    /// or a time-only format such as `h:mm`).
    let isTimeOnly: Bool

    /// A date and time from its parts; nil when a part is out of range.
    init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                 millisecond: Int = 0, isTimeOnly: Bool = false) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...XLSXDateTime.daysIn(month: month, year: year)).contains(day)
                || (year == 1900 && month == 2 && day == 29),
              (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second),
              (0..<1000).contains(millisecond) else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.millisecondOfDay = ((hour * 60 + minute) * 60 + second) * 1000 + millisecond
        self.isTimeOnly = isTimeOnly
    }

    private init(year: Int, month: Int, day: Int, millisecondOfDay: Int, isTimeOnly: Bool) {
        self.year = year
        self.month = month
        self.day = day
        self.millisecondOfDay = millisecondOfDay
        self.isTimeOnly = isTimeOnly
    }

    /// The hour, 0 to 23.
    var hour: Int { millisecondOfDay / 3_600_000 }
    /// The minute, 0 to 59.
    var minute: Int { millisecondOfDay / 60_000 % 60 }
    /// The second, 0 to 59.
    var second: Int { millisecondOfDay / 1000 % 60 }
    /// The millisecond, 0 to 999.
    var millisecond: Int { millisecondOfDay % 1000 }
    /// Whether there is a time of day other than midnight.
    var hasTime: Bool { millisecondOfDay != 0 }

    /// The value from an Excel serial, or nil when the serial is not a date Excel shows
    /// (negative, or past 9999-12-31).
    ///
    /// - Parameters:
    ///   - serial: days since the system's epoch, the fraction being the time of day.
    ///   - system: the workbook's date system.
    ///   - timeOnlyFormat: the cell's format shows only a time (`h:mm`), so a serial below 1
    ///     is a time alone in either system.
    init?(serial: Double, system: XLSXDateSystem, timeOnlyFormat: Bool = false) {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let totalMs = Int((serial * 86_400_000).rounded())
        let days = totalMs / 86_400_000
        let ms = totalMs % 86_400_000
        let timeOnly = days == 0 && (system == .system1900 || timeOnlyFormat)
        switch system {
        case .system1900:
            if days == 60 {
                self.init(year: 1900, month: 2, day: 29, millisecondOfDay: ms, isTimeOnly: false)
                return
            }
            // 1899-12-31 + days before the phantom leap day, 1899-12-30 + days after it.
            let unixDays = days < 60 ? days - 25_568 : days - 25_569
            let (y, m, d) = XLSXDateTime.civil(fromDays: unixDays)
            guard y <= 9999 else { return nil }
            self.init(year: y, month: m, day: d, millisecondOfDay: ms, isTimeOnly: timeOnly)
        case .system1904:
            let (y, m, d) = XLSXDateTime.civil(fromDays: days - 24_107)
            guard y <= 9999 else { return nil }
            self.init(year: y, month: m, day: d, millisecondOfDay: ms, isTimeOnly: timeOnly)
        }
    }

    /// Parses the ISO 8601 text of a `t="d"` cell: `2024-03-14`, `2024-03-14T09:30`,
    /// `2024-03-14T09:30:15.250` (a trailing `Z` is ignored), or a time alone `09:30:15`.
    init?(iso text: String) {
        let b = Array(text.utf8)
        var i = 0
        func number(_ width: Int) -> Int? {
            guard i + width <= b.count else { return nil }
            var v = 0
            for k in i..<(i + width) {
                let d = Int(b[k]) - 48
                guard (0...9).contains(d) else { return nil }
                v = v * 10 + d
            }
            i += width
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        var year = 1899, month = 12, day = 30, timeOnly = true
        if b.count >= 10, b[4] == UInt8(ascii: "-") {
            guard let y = number(4), expect(UInt8(ascii: "-")), let m = number(2),
                  expect(UInt8(ascii: "-")), let d = number(2) else { return nil }
            (year, month, day, timeOnly) = (y, m, d, false)
            if i == b.count {
                self.init(year: year, month: month, day: day)
                return
            }
            guard expect(UInt8(ascii: "T")) || expect(UInt8(ascii: " ")) else { return nil }
        }
        guard let h = number(2), expect(UInt8(ascii: ":")), let mi = number(2) else { return nil }
        var s = 0, ms = 0
        if expect(UInt8(ascii: ":")) {
            guard let sec = number(2) else { return nil }
            s = sec
            if expect(UInt8(ascii: ".")) {
                var scale = 100
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    ms += Int(b[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
            }
        }
        _ = expect(UInt8(ascii: "Z"))
        guard i == b.count else { return nil }
        self.init(year: year, month: month, day: day, hour: h, minute: mi, second: s,
                  millisecond: ms, isTimeOnly: timeOnly)
    }

    /// `yyyy-MM-dd`, `yyyy-MM-ddTHH:mm` when there is a time (`:ss`, then `.SSS`, added
    /// only when not zero), or `HH:mm` for a time alone.
    var isoText: String {
        String(unsafeUninitializedCapacity: XLSXDateTime.maxISOBytes) { buffer in
            writeISOText(to: buffer.baseAddress!)
        }
    }

    /// The most bytes `isoText` has (`yyyy-MM-ddTHH:mm:ss.SSS`).
    static let maxISOBytes = 23

    /// Writes `isoText`'s bytes (ASCII, at most `maxISOBytes`) at `out`; returns how many.
    /// The sheet reader writes them straight into a row's text, without a `String`.
    func writeISOText(to out: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        @inline(__always) func put(_ c: UInt8) {
            out[n] = c
            n += 1
        }
        @inline(__always) func two(_ v: Int) {
            put(UInt8(48 + v / 10 % 10))
            put(UInt8(48 + v % 10))
        }
        if !isTimeOnly {
            two(year / 100); two(year % 100)
            put(45); two(month); put(45); two(day)
            if hasTime { put(UInt8(ascii: "T")) }
        }
        if isTimeOnly || hasTime {
            two(hour); put(58); two(minute)
            if second != 0 || millisecond != 0 {
                put(58); two(second)
                if millisecond != 0 {
                    put(46)
                    put(UInt8(48 + millisecond / 100))
                    two(millisecond % 100)
                }
            }
        }
        return n
    }

    var description: String { isoText }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Year, month, day from days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
