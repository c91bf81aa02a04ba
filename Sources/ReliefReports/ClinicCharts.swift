import ChartScene
import ReliefAnalytics
import ReliefModel

/// The charts of the clinic outcomes report, keyed by the section they belong to.
public enum ClinicCharts {
    public static func all(_ o: CohortOutcomes, names: [String: String], style: ReportStyle,
                           language w: ReportLanguage = .english, measuring: some TextMeasuring) -> [String: [ReportChart]] {
        let width = style.contentWidth
        let theme = w.theme(style.theme)
        var out: [String: [ReportChart]] = [:]
        out["relief"] = [ReportChart(heading: w.clinicReliefHeading,
                                     scene: relief(o, language: w).build(size: Size(width, 210), theme: theme, measuring: measuring),
                                     caption: w.clinicReliefCaption, slug: "relief")]
        out["breakdowns"] = [
            ReportChart(heading: nil, scene: improved(o.byTherapist, dimension: .therapist, names: names, language: w)
                .build(size: Size(width, barHeight(o.byTherapist.count)), theme: theme, measuring: measuring), slug: "by-therapist"),
            ReportChart(heading: nil, scene: improved(o.bySegment, dimension: .segment, names: [:], language: w)
                .build(size: Size(width, barHeight(o.bySegment.count)), theme: theme, measuring: measuring), slug: "by-segment"),
        ]
        if !o.bySite.isEmpty {
            // A chain: its sites first.
            out["breakdowns"]?.insert(ReportChart(
                heading: nil, scene: improved(o.bySite, dimension: .site, names: [:], language: w)
                    .build(size: Size(width, barHeight(o.bySite.count)), theme: theme, measuring: measuring), slug: "by-site"), at: 0)
        }
        out["dose"] = [ReportChart(heading: nil, scene: dose(o.doseResponse, language: w)
                                    .build(size: Size(width, 200), theme: theme, measuring: measuring),
                                   slug: "dose-response")]
        if let e = o.expectedOutcomes {
            for (kind, result) in [(CaseMixUnitKind.therapist, e.byTherapist), (.technique, e.byTechnique)] {
                guard let chart = funnel(result, kind: kind, names: names, language: w) else { continue }
                out["expected-\(kind.rawValue)"] = [ReportChart(
                    heading: nil, scene: chart.build(size: Size(width, 250), theme: theme, measuring: measuring),
                    caption: w.funnelCaption, slug: "expected-by-\(kind.rawValue)")]
            }
        }
        return out
    }

    /// The funnel plot of the units whose adjusted values may be shown (none when the gate
    /// suppressed them or nothing could be adjusted: then there is no chart).
    public static func funnel(_ r: ExpectedOutcomesResult, kind: CaseMixUnitKind, names: [String: String],
                              language w: ReportLanguage = .english) -> FunnelPlotChart? {
        let shown = r.units.filter { $0.display.showAdjusted && $0.ratio != nil && $0.expected.isFinite }
        guard !shown.isEmpty, r.courses > 0 else { return nil }
        let rate = Double(r.improved) / Double(r.courses)
        let maxE = shown.map(\.expected).max() ?? 1
        let sizes = Array(1...max(2, Int((maxE * 1.1 / max(rate, 1e-9)).rounded(.up))))
        let curve = FunnelPlot.curve(overallRate: rate, sizes: sizes).map {
            FunnelPlotChart.Limit(expected: $0.expected, lower95: $0.lower95, upper95: $0.upper95,
                                  lower998: $0.lower998, upper998: $0.upper998)
        }
        return FunnelPlotChart(title: w.funnelTitle(kind),
                               subtitle: w.funnelSubtitle(kind),
                               units: shown.map { .init(label: w.unitLabel($0.unit, kind: kind, names: names),
                                                        expected: $0.expected, ratio: $0.ratio ?? 0) },
                               limits: curve, labels: w.funnelLabels)
    }

    static func barHeight(_ groups: Int) -> Double { min(320, max(140, 70 + Double(groups) * 22)) }

    /// Share of eligible clients clearly improved per group, in percent, groups alphabetical.
    public static func improved(_ groups: [GroupOutcome], dimension: GroupDimension, names: [String: String],
                                language w: ReportLanguage = .english) -> BarChart {
        let labelled = groups.map { (ClinicReport.label($0, names: names, language: w), $0) }
            .sorted { $0.0.localizedStandardCompare($1.0) == .orderedAscending }
        return BarChart(
            title: w.improvedChartTitle(dimension),
            subtitle: w.improvedChartSubtitle,
            groups: labelled.map { label, g in
                .init(label: label,
                      bars: [.init(value: (g.improvedShare ?? 0) * 100,
                                   low: g.improvedShareLower95.map { $0 * 100 }, high: g.improvedShareUpper95.map { $0 * 100 },
                                   tooFew: g.tooFewToCompare || g.improvedShare == nil)],
                      link: g.clients > 0 ? dimension.rawValue + "=" + g.key : nil)
            },
            valueTitle: w.improvedAxisTitle, valueRange: 0...100, orientation: .horizontal, decimals: 0, labels: w.barLabels)
    }

    public static func dose(_ d: DoseResponse, language w: ReportLanguage = .english) -> BarChart {
        BarChart(title: w.doseChartTitle,
                 subtitle: w.doseChartSubtitle,
                 groups: d.bins.map { .init(label: w.binLabel($0), bars: [.init(value: $0.medianPercentChange ?? 0, tooFew: $0.tooFewToCompare || $0.medianPercentChange == nil)]) },
                 valueTitle: w.doseAxisTitle, orientation: .vertical, decimals: 0, labels: w.barLabels)
    }

    public static func relief(_ o: CohortOutcomes, language w: ReportLanguage = .english) -> ReliefDurationChart {
        let d = o.reliefDuration
        let steps = d.curve.map { ReliefDurationChart.Step(time: $0.days, survival: $0.survival, lower: $0.lower95, upper: $0.upper95) }
        return ReliefDurationChart(title: w.reliefChartTitle,
                                   subtitle: w.clinicReliefSubtitle(sessions: d.intervals, clients: o.clients),
                                   curves: steps.isEmpty ? [] : [.init(name: w.allClients, steps: steps, median: d.medianDays,
                                                                       medianText: w.medianLabel(d.median))],
                                   labels: w.reliefLabels)
    }
}
