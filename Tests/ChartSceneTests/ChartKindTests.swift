import Foundation
import ReliefCalendar
import Testing
@testable import ChartScene

@Suite struct SessionPainChartTests {
    let theme = Theme.standard

    @Test func drawsOneDumbbellPerSessionAndPreOnlyWhenPostIsMissing() {
        let chart = SessionPainChart(title: "Pain", sessions: [
            .init(day: day0, pre: 7, post: 4), .init(day: day0 + 7, pre: 6, post: nil), .init(day: day0 + 14, pre: 5, post: 2)])
        let scene = chart.build(size: Size(400, 240), theme: theme, measuring: measurer)
        #expect(scene.count(fill: theme.before) == 3)
        #expect(scene.count(fill: theme.after) == 2)
        #expect(scene.title == "Pain")
        #expect(scene.overlappingText(measuring: measurer).isEmpty)
    }

    @Test func marksBaselineAndThirtyPercentLines() {
        let chart = SessionPainChart(title: "Pain", sessions: [.init(day: day0, pre: 8, post: 5)], baseline: 8)
        let texts = chart.build(size: Size(400, 240), theme: theme, measuring: measurer).texts
        #expect(texts.contains("Baseline 8"))
        #expect(texts.contains("30% better (5.6)"))
        #expect(texts.contains("Pain (0–10)") && texts.contains("↓ better"))
    }

    @Test func scoresOutsideTheScaleAreClampedIntoThePlot() {
        let chart = SessionPainChart(title: "", sessions: [.init(day: day0, pre: 14, post: -3), .init(day: day0 + 3, pre: .nan, post: 1)])
        let scene = chart.build(size: Size(300, 200), theme: theme, measuring: measurer)
        guard case let .clip(plot, _) = scene.flatItems.first(where: { if case .clip = $0 { return true }; return false })! else { return }
        for case let .circle(c, _, _, _) in scene.dataLayer {
            #expect(c.y >= plot.minY && c.y <= plot.maxY)
        }
        #expect(scene.count(fill: theme.before) == 1)  // the NaN session is skipped
    }

    @Test func emptyChartSaysSo() {
        let scene = SessionPainChart(title: "Nothing", sessions: []).build(size: Size(300, 200), theme: theme, measuring: measurer)
        #expect(scene.texts.contains("No sessions recorded yet"))
    }

    @Test func legendSitsOutsideWhenEveryCornerHasData() {
        // Sessions at both ends at 0 and 10: all four corners are taken.
        let chart = SessionPainChart(title: "Corners", sessions: [
            .init(day: day0, pre: 10, post: 0), .init(day: day0 + 30, pre: 10, post: 0)])
        let scene = chart.build(size: Size(400, 240), theme: theme, measuring: measurer)
        guard case let .clip(plot, _) = scene.flatItems.first(where: { if case .clip = $0 { return true }; return false })! else { return }
        let legendText = scene.placedText(measuring: measurer).first { $0.text == "Before → after session" }!
        #expect(legendText.box.maxY <= plot.minY)
    }
}

@Suite struct ScoreLinesChartTests {
    let series: [ScoreLinesChart.Series] = [
        .init(name: "Sleep", points: (0..<10).map { DayValue(day: day0 + 7 * $0, value: 4 + Double($0) * 0.3) }, better: .up),
        .init(name: "Stress", points: (0..<10).map { DayValue(day: day0 + 7 * $0, value: 7 - Double($0) * 0.3) }, better: .down),
    ]

    @Test func mixedDirectionsGoIntoTheLegend() {
        let scene = ScoreLinesChart(title: "Scores", series: series).build(size: Size(420, 260), theme: .standard, measuring: measurer)
        #expect(scene.texts.contains("Sleep ↑ better"))
        #expect(scene.texts.contains("Stress ↓ better"))
        #expect(scene.overlappingText(measuring: measurer).isEmpty)
    }

