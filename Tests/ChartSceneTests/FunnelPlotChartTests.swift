import Testing
@testable import ChartScene

/// The funnel plot of expected outcomes: four limit lines and the target drawn, one marker and
/// one label per unit, labels never overlapping (also when units crowd together).
@Suite struct FunnelPlotChartTests {
    /// Limits shaped like binomial ones around 1 at a 40 % rate (only the shape matters here).
    static let limits: [FunnelPlotChart.Limit] = stride(from: 0.4, through: 24, by: 0.4).map { e in
        let h = (e * 0.6).squareRoot() / e
        return .init(expected: e, lower95: max(0, 1 - 1.96 * h), upper95: 1 + 1.96 * h,
                     lower998: max(0, 1 - 3.09 * h), upper998: 1 + 3.09 * h)
    }

    static let units: [FunnelPlotChart.Unit] = [
        .init(label: "Ana Lima", expected: 3.3, ratio: 1.51), .init(label: "Ben Ode", expected: 5.6, ratio: 0.90),
        .init(label: "Cara Diaz", expected: 6.6, ratio: 0.76), .init(label: "Dev Rao", expected: 8.7, ratio: 0.46),
        .init(label: "Eli Park", expected: 10.5, ratio: 1.24), .init(label: "Fay Moss", expected: 16.4, ratio: 1.16),
    ]

    func strokes(_ scene: Scene) -> [Stroke] {
        scene.dataLayer.compactMap { if case let .path(_, nil, stroke?) = $0 { return stroke }; return nil }
    }

    @Test func drawsTheLimitsTheTargetAndOneLabelledPointPerUnit() {
        let chart = FunnelPlotChart(title: "Improved against expected", units: Self.units, limits: Self.limits)
        let scene = chart.build(size: Size(480, 250), theme: .standard, measuring: measurer)
        let theme = Theme.standard
        let lines = strokes(scene)
        #expect(lines.filter { $0.color == theme.reference && $0.dash.isEmpty }.count == 2, "95 % limits, lower and upper")
        #expect(lines.filter { $0.color == theme.reference && !$0.dash.isEmpty }.count == 2, "99.8 % limits, lower and upper")
        #expect(lines.filter { $0.color == theme.text }.count == 1, "the target line O/E = 1")
        #expect(scene.count(fill: theme.series(0).color) == Self.units.count)
        for u in Self.units { #expect(scene.texts.filter { $0 == u.label }.count == 1, "\(u.label) labelled once") }
        #expect(scene.texts.contains("95% limits") && scene.texts.contains("99.8% limits"))
        #expect(scene.overlappingText(measuring: measurer) == [])
    }

    @Test func crowdedUnitsStillGetEveryLabelWithoutOverlap() {
        // Six units within half an expected client of each other, all near 1.
        let crowded = (0..<6).map { FunnelPlotChart.Unit(label: "Therapist \($0 + 1)", expected: 12 + Double($0) * 0.1,
                                                         ratio: 1 + Double($0 % 3) * 0.03) }
        for size in [Size(480, 250), Size(360, 220)] {
            let scene = FunnelPlotChart(title: "Crowded", units: crowded, limits: Self.limits)
                .build(size: size, theme: .standard, measuring: measurer)
            #expect(scene.overlappingText(measuring: measurer) == [], "\(size)")
            #expect(crowded.allSatisfy { u in scene.texts.contains(u.label) }, "every unit labelled at \(size)")
        }
    }

    @Test func limitsAboveTheAxisAreCutAndExtremeUnitsStayInside() {
        let units = [FunnelPlotChart.Unit(label: "Zero", expected: 2, ratio: 0),
                     FunnelPlotChart.Unit(label: "High", expected: 1.5, ratio: 2.6)]
        let chart = FunnelPlotChart(title: "Edges", units: units, limits: Self.limits)
        #expect(chart.yTop == 3, "room for 2.6 × 1.12, in steps of 0.5")
        let scene = chart.build(size: Size(420, 240), theme: .standard, measuring: measurer)
        #expect(scene.texts.contains("Zero") && scene.texts.contains("High"))
        #expect(scene.overlappingText(measuring: measurer) == [])
    }

    @Test func noUnitSaysSo() {
        let scene = FunnelPlotChart(title: "None", units: [], limits: Self.limits)
            .build(size: Size(400, 220), theme: .standard, measuring: measurer)
        #expect(scene.texts.contains("No unit to plot"))
        #expect(!scene.texts.contains("95% limits"))
    }
}
