import ReliefCalendar

/// A calendar of one month (a grid of weeks) or one year (a strip of 53 week
/// columns) with session days filled and days inside long gaps hatched.
///
/// ```swift
/// let strip = AttendanceStrip(title: "Visits in March", period: .month(year: 2025, month: 3),
///                             sessionDays: visits, gapThresholdDays: 14)
/// ```
///
/// A gap is the days between two consecutive session days of the period shown, when they are
/// more than `gapThresholdDays` apart; its length is the difference of the two days (visits on
/// the 1st and the 18th: a 17-day gap), as metrics.md §5 and `Consistency.longestGapDays` count
/// it. The days in between are hatched. Sessions outside the period are ignored, as
/// metrics.md counts gaps within a period only. Duplicate days count once.
public struct AttendanceStrip: ChartSpec {
    public enum Period: Hashable, Sendable, Codable {
        case month(year: Int, month: Int)
        case year(Int)

        /// First and last day ordinal of the period.
        public var days: ClosedRange<Int> {
            switch self {
            case let .month(y, m):
                let mm = min(12, max(1, m))
                let first = Day.ordinal(year: y, month: mm, day: 1)
                return first...(first + Day.daysIn(year: y, month: mm) - 1)
            case let .year(y):
                return Day.ordinal(year: y, month: 1, day: 1)...Day.ordinal(year: y, month: 12, day: 31)
            }
        }
    }

    public struct Labels: Hashable, Sendable, Codable {
        public var session = "Session"
        /// Legend text for a missed appointment (cancelled or no-show), shown when there is one.
        public var missed = "Missed appointment"
        /// Legend text for a gap; "{n}" becomes the threshold.
        public var gap = "Gap over {n} days"
        /// Summary; "{count}", "{n}" and "{longest}" are filled in.
        public var gapSummaryOne = "1 gap over {n} days: {longest} days"
        public var gapSummaryMany = "{count} gaps over {n} days, the longest {longest} days"
        public var noGaps = "No gaps over {n} days"
        public init() {}
    }

    public var title: String
    public var subtitle: String?
    public var caption: String?
    public var period: Period
    public var sessionDays: [Int]
    /// Days of missed appointments (cancelled or no-show), outlined; a day with a visit too is a visit.
    public var missedDays: [Int]
    public var gapThresholdDays: Int
    public var labels: Labels

    public init(title: String, subtitle: String? = nil, caption: String? = nil, period: Period,
                sessionDays: [Int], missedDays: [Int] = [], gapThresholdDays: Int = 14, labels: Labels = Labels()) {
        self.title = title; self.subtitle = subtitle; self.caption = caption; self.period = period
        self.sessionDays = sessionDays; self.missedDays = missedDays; self.gapThresholdDays = gapThresholdDays
        self.labels = labels
    }

    /// Gaps longer than the threshold between the period's session days, as the days without a
    /// session (first and last); a gap's length in days is `count + 1`.
    public var gaps: [ClosedRange<Int>] {
        let days = Array(Set(sessionDays.filter(period.days.contains))).sorted()
        var result: [ClosedRange<Int>] = []
        for (a, b) in zip(days, days.dropFirst()) where b - a > gapThresholdDays {
            result.append((a + 1)...(b - 1))
        }
        return result
    }

    func fill(_ template: String, _ values: [String: String]) -> String {
        var s = template
        for (k, v) in values { s = s.replacingOccurrences(of: "{\(k)}", with: v) }
        return s
    }

    public func build(size: Size, theme: Theme, measuring: some TextMeasuring) -> Scene {
        let frame = ChartFrame(size: size, theme: theme, measuring: measuring, title: title,
                               subtitle: subtitle, caption: caption)
        var (items, body) = frame.chrome()
        let range = period.days
        let sessions = Set(sessionDays.filter { range.contains($0) })
        let missed = Set(missedDays.filter { range.contains($0) && !sessions.contains($0) })
        let allGaps = gaps
        let visibleGaps = allGaps.filter { $0.overlaps(range) }
        var inGap = Set<Int>()
        for g in visibleGaps { for d in max(g.lowerBound, range.lowerBound)...min(g.upperBound, range.upperBound) { inGap.insert(d) } }

        // Legend and summary in one row above the calendar.
        let n = String(gapThresholdDays)
        let sessionColor = theme.series(0).color
        var entries = [LegendEntry(labels.session, .swatch(sessionColor, hatched: false)),
                       LegendEntry(fill(labels.gap, ["n": n]), .swatch(theme.highlight, hatched: true))]
        if !missed.isEmpty { entries.append(LegendEntry(labels.missed, .marker(.square, theme.mutedText, hollow: true))) }
        let legend = frame.legend(entries, maxWidth: body.width)
        let legendSize = legend.size
        items += legend.items(at: Point(body.minX - LegendLayout.inset, body.minY), backdrop: false)
        var top = body.minY + legendSize.height
        let summary = visibleGaps.isEmpty
            ? fill(labels.noGaps, ["n": n])
            : fill(visibleGaps.count == 1 ? labels.gapSummaryOne : labels.gapSummaryMany, ["count": String(visibleGaps.count), "n": n,
                                       "longest": String(visibleGaps.map { $0.count + 1 }.max() ?? 0)])
        let summaryFont = theme.annotationFont
        let summaryText = measuring.fit(summary, font: summaryFont, width: body.width)
        items.append(.text(summaryText, at: Point(body.minX, top), font: summaryFont, color: theme.mutedText,
                           anchor: .start, baseline: .top, angle: 0))
        top += frame.lineHeight(summaryFont) + theme.gap
        let grid = Rect(x: body.minX, y: top, width: body.width, height: max(0, body.maxY - top))
        switch period {
        case let .month(y, m):
            items += month(year: y, month: m, range: range, in: grid, sessions: sessions, missed: missed, inGap: inGap,
                           theme: theme, measuring: measuring)
        case .year:
            items += year(range: range, in: grid, sessions: sessions, missed: missed, inGap: inGap, theme: theme,
                          measuring: measuring)
        }
        return Scene(size: size, items: items, title: title)
    }

