import ChartScene
import ReliefAnalytics
import ReliefModel

/// The charts of a client's monthly report, built from the client's record and progress.
public enum ClientCharts {
    /// Months of history the time charts show: the report's month and the two before it,
    /// so a single month's few sessions are seen against the course so far.
    public static let monthsShown = 3

    /// The first day the time charts show.
    public static func windowStart(_ month: Month) -> Day {
        var m = month
        for _ in 1..<monthsShown { m = m.previous }
        return m.first
    }

    public static func all(record: ClientRecord, progress: ClientProgress, month: Month, style: ReportStyle,
                           theme: Theme = .standard, measuring: some TextMeasuring) -> [ReportChart] {
        let width = style.contentWidth
        return [
            ReportChart(heading: "Pain before and after each session",
                        scene: sessionPain(record: record, progress: progress, month: month)
                            .build(size: Size(width, 250), theme: theme, measuring: measuring),
                        caption: "", slug: "pain"),
            ReportChart(heading: "Sleep, mood and stress",
                        scene: wellbeing(record: record, month: month).build(size: Size(width, 200), theme: theme, measuring: measuring),
                        slug: "wellbeing"),
            ReportChart(heading: "How long relief lasts",
                        scene: reliefDuration(progress).build(size: Size(width, 200), theme: theme, measuring: measuring),
                        caption: reliefCaption(progress.reliefDuration), slug: "relief"),
            ReportChart(heading: "Attendance",
                        scene: attendance(record: record, month: month).build(size: Size(width, 150), theme: theme, measuring: measuring),
                        slug: "attendance"),
        ]
    }

    public static func sessionPain(record: ClientRecord, progress: ClientProgress, month: Month) -> SessionPainChart {
        let from = windowStart(month), to = month.last
        let shown = record.sessions.filter { $0.day >= from && $0.day <= to }
        var trend: FittedLine?
        if let slope = progress.pain.trend.slopePerWeek, let intercept = progress.pain.trend.intercept,
           let origin = progress.pain.baselineDay {
            trend = FittedLine(slope: slope / 7, intercept: intercept, origin: Double(origin.ordinal))
        }
        return SessionPainChart(
            title: "Pain before and after each session",
            subtitle: "\(windowStart(month).month.longName) to \(month.longName) · \(shown.count) sessions shown",
            caption: "Each bar joins the pain score at the start of a session to the score at its end. The dashed line is the pain at your first session.",
            sessions: shown.map { .init(day: $0.day.ordinal, pre: $0.painBefore, post: $0.painAfter) },
            checkIns: record.checkIns.filter { $0.day >= from && $0.day <= to }.map { DayValue(day: $0.day.ordinal, value: $0.pain) },
            baseline: progress.pain.baseline,
            trend: progress.pain.trend.direction == .notEnoughData ? nil : trend)
    }

    public static func wellbeing(record: ClientRecord, month: Month) -> ScoreLinesChart {
        let from = windowStart(month), to = month.last
        let shown = record.sessions.filter { $0.day >= from && $0.day <= to }
        func series(_ m: Measure, _ name: String, _ better: ScoreLinesChart.Better) -> ScoreLinesChart.Series {
            .init(name: name, points: shown.compactMap { s in s.value(of: m).map { DayValue(day: s.day.ordinal, value: $0) } }, better: better)
        }
        return ScoreLinesChart(
            title: "Sleep, mood and stress at each session",
            subtitle: "Sleep and mood: higher is better · Stress: lower is better",
            series: [series(.sleep, "Sleep quality", .up), series(.mood, "Mood", .up), series(.stress, "Stress", .down)],
            arrangement: .smallMultiples)
    }

    public static func reliefDuration(_ p: ClientProgress) -> ReliefDurationChart {
        let d = p.reliefDuration
        let steps = d.curve.map { ReliefDurationChart.Step(time: $0.days, survival: $0.survival, lower: $0.lower95, upper: $0.upper95) }
        let curve = ReliefDurationChart.Curve(name: "Relief still holding", steps: steps, censored: [], median: d.medianDays)
        return ReliefDurationChart(title: "Share of sessions whose relief still held, by days after the session",
                                   subtitle: "\(d.intervals) sessions with relief on record",
                                   curves: d.curve.isEmpty ? [] : [curve])
    }

    static func reliefCaption(_ d: ReliefDuration) -> String {
        if d.intervals == 0 { return "No session with relief is on record yet." }
        let basis = d.exact > 0 && d.intervalCensored == 0
            ? "Based on how many days you reported relief lasted."
            : "Estimated from your pain at each visit (the exact day pain returned is not known), so it is approximate; reporting how many days relief lasted makes it precise."
        let median = d.medianDays.map { "Half of the time relief lasted about \(Wording.days($0)) or more." }
            ?? "Relief lasted past the longest follow-up more than half of the time."
        return median + " " + basis
    }

    public static func attendance(record: ClientRecord, month: Month, gapDays: Int = 10) -> AttendanceStrip {
        let days = record.sessions.filter { $0.day <= month.last && $0.day >= month.first - 60 }.map(\.day.ordinal)
        return AttendanceStrip(title: "Your visits in \(month.longName)",
                               subtitle: "Gaps of more than \(gapDays) days are highlighted",
                               period: .month(year: month.year, month: month.month),
                               sessionDays: days, gapThresholdDays: gapDays)
    }
}
