import ChartScene
import ReliefAnalytics
import ReliefModel

/// The charts of the clinic outcomes report, keyed by the section they belong to.
public enum ClinicCharts {
    public static func all(_ o: CohortOutcomes, names: [String: String], style: ReportStyle,
                           theme: Theme = .standard, measuring: some TextMeasuring) -> [String: [ReportChart]] {
        let w = style.contentWidth
        var out: [String: [ReportChart]] = [:]
        out["relief"] = [ReportChart(heading: "How long relief lasts, all clients",
                                     scene: relief(o).build(size: Size(w, 210), theme: theme, measuring: measuring),
                                     caption: "Each client counts equally, however many sessions they had. The band is a 95% interval from resampling clients.",
                                     slug: "relief")]
        out["breakdowns"] = [
            ReportChart(heading: nil, scene: improved(o.byTherapist, title: "Clients clearly improved, by therapist", names: names)
                .build(size: Size(w, barHeight(o.byTherapist.count)), theme: theme, measuring: measuring), slug: "by-therapist"),
            ReportChart(heading: nil, scene: improved(o.bySegment, title: "Clients clearly improved, by segment", names: [:])
                .build(size: Size(w, barHeight(o.bySegment.count)), theme: theme, measuring: measuring), slug: "by-segment"),
        ]
        out["dose"] = [ReportChart(heading: nil, scene: dose(o.doseResponse).build(size: Size(w, 200), theme: theme, measuring: measuring),
                                   slug: "dose-response")]
        return out
    }

    static func barHeight(_ groups: Int) -> Double { min(320, max(140, 70 + Double(groups) * 22)) }

    /// Share of eligible clients clearly improved per group, in percent, groups alphabetical.
    public static func improved(_ groups: [GroupOutcome], title: String, names: [String: String]) -> BarChart {
        let sorted = groups.sorted { (names[$0.key] ?? $0.label).localizedStandardCompare(names[$1.key] ?? $1.label) == .orderedAscending }
        return BarChart(
            title: title,
            subtitle: "Share of clients with two or more sessions whose pain fell by at least 2 points and 30%",
            groups: sorted.map { g in
                .init(label: names[g.key] ?? g.label,
                      bars: [.init(value: (g.improvedShare ?? 0) * 100,
                                   low: g.improvedShareLower95.map { $0 * 100 }, high: g.improvedShareUpper95.map { $0 * 100 },
                                   tooFew: g.tooFewToCompare || g.improvedShare == nil)])
            },
            valueTitle: "% improved", valueRange: 0...100, orientation: .horizontal, decimals: 0)
    }

    public static func dose(_ d: DoseResponse) -> BarChart {
        BarChart(title: "Median change in pain, by how often clients came",
                 subtitle: "Sessions per 30 days over each client's course · lower is better",
                 groups: d.bins.map { .init(label: $0.label, bars: [.init(value: $0.medianPercentChange ?? 0, tooFew: $0.tooFewToCompare || $0.medianPercentChange == nil)]) },
                 valueTitle: "% change in pain", orientation: .vertical, decimals: 0)
    }

    public static func relief(_ o: CohortOutcomes) -> ReliefDurationChart {
        let d = o.reliefDuration
        let steps = d.curve.map { ReliefDurationChart.Step(time: $0.days, survival: $0.survival, lower: $0.lower95, upper: $0.upper95) }
        return ReliefDurationChart(title: "Share of sessions whose relief still held, by days after the session",
                                   subtitle: "\(d.intervals) sessions with relief, \(o.clients) clients",
                                   curves: steps.isEmpty ? [] : [.init(name: "All clients", steps: steps, median: d.medianDays)])
    }
}