    func cell(_ r: Rect, day: Int, sessions: Set<Int>, missed: Set<Int>, inGap: Set<Int>, theme: Theme) -> [SceneItem] {
        if sessions.contains(day) {
            return [.rect(r, fill: theme.series(0).color, stroke: nil)]
        }
        if missed.contains(day) {
            let w = max(1, r.width / 10)
            return [.rect(r.insetBy(dx: w / 2, dy: w / 2), fill: Color(hex: 0xFFFFFF), stroke: Stroke(color: theme.mutedText, width: w))]
        }
        if inGap.contains(day) {
            return [.rect(r, fill: theme.highlight.withAlpha(0.16), stroke: Stroke(color: theme.highlight, width: 0.5)),
                    Hatch.items(in: r, spacing: max(2, r.width / 4), stroke: Stroke(color: theme.highlight.withAlpha(0.8), width: 0.5))]
        }
        return [.rect(r, fill: Color(hex: 0xEFEFEF), stroke: nil)]
    }

    func month(year: Int, month: Int, range: ClosedRange<Int>, in grid: Rect, sessions: Set<Int>, missed: Set<Int>, inGap: Set<Int>,
               theme: Theme, measuring: some TextMeasuring) -> [SceneItem] {
        var items: [SceneItem] = []
        let firstWeekday = Day.weekday(ordinal: range.lowerBound)
        let rows = (firstWeekday + range.count + 6) / 7
        let headerFont = theme.tickFont
        let header = measuring.measure("Hg", font: headerFont).height + 2
        let s = max(4, min(grid.width / 7, (grid.height - header) / Double(rows), 40))
        let gap = max(1, s * 0.08)
        // Weekday initials.
        for (i, w) in theme.weekdayInitials.prefix(7).enumerated() {
            items.append(.text(w, at: Point(grid.minX + (Double(i) + 0.5) * s, grid.minY), font: headerFont,
                               color: theme.mutedText, anchor: .middle, baseline: .top, angle: 0))
        }
        let numberSize = min(theme.annotationSize, s * 0.36)
        let numberFont = theme.font(numberSize)
        for day in range {
            let index = firstWeekday + (day - range.lowerBound)
            let r = Rect(x: grid.minX + Double(index % 7) * s + gap / 2, y: grid.minY + header + Double(index / 7) * s + gap / 2,
                         width: s - gap, height: s - gap)
            items += cell(r, day: day, sessions: sessions, missed: missed, inGap: inGap, theme: theme)
            if s >= 12 {
                let color: Color = sessions.contains(day) ? .white : theme.mutedText
                items.append(.text(String(day - range.lowerBound + 1), at: Point(r.minX + 1.5, r.minY + 1), font: numberFont,
                                   color: color, anchor: .start, baseline: .top, angle: 0))
            }
        }
        return items
    }

    func year(range: ClosedRange<Int>, in grid: Rect, sessions: Set<Int>, missed: Set<Int>, inGap: Set<Int>, theme: Theme,
              measuring: some TextMeasuring) -> [SceneItem] {
        var items: [SceneItem] = []
        let font = theme.tickFont
        let labelH = measuring.measure("Hg", font: font).height + 2
        let leftW = (theme.weekdayInitials.prefix(7).map { measuring.measure($0, font: font).width }.max() ?? 0) + 4
        let firstMonday = range.lowerBound - Day.weekday(ordinal: range.lowerBound)
        let columns = (range.upperBound - firstMonday) / 7 + 1
        let s = max(2, min((grid.width - leftW) / Double(columns), (grid.height - labelH) / 7, 24))
        let gap = max(0.5, s * 0.12)
        let x0 = grid.minX + leftW, y0 = grid.minY + labelH
        for row in [0, 2, 4] where theme.weekdayInitials.count > row {
            items.append(.text(theme.weekdayInitials[row], at: Point(grid.minX, y0 + (Double(row) + 0.5) * s), font: font,
                               color: theme.mutedText, anchor: .start, baseline: .middle, angle: 0))
        }
        var lastLabelEnd = -Double.infinity
        for day in range {
            let column = (day - firstMonday) / 7, row = Day.weekday(ordinal: day)
            let r = Rect(x: x0 + Double(column) * s + gap / 2, y: y0 + Double(row) * s + gap / 2, width: s - gap, height: s - gap)
            items += cell(r, day: day, sessions: sessions, missed: missed, inGap: inGap, theme: theme)
            let date = Day.civil(ordinal: day)
            if date.day == 1 {
                let name = theme.monthNames.indices.contains(date.month - 1) ? theme.monthNames[date.month - 1] : "\(date.month)"
                let x = x0 + Double(column) * s
                let w = measuring.measure(name, font: font).width
                if x >= lastLabelEnd + 3 && x + w <= grid.maxX {
                    items.append(.text(name, at: Point(x, grid.minY), font: font, color: theme.mutedText,
                                       anchor: .start, baseline: .top, angle: 0))
                    lastLabelEnd = x + w
                }
            }
        }
        return items
    }
}
