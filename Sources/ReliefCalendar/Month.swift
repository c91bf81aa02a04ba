/// A calendar month, the period of a therapist's progress report.
///
/// ```swift
/// let m = Month(iso: "2026-03")!
/// m.first.iso, m.last.iso   // "2026-03-01", "2026-03-31"
/// m.previous.iso            // "2026-02"
/// ```
public struct Month: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    public init?(iso text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 7, u[4] == UInt8(ascii: "-"),
              let y = Day.digits(u, 0, 4), let m = Day.digits(u, 5, 2) else { return nil }
        self.init(year: y, month: m)
    }

    public var iso: String { Day.pad(year, 4) + "-" + Day.pad(month, 2) }
    public var description: String { iso }

    public var first: Day { Day(year: year, month: month, day: 1)! }
    public var last: Day { Day(year: year, month: month, day: Day.daysIn(year: year, month: month))! }
    public var days: ClosedRange<Day> { first...last }
    public var dayCount: Int { Day.daysIn(year: year, month: month) }

    public var previous: Month { month == 1 ? Month(year: year - 1, month: 12)! : Month(year: year, month: month - 1)! }
    public var next: Month { month == 12 ? Month(year: year + 1, month: 1)! : Month(year: year, month: month + 1)! }

    public static func < (lhs: Month, rhs: Month) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let m = Month(iso: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a YYYY-MM month: \(s)")
        }
        self = m
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
}

/// An inclusive range of days, the period of an analysis.
public struct Period: Hashable, Sendable, Codable {
    public var from: Day
    public var to: Day
    public init(from: Day, to: Day) { self.from = from; self.to = to }
    public init(_ month: Month) { self.from = month.first; self.to = month.last }
    public func contains(_ d: Day) -> Bool { d >= from && d <= to }
    /// Number of days in the period, both ends included.
    public var length: Int { to - from + 1 }
}