    @Test func sharedDirectionGoesBesideTheAxisTitle() {
        let scene = ScoreLinesChart(title: "Scores", series: [series[0]]).build(size: Size(420, 260), theme: .standard, measuring: measurer)
        #expect(scene.texts.contains("↑ better"))
    }

    @Test func linesBreakAcrossLongGaps() {
        let points = [0, 7, 14, 60, 67].map { DayValue(day: day0 + $0, value: 5) }
        let scene = ScoreLinesChart(title: "", series: [.init(name: "Mood", points: points, better: .up)], breakAfterDays: 28)
            .build(size: Size(420, 260), theme: .standard, measuring: measurer)
        let lines = scene.dataLayer.filter { if case .path(_, nil, _) = $0 { return true }; return false }
        #expect(lines.count == 2)
    }

    @Test func smallMultiplesDrawAPanelPerSeries() {
        let scene = ScoreLinesChart(title: "Panels", series: series, arrangement: .smallMultiples)
            .build(size: Size(420, 320), theme: .standard, measuring: measurer)
        let groups = scene.items.filter { if case .group = $0 { return true }; return false }
        #expect(groups.count == 2)
        #expect(scene.overlappingText(measuring: measurer).isEmpty)
    }
}

@Suite struct ReliefDurationChartTests {
    let curve = ReliefDurationChart.Curve(
        name: "All", steps: [.init(time: 2, survival: 0.8, lower: 0.7, upper: 0.9), .init(time: 5, survival: 0.45, lower: 0.3, upper: 0.6)],
        censored: [3, 6], median: 5)

    @Test func survivalIsAStepFunction() {
        #expect(curve.survival(at: 0) == 1)
        #expect(curve.survival(at: 2) == 0.8)
        #expect(curve.survival(at: 4.9) == 0.8)
        #expect(curve.survival(at: 10) == 0.45)
    }

    @Test func marksTheMedianAndBand() {
        let scene = ReliefDurationChart(title: "KM", curves: [curve]).build(size: Size(420, 260), theme: .standard, measuring: measurer)
        #expect(scene.texts.contains("median 5 d"))
        #expect(scene.texts.contains("95% band"))
        #expect(scene.texts.contains("100%") && scene.texts.contains("0%"))
        #expect(scene.overlappingText(measuring: measurer).isEmpty)
    }

    @Test func twoCurvesGetALegendAndNamedMedians() {
        var other = curve
        other.name = "Other"; other.median = 3
        let scene = ReliefDurationChart(title: "KM", curves: [curve, other]).build(size: Size(420, 260), theme: .standard, measuring: measurer)
        #expect(scene.texts.contains("All") && scene.texts.contains("Other"))
        #expect(scene.texts.contains { $0.hasPrefix("Other: median") })
    }
}

@Suite struct BarChartTests {
    @Test func longLabelsTurnTheChartHorizontal() {
        let long = BarChart(title: "", groups: [.init(label: "A very long technique name indeed", bars: [.init(value: 2)]),
                                                .init(label: "Another long technique name", bars: [.init(value: 3)])])
        let short = BarChart(title: "", groups: [.init(label: "Neck", bars: [.init(value: 2)])])
        #expect(long.isHorizontal(size: Size(300, 200), theme: .standard, measuring: measurer))
        #expect(!short.isHorizontal(size: Size(300, 200), theme: .standard, measuring: measurer))
    }

    @Test func tooFewGroupsAreHatchedWithANote() {
        let chart = BarChart(title: "", groups: [.init(label: "Neck", bars: [.init(value: 2)]),
                                                 .init(label: "Knee", bars: [.init(value: 1, tooFew: true)])])
        let scene = chart.build(size: Size(300, 200), theme: .standard, measuring: measurer)
        #expect(scene.texts.contains("Hatched bars: too few to compare."))
        let hatches = scene.dataLayer.filter { if case .clip = $0 { return true }; return false }
        #expect(hatches.count == 1)
    }

