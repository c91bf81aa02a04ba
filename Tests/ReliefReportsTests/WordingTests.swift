import ChartScene
import ReliefModel
import Testing
@testable import ReliefReports

@Suite struct WordingTests {
    func summary(sessions: Int = 6, total: Int = 14, base: Double? = 7, cur: Double? = 3.5, pct: Double? = -0.5,
                 meaningful: Bool? = true, direction: String? = "improving", points: Int = 14,
                 sleep: ClientSummary.Item = .init(current: 7, baseline: 5, lastMonth: 6.5),
                 stress: ClientSummary.Item = .init(current: 6, baseline: 4, lastMonth: 5),
                 consistent: Bool? = true) -> ClientSummary {
        ClientSummary(month: Month(iso: "2026-10")!, sessionsThisMonth: sessions, sessionsLastMonth: 4, sessionsTotal: total,
                      pain: .init(current: cur, baseline: base, lastMonth: 4, direction: direction),
                      painPercentChange: pct, clinicallyMeaningful: meaningful, immediateRelief: 2.4,
                      immediateReliefLastMonth: 2, reliefDaysFirstMonth: 2, reliefDaysNow: 4.5, reliefFromReports: true,
                      sleep: sleep, mood: .init(current: 6, baseline: 6.2), stress: stress,
                      consistent: consistent, consistentLastMonth: false, longestGapDays: 6, trendPoints: points)
    }

    @Test func numbersPrintPlainly() {
        #expect(Wording.score(3.5) == "3.5" && Wording.score(4) == "4" && Wording.score(nil) == "–" && Wording.score(3.04) == "3")
        #expect(Wording.percent(-0.5) == "−50%" && Wording.percent(0.123) == "+12%" && Wording.percent(nil) == nil)
        #expect(Wording.days(1) == "1 day" && Wording.days(4.5) == "4.5 days" && Wording.days(nil) == "–")
        #expect(Wording.list(["a", "b", "c"]) == "a, b and c" && Wording.list(["a"]) == "a")
    }

    @Test func betterAndWorseFollowEachScoresSense() {
        #expect(Wording.compare(-2, for: .pain) == "better")
        #expect(Wording.compare(2, for: .stress) == "worse", "stress: higher is worse")
        #expect(Wording.compare(2, for: .sleep) == "better", "sleep: higher is better")
        #expect(Wording.compare(-1, for: .mood) == "worse")
        #expect(Wording.compare(0.3, for: .mood) == "about the same", "under half a point is not called a change")
        #expect(Wording.compare(nil, for: .pain) == "about the same")
    }

    @Test func paragraphSaysWhatTheNumbersSayAndNoMore() {
        let good = Wording.summaryParagraph(name: "Ana", summary())
        #expect(good.contains("In October 2026 you came to 6 sessions, 14 in all since you started."))
        #expect(good.contains("now 3.5 out of 10, against 7 when you started — a clear improvement"))
        #expect(good.contains("falling steadily"))
        #expect(good.contains("sleep is better, mood is about the same and stress is worse"))
        #expect(good.contains("lasts about 4.5 days, longer than the 2 days of your first month"))
        #expect(!good.contains(" up ") && !good.contains(" down "))

        let early = Wording.summaryParagraph(name: "Ana", summary(sessions: 2, total: 2, cur: 6.5, pct: -0.07, meaningful: false, direction: nil, points: 2))
        #expect(early.contains("not enough sessions yet to see a trend"))
        #expect(!early.contains("falling steadily"))
        #expect(early.contains("better, though not yet by the 2 points and 30%"))

        let worse = Wording.summaryParagraph(name: "Ana", summary(cur: 8, pct: 0.14, meaningful: false, direction: "worsening", consistent: false))
        #expect(worse.contains("higher than at the start"))
        #expect(worse.contains("has been rising"))
        #expect(worse.contains("longest gap was 6 days"))
    }

    @Test func keyFiguresCarryLastMonthAndTone() {
        let figures = ClientReport.keyFigures(summary())
        #expect(figures.map(\.label) == ["Sessions this month", "Pain before sessions, now", "Pain drop during a session", "Relief lasts about",
                                         "Sleep quality (10 is best)", "Mood (10 is best)", "Stress (10 is worst)", "Attendance"])
        #expect(figures[0].detail == "last month 4")
        #expect(figures[1].value == "3.5 / 10" && figures[1].tone == .better)
        #expect(figures[1].detail == "at the start 7 (−50%), a meaningful change; last month 4")
        #expect(figures[3].value == "4.5 days" && figures[3].tone == .better)
        #expect(figures[4].tone == .better && figures[6].tone == .worse)
        #expect(figures[7].value == "Steady" && figures[7].detail == "longest gap 6 days; last month irregular")
        let missing = ClientReport.keyFigures(summary(sleep: .init()))
        #expect(missing[4].value == "–", "a missing score prints as missing, never as 0")
    }

    @Test func reliefFromVisitsAloneIsAnUpperBound() {
        var s = summary()
        s.reliefFromReports = false
        #expect(ClientReport.keyFigures(s)[3].label == "Relief lasts up to")
        #expect(ClientReport.keyFigures(summary())[3].label == "Relief lasts about")
        let text = Wording.summaryParagraph(name: "Ana", s)
        #expect(text.contains("lasts up to about 4.5 days"))
        #expect(text.contains("not the day it did"))
    }
}
