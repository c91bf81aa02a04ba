import Testing
import ReliefModel
@testable import ReliefAnalytics

@Suite struct MeasureProgressTests {
    @Test func baselineCurrentChange() throws {
        // Intake in January (before the period) is the baseline; current = mean of the last two up to 31 March.
        let r = record([session("2026-01-10", 8, 6), session("2026-02-10", 7, 5), session("2026-03-03", 5, 3),
                        session("2026-03-17", 4, 2), session("2026-04-01", 9)])
        let p = MeasureProgress.of(r, measure: .pain, period: march2026)
        #expect(p.baseline == 8 && p.current == 4.5 && p.change == -3.5)
        #expect(close(p.percentChange, -43.75))
        #expect(p.clinicallyMeaningful == true && p.changeDirection == .better)
        #expect(p.baselineUnstable == false)
        #expect(p.immediateRelief?.n == 2 && p.immediateRelief?.mean == 2)
        #expect(p.trend.n == 4 && p.trend.direction == .improving)
    }

    @Test func bothRulesNeeded() {
        // 2 → 1: −1 point, −50%: not meaningful (needs ≥ 2 points too); flagged unstable.
        let r = record([session("2026-03-02", 2), session("2026-03-09", 1), session("2026-03-16", 1)])
        let p = MeasureProgress.of(r, measure: .pain, period: march2026)
        #expect(p.change == -1 && p.percentChange == -50 && p.clinicallyMeaningful == false)
        #expect(p.baselineUnstable == true)
    }

    @Test func baselineZeroAndOneSession() {
        let zero = MeasureProgress.of(record([session("2026-03-02", 0), session("2026-03-09", 3)]), measure: .pain,
                                      period: march2026)
        #expect(zero.change == 1.5 && zero.percentChange == nil && zero.clinicallyMeaningful == false)
        #expect(zero.changeDirection == .worse)
        let one = MeasureProgress.of(record([session("2026-03-02", 6, 4)]), measure: .pain, period: march2026)
        #expect(one.baseline == 6 && one.current == 6 && one.change == nil && one.clinicallyMeaningful == nil)
        #expect(one.trend.direction == .notEnoughData && one.trend.slopePerWeek == nil)
    }

    @Test func sleepHigherIsBetterAndMissingSkipped() {
        let r = record([session("2026-03-02", 6, sleep: 3), session("2026-03-05", 6),   // sleep missing, not 0
                        session("2026-03-09", 5, sleep: 5), session("2026-03-16", 5, sleep: 6)])
        let s = MeasureProgress.of(r, measure: .sleep, period: march2026)
        #expect(s.n == 3 && s.baseline == 3 && s.current == 5.5 && s.change == 2.5)
        #expect(s.changeDirection == .better && s.clinicallyMeaningful == true)   // 2-point convention
        let stress = MeasureProgress.of(record([session("2026-03-02", 6, stress: 4), session("2026-03-09", 6, stress: 7)]),
                                        measure: .stress, period: march2026)
        #expect(stress.changeDirection == .worse && stress.clinicallyMeaningful == false)
    }

    @Test func reliableChange() throws {
        // SD 2, r 0.75: SEM = 2·√0.25 = 1; RC = change/√2. Change −3.5 → −2.475 (reliable).
        let rc = try #require(ReliableChange.compute(baseline: 8, current: 4.5, baselineSD: 2, reliability: 0.75))
        #expect(close(rc.index, -3.5 / 2.0.squareRoot()) && rc.reliable)
        let small = try #require(ReliableChange.compute(baseline: 8, current: 6, baselineSD: 2, reliability: 0.75))
        #expect(!small.reliable)   // −1.414
        #expect(ReliableChange.compute(baseline: 8, current: 6, baselineSD: nil, reliability: 0.75) == nil)
    }

    @Test func trendMatchesSciPyOnDates() throws {
        // Dates → weeks since the first: t = [0, 1, 2.142857…, 3, 5, 6, 8.285714…]; y = pain_before.
        // scipy 1.17.1 theilslopes(y, t): see numbers below; pymannkendall 1.4.3 original_test(y).
        let dates = ["2026-01-05", "2026-01-12", "2026-01-20", "2026-01-26", "2026-02-09", "2026-02-16", "2026-03-04"]
        let pains: [Double] = [7, 6.5, 6, 6.5, 5, 4.5, 4]
        let r = record(zip(dates, pains).map { session($0, $1) })
        let t = MeasureProgress.of(r, measure: .pain, period: march2026).trend
        #expect(close(t.slopePerWeek, TrendReference.slope))
        #expect(close(t.slopeLower95, TrendReference.low))
        #expect(close(t.slopeUpper95, TrendReference.high))
        #expect(t.mannKendallS == TrendReference.s)
        #expect(close(t.mannKendallP, TrendReference.p, Tolerance(rel: 1e-9, abs: 1e-15)))
        #expect(t.direction == .improving)
    }
}

/// scipy 1.17.1 stats.theilslopes(y, t) and pymannkendall 1.4.3 original_test(y) for the series in
/// `trendMatchesSciPyOnDates` (t = days since 2026-01-05 / 7).
enum TrendReference {
    static let slope = -0.3888888888888889
    static let low = -0.5
    static let high = -0.21874999999999992
    static let s = -18
    static let z = -2.58248538606335
    static let p = 0.009809151645794323
}
