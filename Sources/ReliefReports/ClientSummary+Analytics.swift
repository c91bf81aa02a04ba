import ReliefAnalytics
import ReliefModel

extension ClientSummary {
    /// The report's numbers from this month's progress and last month's.
    ///
    /// `lastMonth` is the same analysis with the previous month as its period, so every
    /// "last month" figure is exactly what last month's report printed.
    public init(month: Month, progress p: ClientProgress, lastMonth l: ClientProgress) {
        func item(_ m: Measure) -> Item {
            let now = p.progress(of: m), before = l.progress(of: m)
            let direction: String? = switch now.trend.direction {
            case .improving: "improving"
            case .worsening: "worsening"
            case .noClearTrend: "no clear trend"
            case .notEnoughData: nil
            }
            return Item(current: now.current, baseline: now.baseline, lastMonth: before.current, direction: direction)
        }
        let cumulative = p.reliefDuration.cumulative
        self.init(
            month: month,
            sessionsThisMonth: p.sessions,
            sessionsLastMonth: l.sessions,
            sessionsTotal: p.sessionsOnRecord,
            pain: item(.pain),
            painPercentChange: p.pain.percentChange.map { $0 / 100 },
            clinicallyMeaningful: p.pain.clinicallyMeaningful,
            immediateRelief: p.pain.immediateRelief?.mean,
            immediateReliefLastMonth: l.pain.immediateRelief?.mean,
            reliefFirstMonth: cumulative?.firstMonth ?? .unknown,
            reliefNow: p.reliefDuration.median,
            reliefBasis: p.reliefDuration.basis,
            sleep: item(.sleep), mood: item(.mood), stress: item(.stress), visits: p.consistency.visits,
            consistent: p.sessions >= 1 ? p.consistency.consistent : nil,
            consistentLastMonth: l.sessions >= 1 ? l.consistency.consistent : nil,
            longestGapDays: p.consistency.longestGapDays,
            trendPoints: p.pain.trend.n)
    }
}
