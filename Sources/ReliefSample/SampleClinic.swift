import ReliefModel

/// What synthetic clinic to generate: its seed, size and period.
///
/// The period is the `months` calendar months ending with `end` (inclusive); the
/// generator reads no clock, so the same configuration always gives the same clinic.
///
/// ```swift
/// let config = SampleClinic(seed: 1)                    // 120 clients, 6 therapists,
/// config.period.from.iso, config.period.to.iso          // "2025-11-01", "2026-10-31"
/// ```
public struct SampleClinic: Hashable, Sendable {
    public var seed: UInt64
    public var clients: Int
    public var months: Int
    public var therapists: Int
    /// The last month of the period.
    public var end: Month
    /// Sites of a chain: with 2 or more, therapists work at one site each (in turn) and each
    /// session is at its therapist's site (`SampleGenerator.siteIDs`); 1 is a single clinic,
    /// whose sessions name no site.
    public var sites: Int = 1

    /// 2026-10, the default last month (the sample data's cut-off).
    public static let defaultEnd = Month(year: 2026, month: 10)!

    public init(seed: UInt64 = 1, clients: Int = 120, months: Int = 12, therapists: Int = 6,
                end: Month = SampleClinic.defaultEnd) {
        self.seed = seed; self.clients = clients; self.months = months
        self.therapists = therapists; self.end = end
    }

    /// Limits `validate()` enforces.
    public static let clientLimit = 1...1_000_000
    public static let monthLimit = 1...120
    public static let therapistLimit = 1...9_999
    public static let siteLimit = 1...26

    /// Checks the sizes are in range.
    ///
    /// `SampleGenerator.generate` never fails: it clamps what this rejects. Call this first
    /// where a person typed the numbers, to tell them instead.
    /// - Throws: `SampleError.invalidConfiguration` naming the value and its range.
    public func validate() throws {
        func check(_ name: String, _ value: Int, _ range: ClosedRange<Int>) throws {
            guard range.contains(value) else {
                throw SampleError.invalidConfiguration(
                    "\(name) must be between \(range.lowerBound) and \(range.upperBound), not \(value)")
            }
        }
        try check("clients", clients, Self.clientLimit)
        try check("months", months, Self.monthLimit)
        try check("therapists", therapists, Self.therapistLimit)
        try check("sites", sites, Self.siteLimit)
        if sites > therapists {
            throw SampleError.invalidConfiguration("each of the \(sites) sites needs a therapist: give at least \(sites) therapists")
        }
        guard end.year * 12 + end.month - months >= 12 else {
            throw SampleError.invalidConfiguration("the period must start in the year 1 or later")
        }
    }

    /// The period covered: the first day of the first month to the last day of `end`.
    public var period: Period {
        var first = end
        for _ in 1..<Self.clamp(months, Self.monthLimit) where first.year > 1 || first.month > 1 {
            first = first.previous
        }
        return Period(from: first.first, to: end.last)
    }

    static func clamp(_ value: Int, _ range: ClosedRange<Int>) -> Int {
        min(max(value, range.lowerBound), range.upperBound)
    }
}
