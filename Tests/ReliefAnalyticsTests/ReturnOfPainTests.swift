import Testing
import ReliefModel
@testable import ReliefAnalytics

@Suite struct ReturnOfPainTests {
    func times(_ r: ClientRecord, _ p: Period = march2026) -> [CensoredTime] {
        ReturnOfPain.observations(r, sessionsIn: p, cutoff: p.to).map(\.time)
    }

    @Test func reportedReliefDaysIsExact() {
        let r = record([session("2026-03-02", 6, 3), session("2026-03-09", 6, 3, relief: .days(4)),
                        session("2026-03-16", 5, 2, relief: .days(9))])
        let obs = ReturnOfPain.observations(r, sessionsIn: march2026, cutoff: march2026.to)
        // 4 ≤ gap 7: exact 4. 9 > gap 7: outlasted the interval → censored at 7.
        // The last session has no follow-up → censored at 0.
        #expect(obs.map(\.time) == [.exact(4), .rightCensored(7), .rightCensored(0)])
        #expect(obs.map(\.basis) == [.reportedDays, .reportedDays, .noFollowUp])
        #expect(obs.map(\.sessionNumber) == [1, 2, 3])
    }

    @Test func sessionsOnlyGiveCurrentStatus() {
        // Relief at each session (θ = pain_before). Next pre-session pain ≥ θ → (0, gap]; below → censored at gap.
        let r = record([session("2026-03-02", 6, 3), session("2026-03-09", 6, 4), session("2026-03-20", 5, 5),
                        session("2026-03-27", 4, 2)])
        #expect(times(r) == [.interval(0, 7), .rightCensored(11), .rightCensored(0)])  // 20th: no relief, no obs
    }

    @Test func checkInsNarrowTheInterval() {
        let r = record([session("2026-03-02", 6, 2), session("2026-03-12", 7, 3)],
                       checkIns: [CheckIn(clientID: "c1", day: day("2026-03-02"), pain: 9),   // same day: left out
                                  CheckIn(clientID: "c1", day: day("2026-03-04"), pain: 3),
                                  CheckIn(clientID: "c1", day: day("2026-03-06"), pain: 5),
                                  CheckIn(clientID: "c1", day: day("2026-03-07"), pain: 6),
                                  CheckIn(clientID: "c1", day: day("2026-03-14"), pain: 4)])
        let obs = ReturnOfPain.observations(r, sessionsIn: march2026, cutoff: march2026.to)
        // Seen below 6 on day 4 (2 days) and day 6 (4 days), back at 6 on day 7 (5 days): (4, 5].
        // Second session (θ 7): check-in on the 14th (2 days) at 4, then nothing: censored at 2.
        #expect(obs.map(\.time) == [.interval(4, 5), .rightCensored(2)])
        #expect(obs.map(\.basis) == [.checkIns, .noFollowUp])
    }

    @Test func ongoingAndCutoff() {
        let r = record([session("2026-03-25", 6, 2), session("2026-03-30", 4, 2, relief: .ongoing),
                        session("2026-04-03", 7, 3)])
        let obs = ReturnOfPain.observations(r, sessionsIn: march2026, cutoff: march2026.to)
        // April's session is after the cut-off: the March 30 relief is censored at 0.
        #expect(obs.map(\.time) == [.rightCensored(5), .rightCensored(0)])
        #expect(obs.first?.basis == .reportedOngoing)
    }

    @Test func noReliefEverGivesNoObservation() {
        let r = record([session("2026-03-02", 5, 5), session("2026-03-09", 5, 6), session("2026-03-16", 5)])
        #expect(times(r).isEmpty)
    }

    @Test func twoSessionsOnOneDay() {
        // Morning relief, evening session already back at 6: returned the same day → exact 0.
        let r = record([session("2026-03-02", 6, 3, id: "a"), session("2026-03-02", 6, 4, id: "b")])
        #expect(times(r) == [.exact(0), .rightCensored(0)])
    }
}