    /// A linked group's area covers its own bar and no other (what the web app's drill-down clicks).
    @Test(arguments: [BarChart.Orientation.horizontal, .vertical])
    func aLinkedGroupsAreaCoversItsBarOnly(orientation: BarChart.Orientation) {
        let chart = BarChart(title: "t", groups: [.init(label: "Neck", bars: [.init(value: 2)], link: "region=neck"),
                                                  .init(label: "Knee", bars: [.init(value: 5)], link: "region=knee"),
                                                  .init(label: "Hip", bars: [.init(value: 3)])],
                             orientation: orientation)
        let scene = chart.build(size: Size(300, 200), theme: .standard, measuring: measurer)
        let bars = scene.dataLayer.compactMap { item -> Rect? in if case let .rect(r, _, _) = item { return r }; return nil }
        #expect(bars.count == 3)
        #expect(scene.links.map(\.target) == ["region=neck", "region=knee"])
        func contains(_ outer: Rect, _ inner: Rect) -> Bool {
            outer.minX <= inner.minX + 1e-9 && outer.maxX >= inner.maxX - 1e-9 && outer.minY <= inner.minY + 1e-9 && outer.maxY >= inner.maxY - 1e-9
        }
        for (i, link) in scene.links.enumerated() {
            #expect(contains(link.rect, bars[i]), "\(link.target) covers its bar")
            for (j, bar) in bars.enumerated() where j != i {
                let overlap = !(link.rect.maxX <= bar.minX || bar.maxX <= link.rect.minX || link.rect.maxY <= bar.minY || bar.maxY <= link.rect.minY)
                #expect(!overlap, "\(link.target) stays off bar \(j)")
            }
            #expect(link.rect.minX >= 0 && link.rect.maxX <= 300 && link.rect.minY >= 0 && link.rect.maxY <= 200)
        }
        // Paper ignores links, and a scene without them encodes as before.
        let plain = BarChart(title: "t", groups: [.init(label: "Hip", bars: [.init(value: 3)])]).build(size: Size(300, 200), theme: .standard, measuring: measurer)
        #expect(plain.links.isEmpty)
    }

    @Test func negativeValuesGrowDownFromZero() {
        let chart = BarChart(title: "", groups: [.init(label: "Up", bars: [.init(value: 2)]), .init(label: "Down", bars: [.init(value: -1)])])
        let scene = chart.build(size: Size(300, 200), theme: .standard, measuring: measurer)
        let bars = scene.dataLayer.compactMap { item -> Rect? in if case let .rect(r, _, _) = item { return r }; return nil }
        #expect(bars.count == 2)
        #expect(abs(bars[0].maxY - bars[1].minY) < 1e-9)  // both meet at the zero line
        #expect(scene.texts.contains("\u{2212}1.0"))
    }
}

@Suite struct ScatterChartTests {
    @Test func pointsTakeTheirGroupsStyle() {
        let chart = ScatterChart(title: "", points: [.init(x: 1, y: 1, group: 0), .init(x: 2, y: 2, group: 1), .init(x: 3, y: .nan)],
                                 groups: ["A", "B"], fit: FittedLine(slope: 1, intercept: 0))
        let scene = chart.build(size: Size(300, 200), theme: .standard, measuring: measurer)
        #expect(scene.texts.contains("A") && scene.texts.contains("B") && scene.texts.contains("Fitted line"))
        let circles = scene.dataLayer.filter { if case .circle = $0 { return true }; return false }
        let squares = scene.dataLayer.filter { if case .rect = $0 { return true }; return false }
        #expect(circles.count == 1 && squares.count == 1)
    }
}

@Suite struct AttendanceStripTests {
    @Test func gapsAreRunsBetweenSessionsOverTheThreshold() {
        let first = AttendanceStrip.Period.month(year: 2025, month: 3).days.lowerBound
        let strip = AttendanceStrip(title: "", period: .month(year: 2025, month: 3),
                                    sessionDays: [first - 40, first, first + 5, first + 30, first + 30],
                                    gapThresholdDays: 14)
        #expect(strip.gaps == [(first + 6)...(first + 29)], "the visit before March is not the period's: no gap to it")
    }

