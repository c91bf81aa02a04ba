import ReliefCalendar

/// Ticks for a day-ordinal axis: days, weeks (Mondays), months or years, the finest
/// unit whose labels fit the space.
///
/// Labels: days and weeks as "3 Mar" (the year added to the first tick and where it
/// changes), months as "Mar" ("Jan 2025" / the first tick with its year), years as
/// "2025".
public enum DateTicks {
    public enum Unit: Hashable, Sendable {
        case days(Int), weeks(Int), months(Int), years(Int)
    }

    /// The units tried, finest first.
    public static let units: [Unit] = [
        .days(1), .days(2), .weeks(1), .weeks(2), .months(1), .months(2), .months(3),
        .months(6), .years(1), .years(2), .years(5), .years(10),
    ]

    /// Tick positions (day ordinals) of `unit` inside `lo…hi`.
    public static func ticks(_ lo: Int, _ hi: Int, unit: Unit) -> [Int] {
        var result: [Int] = []
        guard hi >= lo else { return result }
        switch unit {
        case .days(let n):
            var d = lo
            while d <= hi { result.append(d); d += n }
        case .weeks(let n):
            var d = lo + (7 - Day.weekday(ordinal: lo)) % 7   // next Monday
            while d <= hi { result.append(d); d += 7 * n }
        case .months(let n):
            let start = Day.civil(ordinal: lo)
            var y = start.year, m = start.month
            if start.day != 1 { m += 1; if m > 12 { m = 1; y += 1 } }
            // Align to multiples of n months from January.
            while (m - 1) % n != 0 { m += 1; if m > 12 { m = 1; y += 1 } }
            while true {
                let d = Day.ordinal(year: y, month: m, day: 1)
                if d > hi { break }
                result.append(d)
                m += n; while m > 12 { m -= 12; y += 1 }
            }
        case .years(let n):
            let start = Day.civil(ordinal: lo)
            var y = start.year + ((start.month == 1 && start.day == 1) ? 0 : 1)
            y = Int((Double(y) / Double(n)).rounded(.up)) * n
            while true {
                let d = Day.ordinal(year: y, month: 1, day: 1)
                if d > hi { break }
                result.append(d); y += n
            }
        }
        return result
    }

    /// Labels for `ticks` of `unit`.
    public static func labels(_ ticks: [Int], unit: Unit, theme: Theme) -> [String] {
        var previousYear: Int?
        return ticks.map { t in
            let c = Day.civil(ordinal: t)
            defer { previousYear = c.year }
            let month = theme.monthNames.indices.contains(c.month - 1) ? theme.monthNames[c.month - 1] : "\(c.month)"
            let yearChanged = previousYear != nil && previousYear != c.year
            switch unit {
            case .days, .weeks:
                return "\(c.day) \(month)" + (previousYear == nil || yearChanged ? " \(c.year)" : "")
            case .months:
                return previousYear == nil || yearChanged || c.month == 1 ? "\(month) \(c.year)" : month
            case .years:
                return "\(c.year)"
            }
        }
    }
}
