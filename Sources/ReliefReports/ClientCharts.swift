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
                           language: ReportLanguage = .english, measuring: some TextMeasuring) -> [ReportChart] {
        let width = style.contentWidth
        let theme = language.theme(style.theme)
        let w = language
        return [
            ReportChart(heading: w.painChartHeading,
                        scene: sessionPain(record: record, progress: progress, month: month, language: w)
                            .build(size: Size(width, 250), theme: theme, measuring: measuring),
                        caption: "", slug: "pain"),
            ReportChart(heading: w.wellbeingChartHeading,
                        scene: wellbeing(record: record, month: month, language: w)
                            .build(size: Size(width, 200), theme: theme, measuring: measuring),
                        slug: "wellbeing"),
            ReportChart(heading: w.reliefChartHeading,
                        scene: reliefDuration(progress, language: w).build(size: Size(width, 200), theme: theme, measuring: measuring),
                        caption: w.reliefCaption(progress.reliefDuration), slug: "relief"),
            ReportChart(heading: w.attendanceChartHeading,
                        scene: attendance(record: record, month: month, language: w)
                            .build(size: Size(width, 150), theme: theme, measuring: measuring),
                        caption: progress.appointments.map(w.appointmentsCaption) ?? "", slug: "attendance"),
        ]
    }

    public static func sessionPain(record: ClientRecord, progress: ClientProgress, month: Month,
                                   language w: ReportLanguage = .english) -> SessionPainChart {
        let from = windowStart(month), to = month.last
        let shown = record.sessions.filter { $0.day >= from && $0.day <= to }
        var trend: FittedLine?
        if let slope = progress.pain.trend.slopePerWeek, let intercept = progress.pain.trend.intercept,
           let origin = progress.pain.baselineDay {
            trend = FittedLine(slope: slope / 7, intercept: intercept, origin: Double(origin.ordinal))
        }
        return SessionPainChart(
            title: w.painChartHeading,
            subtitle: w.painChartSubtitle(from: windowStart(month).month, to: month, shown: shown.count),
            caption: w.painChartCaption,
            sessions: shown.map { .init(day: $0.day.ordinal, pre: $0.painBefore, post: $0.painAfter) },
            checkIns: record.checkIns.filter { $0.day >= from && $0.day <= to }.map { DayValue(day: $0.day.ordinal, value: $0.pain) },
            baseline: progress.pain.baseline,
            trend: progress.pain.trend.direction == .notEnoughData ? nil : trend,
            labels: w.sessionPainLabels)
    }

    public static func wellbeing(record: ClientRecord, month: Month, language w: ReportLanguage = .english) -> ScoreLinesChart {
        let from = windowStart(month), to = month.last
        let shown = record.sessions.filter { $0.day >= from && $0.day <= to }
        func series(_ m: Measure, _ better: ScoreLinesChart.Better) -> ScoreLinesChart.Series {
            .init(name: w.measureName(m), points: shown.compactMap { s in s.value(of: m).map { DayValue(day: s.day.ordinal, value: $0) } }, better: better)
        }
        return ScoreLinesChart(
            title: w.wellbeingChartTitle,
            subtitle: w.wellbeingChartSubtitle,
            series: [series(.sleep, .up), series(.mood, .up), series(.stress, .down)],
            arrangement: .smallMultiples, labels: w.scoreLinesLabels)
    }

    public static func reliefDuration(_ p: ClientProgress, language w: ReportLanguage = .english) -> ReliefDurationChart {
        let d = p.reliefDuration
        let steps = d.curve.map { ReliefDurationChart.Step(time: $0.days, survival: $0.survival, lower: $0.lower95, upper: $0.upper95) }
        let curve = ReliefDurationChart.Curve(name: w.reliefCurveName, steps: steps, censored: [], median: d.medianDays,
                                              medianText: w.medianLabel(d.median))
        return ReliefDurationChart(title: w.reliefChartTitle,
                                   subtitle: w.reliefChartSubtitle(sessions: d.intervals),
                                   curves: d.curve.isEmpty ? [] : [curve], labels: w.reliefLabels)
    }

    public static func attendance(record: ClientRecord, month: Month, gapDays: Int = 10,
                                  language w: ReportLanguage = .english) -> AttendanceStrip {
        // The month's visits: gaps are counted between visits of the month (metrics.md §5), as
        // the attendance card and `consistency.longestGapDays` count them.
        // Visits are session days and attended appointments' days (`ClientRecord.visitDays`).
        let period = Period(month)
        let days = record.visitDays.filter(period.contains).map(\.ordinal)
        let missed = record.appointments.filter { period.contains($0.day) && $0.status.isMissed }.map(\.day.ordinal)
        return AttendanceStrip(title: w.attendanceChartTitle(month),
                               subtitle: w.attendanceChartSubtitle(gapDays: gapDays),
                               period: .month(year: month.year, month: month.month),
                               sessionDays: days, missedDays: missed, gapThresholdDays: gapDays, labels: w.attendanceLabels)
    }
}
