import ReliefCalendar

/// The chart gallery: every chart kind with plausible data, plus the edge cases a
/// layout must survive (no data, one point, equal values, 0 and 10, a year of
/// days, 60 sessions, a long Arabic name, missing after-scores).
///
/// Pure data; ChartCairo's `ChartGallery` renders it to docs/charts, and the scene
/// tests build every sample and check that no two labels overlap.
public struct GallerySample: Hashable, Sendable {
    /// File name without extension, e.g. `session-pain`.
    public var name: String
    /// One line for docs/charts.md.
    public var summary: String
    public var size: Size
    public var chart: Chart
    public init(name: String, summary: String, size: Size, chart: Chart) {
        self.name = name; self.summary = summary; self.size = size; self.chart = chart
    }
}

public enum GallerySamples {
    /// 2025-01-06, a Monday: day 0 of the sample data.
    static let start = Day.ordinal(year: 2025, month: 1, day: 6)

    /// A 40-character Arabic name (checked by a test).
    public static let arabicName = "عبد الرحمن بن خالد بن عبد العزيز الهاشمي"
    public static let cjkName = "陈思远（王小明）"

    /// Deterministic noise in −1…1 (a small LCG), so the gallery never changes by chance.
    struct Noise {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double((state >> 11) & 0xFFFFF) / Double(0xFFFFF) * 2 - 1
        }
    }

    static func sessions(count: Int, every: Int, from pain: Double, to end: Double, seed: UInt64,
                         missingPostEvery: Int? = nil) -> [SessionPainChart.Session] {
        var noise = Noise(state: seed)
        return (0..<count).map { i in
            let t = count > 1 ? Double(i) / Double(count - 1) : 0
            let pre = clamp((pain + (end - pain) * t + noise.next() * 0.8).rounded(), 0, 10)
            let post = clamp((pre - 1.5 - noise.next()).rounded(), 0, 10)
            let missing = missingPostEvery.map { i % $0 == $0 - 1 } ?? false
            return .init(day: start + i * every + (i % 2), pre: pre, post: missing ? nil : post)
        }
    }

    static func checkIns(count: Int, every: Int, from pain: Double, to end: Double, seed: UInt64) -> [DayValue] {
        var noise = Noise(state: seed)
        return (0..<count).map { i in
            let t = Double(i) / Double(max(1, count - 1))
            return DayValue(day: start + 3 + i * every, value: clamp((pain + (end - pain) * t + noise.next()).rounded(), 0, 10))
        }
    }

    static func daily(_ days: Int, base: Double, slope: Double, amplitude: Double, seed: UInt64, every: Int = 1) -> [DayValue] {
        var noise = Noise(state: seed)
        return stride(from: 0, to: days, by: every).map { d in
            DayValue(day: start + d, value: clamp(base + slope * Double(d) + amplitude * noise.next(), 0, 10))
        }
    }

    static let standard = Size(480, 270)

    public static var all: [GallerySample] {
        var s: [GallerySample] = []
        let pain = sessions(count: 14, every: 7, from: 7.5, to: 3, seed: 1)
        s.append(GallerySample(
            name: "session-pain", summary: "Pain before → after each session, baseline, 30% line, check-ins, trend.",
            size: standard,
            chart: .sessionPain(SessionPainChart(
                title: "Pain before and after each session", subtitle: "Lower back · 14 sessions",
                caption: "Dumbbells join the pain score before and after each session. Hollow points are check-ins between sessions.",
                sessions: pain, checkIns: checkIns(count: 12, every: 7, from: 7, to: 3.5, seed: 2), baseline: 7.5,
                trend: FittedLine(slope: -0.047, intercept: 7.2, origin: Double(start))))))
        s.append(GallerySample(
            name: "session-pain-60-sessions", summary: "60 sessions over seven months: markers shrink, dates label by month.",
            size: standard,
            chart: .sessionPain(SessionPainChart(
                title: "Sixty sessions", sessions: sessions(count: 60, every: 3, from: 8, to: 2.5, seed: 3),
                baseline: 8, trend: FittedLine(slope: -0.03, intercept: 7.6, origin: Double(start))))))
        s.append(GallerySample(
            name: "session-pain-missing-post", summary: "Sessions without an after-score show the before-marker only.",
            size: standard,
            chart: .sessionPain(SessionPainChart(
                title: "Some after-scores missing",
                sessions: sessions(count: 10, every: 5, from: 6, to: 4, seed: 4, missingPostEvery: 3), baseline: 6))))
        s.append(GallerySample(
            name: "session-pain-extremes", summary: "Scores at 0 and 10 sit inside the plot, not on its edge.",
            size: standard,
            chart: .sessionPain(SessionPainChart(
                title: "Scores at the ends of the scale",
                sessions: [.init(day: start, pre: 10, post: 0), .init(day: start + 7, pre: 10, post: 10),
                           .init(day: start + 14, pre: 0, post: 0), .init(day: start + 21, pre: 10, post: nil)],
                checkIns: [DayValue(day: start + 3, value: 0), DayValue(day: start + 10, value: 10)], baseline: 10))))
        s.append(GallerySample(
            name: "session-pain-one-point", summary: "A single session.", size: Size(320, 220),
            chart: .sessionPain(SessionPainChart(title: "First session", sessions: [.init(day: start, pre: 6, post: 3)],
                                                 baseline: 6))))
        s.append(GallerySample(
            name: "session-pain-empty", summary: "No sessions yet: axes and a note.", size: Size(320, 220),
            chart: .sessionPain(SessionPainChart(title: "No sessions yet", sessions: []))))
        s.append(GallerySample(
            name: "session-pain-arabic", summary: "A 40-character Arabic name and a CJK name in titles (RTL shaping, CJK glyphs).",
            size: standard,
            chart: .sessionPain(SessionPainChart(
                title: "Pain before and after sessions — \(arabicName)", subtitle: "Also seen by \(cjkName)",
                sessions: sessions(count: 8, every: 7, from: 6.5, to: 3, seed: 5), baseline: 6.5))))

        let sleep = daily(365, base: 4.5, slope: 0.008, amplitude: 1.2, seed: 11)
        let mood = daily(365, base: 5, slope: 0.006, amplitude: 1.4, seed: 12)
        let stress = daily(365, base: 7, slope: -0.01, amplitude: 1.3, seed: 13)
        s.append(GallerySample(
            name: "score-lines", summary: "Sleep, mood and stress on one 0–10 axis, each with its better direction.",
            size: standard,
            chart: .scoreLines(ScoreLinesChart(
                title: "Sleep, mood and stress", subtitle: "Weekly check-ins",
                series: [.init(name: "Sleep", points: daily(120, base: 4.5, slope: 0.02, amplitude: 1, seed: 21, every: 7), better: .up),
                         .init(name: "Mood", points: daily(120, base: 5, slope: 0.015, amplitude: 1, seed: 22, every: 7), better: .up),
                         .init(name: "Stress", points: daily(120, base: 7, slope: -0.025, amplitude: 1, seed: 23, every: 7), better: .down)]))))
        s.append(GallerySample(
            name: "score-lines-365-days", summary: "A year of daily scores as small multiples; month ticks.",
            size: Size(480, 340),
            chart: .scoreLines(ScoreLinesChart(
                title: "A year of daily scores", series: [.init(name: "Sleep", points: sleep, better: .up),
                                                         .init(name: "Mood", points: mood, better: .up),
                                                         .init(name: "Stress", points: stress, better: .down)],
                arrangement: .smallMultiples))))
        s.append(GallerySample(
            name: "score-lines-equal", summary: "All values equal, one series.", size: Size(320, 220),
            chart: .scoreLines(ScoreLinesChart(
                title: "Unchanged mood", series: [.init(name: "Mood", points: (0..<6).map { DayValue(day: start + 7 * $0, value: 5) },
                                                        better: .up)]))))

        s.append(GallerySample(
            name: "relief-duration", summary: "Kaplan–Meier curve with 95% band, censor ticks and the median.",
            size: standard,
            chart: .reliefDuration(ReliefDurationChart(
                title: "How long relief lasts after a session",
                caption: "Share of sessions after which the client still reported relief. Ticks mark follow-ups that ended early.",
                curves: [kmCurve(name: "All clients", seed: 31, rate: 0.13)]))))
        s.append(GallerySample(
            name: "relief-duration-compare", summary: "Two curves compared, with a legend.", size: standard,
            chart: .reliefDuration(ReliefDurationChart(
                title: "Relief after deep-tissue vs. Swedish massage",
                curves: [kmCurve(name: "Deep tissue", seed: 32, rate: 0.06), kmCurve(name: "Swedish", seed: 33, rate: 0.13)]))))

        s.append(GallerySample(
            name: "bar", summary: "Bars with 95% error bars.", size: standard,
            chart: .bar(BarChart(
                title: "Mean improvement by body region", groups: [
                    .init(label: "Neck", bars: [.init(value: 2.4, low: 1.8, high: 3.0)]),
                    .init(label: "Shoulder", bars: [.init(value: 1.9, low: 1.2, high: 2.6)]),
                    .init(label: "Back", bars: [.init(value: 3.1, low: 2.6, high: 3.6)]),
                    .init(label: "Hip", bars: [.init(value: 1.2, low: 0.3, high: 2.1)]),
                    .init(label: "Knee", bars: [.init(value: 0.8, tooFew: true)])],
                valueTitle: "Points of pain relieved (0–10 scale)"))))
        s.append(GallerySample(
            name: "bar-grouped", summary: "Grouped bars, first vs. latest month.", size: standard,
            chart: .bar(BarChart(
                title: "Pain by therapist: first and latest month", groups: [
                    .init(label: "Anna", bars: [.init(value: 6.8, low: 6.2, high: 7.4), .init(value: 3.9, low: 3.3, high: 4.5)]),
                    .init(label: "Bilal", bars: [.init(value: 7.1, low: 6.5, high: 7.7), .init(value: 4.4, low: 3.7, high: 5.1)]),
                    .init(label: "Chen", bars: [.init(value: 6.2, low: 5.4, high: 7.0), .init(value: 4.8, low: 3.9, high: 5.7)]),
                    .init(label: "Dana", bars: [.init(value: 6.9, tooFew: true), .init(value: 5.5, tooFew: true)])],
                series: ["First month", "Latest month"], valueTitle: "Mean pain (0–10)", valueRange: 0...10))))
        s.append(GallerySample(
            name: "bar-horizontal", summary: "Long labels turn the chart horizontal; too-few groups hatched.", size: standard,
            chart: .bar(BarChart(
                title: "Clients reaching 30% improvement, by technique", groups: [
                    .init(label: "Myofascial release", bars: [.init(value: 64)]),
                    .init(label: "Trigger-point therapy", bars: [.init(value: 58)]),
                    .init(label: "Deep-tissue massage", bars: [.init(value: 52)]),
                    .init(label: "Lymphatic drainage", bars: [.init(value: 41, tooFew: true)]),
                    .init(label: "Cupping with Swedish massage", bars: [.init(value: 35, tooFew: true)])],
                valueTitle: "Clients reaching 30% improvement (%)", valueRange: 0...100, decimals: 0))))

        var noise = Noise(state: 41)
        let scatter = (0..<48).map { i -> ScatterChart.Datum in
            let x = Double(2 + i % 16)
            return ScatterChart.Datum(x: x, y: clamp(0.2 * x + 0.6 + noise.next() * 1.1, 0, 10), group: i % 3)
        }
        s.append(GallerySample(
            name: "scatter", summary: "Scatter coloured by group, with a fitted line.", size: standard,
            chart: .scatter(ScatterChart(
                title: "More sessions, more relief", points: scatter, groups: ["Neck", "Back", "Shoulder"],
                fit: FittedLine(slope: 0.2, intercept: 0.6), fitLabel: "Theil–Sen fit",
                xTitle: "Sessions attended", yTitle: "Improvement (points)"))))
        s.append(GallerySample(
            name: "scatter-one-point", summary: "One point and all values equal.", size: Size(320, 220),
            chart: .scatter(ScatterChart(title: "One client", points: [.init(x: 5, y: 5)], xTitle: "Sessions", yTitle: "Improvement"))))

        var visits: [Int] = []
        var day = start - 20
        var gapNoise = Noise(state: 51)
        while day < start + 380 {
            visits.append(day)
            day += 3 + Int((gapNoise.next() + 1) * 3) + (visits.count % 17 == 0 ? 19 : 0)
        }
        s.append(GallerySample(
            name: "attendance-month", summary: "A month's calendar: session days filled, long gaps hatched.",
            size: Size(300, 260),
            chart: .attendance(AttendanceStrip(title: "Visits in March 2025", period: .month(year: 2025, month: 3),
                                               sessionDays: visits, gapThresholdDays: 10))))
        s.append(GallerySample(
            name: "attendance-year", summary: "A year as 53 week columns.", size: Size(480, 140),
            chart: .attendance(AttendanceStrip(title: "Visits in 2025", period: .year(2025), sessionDays: visits,
                                               gapThresholdDays: 14))))

        s.append(GallerySample(
            name: "sparkline", summary: "Word-sized pain trend with the last value.", size: Size(110, 22),
            chart: .sparkline(Sparkline(values: pain.map(\.pre), range: 0...10, band: 0...3, showExtremes: true,
                                        showLastValue: true, decimals: 0, title: "Pain trend"))))
        s.append(GallerySample(
            name: "sparkline-one-point", summary: "A sparkline of one value.", size: Size(80, 18),
            chart: .sparkline(Sparkline(values: [4], range: 0...10, showLastValue: true, decimals: 0))))
        return s
    }

    static func kmCurve(name: String, seed: UInt64, rate: Double) -> ReliefDurationChart.Curve {
        var noise = Noise(state: seed)
        var steps: [ReliefDurationChart.Step] = []
        var censored: [Double] = []
        var s = 1.0, t = 0.0, atRisk = 60.0
        var median: Double?
        while t < 30 && atRisk > 3 {
            t += 1 + Double(Int((noise.next() + 1) * 1.5))
            if noise.next() > 0.55 { censored.append(t + 0.5); atRisk -= 1; continue }
            let events = max(1, (atRisk * rate).rounded())
            s *= (atRisk - events) / atRisk
            atRisk -= events
            let se = s * (1 / max(1, atRisk)).squareRoot() * 0.9
            steps.append(.init(time: t, survival: s, lower: max(0, s - 1.96 * se), upper: min(1, s + 1.96 * se)))
            if median == nil && s <= 0.5 { median = t }
        }
        return .init(name: name, steps: steps, censored: censored, median: median)
    }
}
