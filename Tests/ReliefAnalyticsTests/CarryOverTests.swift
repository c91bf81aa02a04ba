import Testing
import ReliefModel
@testable import ReliefAnalytics

@Suite struct CarryOverTests {
    @Test func reboundRetentionAndIdentity() throws {
        let sessions = [session("2026-03-02", 7, 3), session("2026-03-09", 6, 2), session("2026-03-16", 5, 2),
                        session("2026-03-23", 4, 1)]
        let c = CarryOver.of(sessions, period: march2026)
        // rebounds: 6−3 = 3, 5−2 = 3, 4−2 = 2 → mean 8/3.
        #expect(close(c.meanRebound, 8.0 / 3))
        // retentions: (7−6)/4 = 0.25, (6−5)/4 = 0.25, (5−4)/3 = 0.333 → median 0.25.
        #expect(c.medianRetention == 0.25 && c.rebounds == 3 && c.retentions == 3)
        // Identity over the course: last pre − first pre = Σ rebound − Σ Δ (Δ of sessions 1…3).
        let sumRebound = 3.0 + 3 + 2, sumDelta = 4.0 + 4 + 3
        #expect(4 - 7 == sumRebound - sumDelta)
    }

    @Test func nothingToPair() {
        let c = CarryOver.of([session("2026-03-02", 7, 3)], period: march2026)
        #expect(c.meanRebound == nil && c.medianRetention == nil && c.rebounds == 0)
    }
}
