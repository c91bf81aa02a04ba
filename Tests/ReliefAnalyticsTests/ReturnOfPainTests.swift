import ReliefTestSupport
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
        // The last session has nothing after it: no observation (relief holds at day 0 always).
        #expect(obs.map(\.time) == [.exact(4), .rightCensored(7)])
        #expect(obs.map(\.basis) == [.reportedDays, .reportedDays])
        #expect(obs.map(\.sessionNumber) == [1, 2])
        #expect(ReturnOfPain.observe(r, sessionsIn: march2026, cutoff: march2026.to).withoutFollowUp == 1)
    }

    @Test func sessionsOnlyGiveCurrentStatus() {
        // Relief at each session (θ = pain_before). Next pre-session pain ≥ θ → (0, gap]; below → censored at gap.
        let r = record([session("2026-03-02", 6, 3), session("2026-03-09", 6, 4), session("2026-03-20", 5, 5),
                        session("2026-03-27", 4, 2)])
        #expect(times(r) == [.interval(0, 7), .rightCensored(11)])  // 20th: no relief; 27th: nothing after it
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
        // April's session is after the cut-off: nothing follows the March 30 relief, which is left out.
        #expect(obs.map(\.time) == [.rightCensored(5)])
        #expect(obs.first?.basis == .reportedOngoing)
    }

    @Test func noReliefEverGivesNoObservation() {
        let r = record([session("2026-03-02", 5, 5), session("2026-03-09", 5, 6), session("2026-03-16", 5)])
        #expect(times(r).isEmpty)
    }

    @Test func twoSessionsOnOneDay() {
        // Morning relief, evening session already back at 6: returned the same day → exact 0.
        let r = record([session("2026-03-02", 6, 3, id: "a"), session("2026-03-02", 6, 4, id: "b")])
        #expect(times(r) == [.exact(0)])
    }

    // Issue 16, fix 3: a session with no later visit is not an observation censored at 0. It
    // raised intervals, censored and atRisk, and shrank its client's weight to k/(k+1).
    @Test func aSessionWithNothingAfterItIsLeftOutAndCounted() {
        let r = record([session("2026-03-02", 6, 3), session("2026-03-09", 7, 3), session("2026-03-16", 6, 2)])
        let d = Analytics.client(r, period: march2026).reliefDuration
        #expect(d.intervals == 2 && d.events == 1 && d.censored == 1, "(0, 7] and censored at 7: the 16th has nothing after it")
        #expect(d.withoutFollowUp == 1)
        #expect(d.curve.first?.atRisk == 2, "the curve starts with the two informative observations")

        // In a cohort each client weighs 1 in all, spread over their informative observations
        // only: a trailing session with relief and nothing after it changes nothing. (Before,
        // it took half of its client's weight as a censoring at day 0.)
        let trimmed = record([session("2026-03-02", 6, 3), session("2026-03-09", 6, 6)])   // (0, 7]; no relief on the 9th
        let trailing = record(trimmed.sessions + [session("2026-03-16", 5, 2)])
        let other = record([session("2026-03-03", 6, 2), session("2026-03-10", 3, 2)], id: "c2")   // censored at 7
        var options = AnalysisOptions()
        options.bootstrapReplicates = 0
        let with = Analytics.cohort([trailing, other], therapists: [], period: march2026, options: options).reliefDuration
        let without = Analytics.cohort([trimmed, other], therapists: [], period: march2026, options: options).reliefDuration
        #expect(with.curve == without.curve && with.intervals == 2)
        #expect(with.withoutFollowUp == 2 && without.withoutFollowUp == 1, "the 10th and the 16th have nothing after them")
    }
}
