import ReliefTestSupport
import Testing
import ReliefModel
@testable import ReliefAnalytics

@Suite struct ConsistencyTests {
    @Test func handWorkedMonth() throws {
        // Visits 2, 9, 9 (same day twice), 16, 30 March: unique days 2, 9, 16, 30; gaps 7, 7, 14.
        let days = ["2026-03-02", "2026-03-09", "2026-03-09", "2026-03-16", "2026-03-30", "2026-04-02"].map(day)
        let c = Consistency.measure(days: days, period: march2026)
        #expect(c.visits == 4)
        #expect(close(c.sessionsPer30Days, 4 * 30 / 31.0))
        #expect(c.medianGapDays == 7)
        #expect(c.longestGapDays == 14)
        // mean 28/3, sample SD √(((7−28/3)²·2 + (14−28/3)²)/2) = 4.0415; CV = 0.43301
        #expect(close(c.gapCV, 0.4330127018922193, Tolerance(rel: 1e-12, abs: 0)))
        // blocks from 2 March: 0 (2nd), 1 (9th), 2 (16th), 4 (30th) of 5 spanned
        #expect(c.weekCoverage == 0.8)
        #expect(c.onScheduleShare == 2.0 / 3)     // 7, 7 ≤ 10; 14 > 10
        #expect(c.consistent)                      // ≥ 2 visits, no gap > 21
    }

    @Test func fewVisits() {
        let none = Consistency.measure(days: [], period: march2026)
        #expect(none.visits == 0 && none.sessionsPer30Days == 0 && none.medianGapDays == nil)
        #expect(none.weekCoverage == nil && !none.consistent)
        let one = Consistency.measure(days: [day("2026-03-05")], period: march2026)
        #expect(one.gapCV == nil && one.longestGapDays == nil && one.weekCoverage == 1 && !one.consistent)
        let twoGaps = Consistency.measure(days: ["2026-03-01", "2026-03-05", "2026-03-29"].map(day), period: march2026)
        #expect(twoGaps.gapCV == nil)              // needs 3 gaps
        #expect(!twoGaps.consistent)               // gap 24 > 21
    }

    @Test func courseRate() {
        // Weekly for 10 weeks: 9 gaps of 7 days → 30/7 a month.
        let weekly = (0..<10).map { day("2026-01-05") + 7 * $0 }
        #expect(close(Consistency.courseRate(days: weekly), 30.0 / 7))
        #expect(Consistency.courseRate(days: [day("2026-01-05"), day("2026-01-05")]) == nil)
    }
}
