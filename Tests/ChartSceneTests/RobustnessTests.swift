import Testing
@testable import ChartScene

/// Seeded random specs — odd values, odd sizes, odd counts — must build without
/// crashing and without overlapping text.
@Suite struct RobustnessTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    static func value(_ g: inout Generator) -> Double {
        switch Int.random(in: 0..<20, using: &g) {
        case 0: return .nan
        case 1: return 0
        case 2: return 10
        case 3: return Double.random(in: -50...50, using: &g)
        default: return Double.random(in: 0...10, using: &g).rounded()
        }
    }

    static func chart(_ g: inout Generator) -> Chart {
        let n = [0, 1, 2, 5, 30, 120][Int.random(in: 0..<6, using: &g)]
        let start = day0 + Int.random(in: -3000...3000, using: &g)
        let spread = [1, 3, 7, 30, 400][Int.random(in: 0..<5, using: &g)]
        let days = (0..<n).map { start + $0 * spread / max(1, n / 10 + 1) + Int.random(in: 0...2, using: &g) }
        switch Int.random(in: 0..<7, using: &g) {
        case 0:
            return .sessionPain(SessionPainChart(
                title: "Random \(n)", sessions: days.map { .init(day: $0, pre: value(&g), post: Bool.random(using: &g) ? value(&g) : nil) },
                checkIns: days.prefix(n / 2).map { DayValue(day: $0 + 1, value: value(&g)) },
                baseline: Bool.random(using: &g) ? value(&g) : nil,
                trend: Bool.random(using: &g) ? FittedLine(slope: Double.random(in: -0.5...0.5, using: &g), intercept: 5, origin: Double(start)) : nil))
        case 1:
            return .scoreLines(ScoreLinesChart(
                title: "Scores", series: (0..<Int.random(in: 0...4, using: &g)).map { i in
                    .init(name: "Series \(i)", points: days.map { DayValue(day: $0, value: value(&g)) }, better: i % 2 == 0 ? .up : .down)
                }, arrangement: Bool.random(using: &g) ? .overlay : .smallMultiples))
        case 2:
            var t = 0.0, s = 1.0
            let steps = (0..<n).map { _ -> ReliefDurationChart.Step in
                t += Double.random(in: 0...5, using: &g); s *= Double.random(in: 0.6...1, using: &g)
                return .init(time: t, survival: s, lower: s * 0.8, upper: min(1, s * 1.2))
            }
            return .reliefDuration(ReliefDurationChart(title: "KM", curves: [
                .init(name: "A", steps: steps, censored: steps.prefix(3).map { $0.time + 0.5 }, median: steps.first { $0.survival <= 0.5 }?.time),
                .init(name: "B", steps: steps.map { .init(time: $0.time * 1.3, survival: $0.survival) })].prefix(Int.random(in: 0...2, using: &g)).map { $0 }))
        case 3:
            let labels = ["Neck", "A much longer category label", "Hip", "", "陈思远", GallerySamples.arabicName]
            return .bar(BarChart(title: "Bars", groups: (0..<min(n, 12)).map { i in
                .init(label: labels[i % labels.count], bars: (0..<Int.random(in: 1...3, using: &g)).map { _ in
                    let v = value(&g)
                    return .init(value: v, low: v - 1, high: v + 1, tooFew: Bool.random(using: &g))
                })
            }, series: ["First", "Second", "Third"]))
        case 4:
            return .scatter(ScatterChart(title: "Scatter", points: (0..<n).map { _ in
                .init(x: value(&g), y: value(&g), group: Int.random(in: 0...3, using: &g)) }, groups: ["A", "B", "C"],
                fit: FittedLine(slope: 1, intercept: 0), xTitle: "x", yTitle: "y"))
        case 5:
            return .attendance(AttendanceStrip(title: "Visits", period: Bool.random(using: &g)
                ? .month(year: 2025, month: Int.random(in: 1...12, using: &g)) : .year(2025),
                sessionDays: days, gapThresholdDays: Int.random(in: 1...30, using: &g)))
        default:
            return .sparkline(Sparkline(points: days.map { DayValue(day: $0, value: value(&g)) }, showExtremes: true, showLastValue: true))
        }
    }

    @Test func randomSpecsLayOutCleanly() {
        var g = Generator(state: 2025)
        var total = 0
        for i in 0..<400 {
            let chart = Self.chart(&g)
            let size: Size
            if case .sparkline = chart { size = Size(90, 20) }
            else { size = Size(Double.random(in: 260...700, using: &g), Double.random(in: 180...500, using: &g)) }
            let scene = chart.build(size: size, theme: .standard, measuring: measurer)
            let problems = scene.overlappingText(measuring: measurer)
            #expect(problems.isEmpty, "case \(i) \(size): \(problems.prefix(3))")
            total += scene.texts.count
        }
        #expect(total > 4000)  // the specs really did draw labels
        print("robustness: \(total) labels")
    }
}