    @Test func monthPeriodCoversTheMonth() {
        let days = AttendanceStrip.Period.month(year: 2024, month: 2).days
        #expect(days.count == 29)
        #expect(days.lowerBound == Day.ordinal(year: 2024, month: 2, day: 1))
        #expect(AttendanceStrip.Period.year(2024).days.count == 366)
    }

    @Test func monthCalendarDrawsEveryDayAndSummarisesGaps() {
        let march = AttendanceStrip.Period.month(year: 2025, month: 3).days
        let strip = AttendanceStrip(title: "March", period: .month(year: 2025, month: 3),
                                    sessionDays: [march.lowerBound, march.lowerBound + 20], gapThresholdDays: 14)
        let scene = strip.build(size: Size(300, 260), theme: .standard, measuring: measurer)
        for d in 1...31 { #expect(scene.texts.contains(String(d))) }
        #expect(scene.texts.contains("1 gap over 14 days: 20 days"), "visits on the 1st and the 21st are 20 days apart (metrics.md §5)")
        #expect(scene.overlappingText(measuring: measurer).isEmpty)
    }
}

@Suite struct SparklineTests {
    @Test func marksTheLastValue() {
        let scene = Sparkline(values: [5, 4, 3], range: 0...10, showLastValue: true, decimals: 0)
            .build(size: Size(80, 18), theme: .standard, measuring: measurer)
        #expect(scene.texts == ["3"])
        #expect(scene.items.contains { if case .circle = $0 { return true }; return false })
    }

    @Test func noValuesDrawNothing() {
        let scene = Sparkline(values: []).build(size: Size(80, 18), theme: .standard, measuring: measurer)
        #expect(scene.items.isEmpty)
    }
}

@Suite struct ChartEnumTests {
    @Test func chartsRoundTripThroughJSON() throws {
        for sample in GallerySamples.all {
            let data = try JSONEncoder().encode(sample.chart)
            #expect(try JSONDecoder().decode(Chart.self, from: data) == sample.chart)
        }
    }

    @Test func buildingIsDeterministic() {
        for sample in GallerySamples.all {
            let a = sample.chart.build(size: sample.size, theme: .standard, measuring: measurer)
            let b = sample.chart.build(size: sample.size, theme: .standard, measuring: measurer)
            #expect(a == b)
        }
    }
}

@Suite struct AttendanceStripMissedTests {
    @Test func missedAppointmentsAreOutlinedAndExplainedOnlyWhenThereAreAny() {
        let march = AttendanceStrip.Period.month(year: 2025, month: 3).days
        let visits = [march.lowerBound, march.lowerBound + 20]
        let plain = AttendanceStrip(title: "March", period: .month(year: 2025, month: 3), sessionDays: visits, gapThresholdDays: 14)
            .build(size: Size(300, 260), theme: .standard, measuring: measurer)
        #expect(!plain.texts.contains("Missed appointment"))
        // A missed day on the 8th (in the gap) and one on a visit day (a visit is a visit).
        let strip = AttendanceStrip(title: "March", period: .month(year: 2025, month: 3), sessionDays: visits,
                                    missedDays: [march.lowerBound + 7, march.lowerBound, march.lowerBound + 400], gapThresholdDays: 14)
        let scene = strip.build(size: Size(300, 260), theme: .standard, measuring: measurer)
        #expect(scene.texts.contains("Missed appointment"))
        func outlined(_ s: Scene) -> Int {
            s.items.filter { item in
                if case .rect(_, let fill, let stroke?) = item { return fill == Color(hex: 0xFFFFFF) && stroke.color == Theme.standard.mutedText }
                return false
            }.count
        }
        #expect(outlined(plain) == 0)
        #expect(outlined(scene) == 2, "the legend's key and the one missed day that is not a visit, in the month")
        // The gap summary is about visits only: the missed day does not split the gap.
        #expect(scene.texts.contains("1 gap over 14 days: 20 days"))
        #expect(scene.overlappingText(measuring: measurer).isEmpty)
    }
}
