import ChartScene
import ReliefAnalytics
import ReliefModel
import Testing
@testable import ReliefReports

@Suite struct WordingTests {
    let w = ReportLanguage.english

    func summary(sessions: Int = 6, total: Int = 14, base: Double? = 7, cur: Double? = 3.5, pct: Double? = -0.5,
                 meaningful: Bool? = true, direction: String? = "improving", points: Int = 14,
                 sleep: ClientSummary.Item = .init(current: 7, baseline: 5, lastMonth: 6.5),
                 stress: ClientSummary.Item = .init(current: 6, baseline: 4, lastMonth: 5),
                 consistent: Bool? = true) -> ClientSummary {
        ClientSummary(month: Month(iso: "2026-10")!, sessionsThisMonth: sessions, sessionsLastMonth: 4, sessionsTotal: total,
                      pain: .init(current: cur, baseline: base, lastMonth: 4, direction: direction),
                      painPercentChange: pct, clinicallyMeaningful: meaningful, immediateRelief: 2.4,
                      immediateReliefLastMonth: 2, reliefFirstMonth: .exact(2), reliefNow: .exact(4.5),
                      reliefBasis: "reportedDays",
                      sleep: sleep, mood: .init(current: 6, baseline: 6.2), stress: stress, visits: sessions,
                      consistent: consistent, consistentLastMonth: false, longestGapDays: 6, trendPoints: points)
    }

    @Test func numbersPrintPlainly() {
        #expect(w.score(3.5) == "3.5" && w.score(4) == "4" && w.score(nil) == "–" && w.score(3.04) == "3")
        #expect(w.score(-0.34) == "\u{2212}0.3", "one minus sign everywhere: U+2212, as the charts print it")
        #expect(w.signedPercent(fraction: -0.5) == "−50%" && w.signedPercent(fraction: 0.123) == "+12%")
        #expect(w.signedPercent(fraction: nil) == nil && w.signedPercent(fraction: 0.001) == "0%", "no change is not +0%")
        #expect(w.days(1.0) == "1 day" && w.days(4.5) == "4.5 days" && w.days(nil as Double?) == "–")
        #expect(w.list(["a", "b", "c"]) == "a, b and c" && w.list(["a"]) == "a")
        #expect(w.fixed(-0.634, decimals: 2) == "−0.63" && w.monthYear(Month(iso: "2026-10")!) == "October 2026")
    }

    @Test func betterAndWorseFollowEachScoresSense() {
        #expect(w.verdict(-2, for: .pain) == "better")
        #expect(w.verdict(2, for: .stress) == "worse", "stress: higher is worse")
        #expect(w.verdict(2, for: .sleep) == "better", "sleep: higher is better")
        #expect(w.verdict(-1, for: .mood) == "worse")
        #expect(w.verdict(0.3, for: .mood) == "about the same", "under half a point is not called a change")
        #expect(w.verdict(nil, for: .pain) == "about the same")
    }

    @Test func paragraphSaysWhatTheNumbersSayAndNoMore() {
        let good = w.summaryParagraph(summary())
        #expect(good.contains("In October 2026 you came to 6 sessions, 14 in all since you started."))
        #expect(good.contains("now 3.5 out of 10, against 7 when you started — a clear improvement"))
        #expect(good.contains("falling steadily"))
        #expect(good.contains("sleep is better, mood is about the same and stress is worse"))
        #expect(good.contains("now lasts about 4.5 days (the median). That is longer than in your first month (2 days)."))
        #expect(good.contains("This rests on the days of relief you reported."))
        #expect(!good.contains(" up ") && !good.contains(" down "))

        let early = w.summaryParagraph(summary(sessions: 2, total: 2, cur: 6.5, pct: -0.07, meaningful: false, direction: nil, points: 2))
        #expect(early.contains("not enough sessions yet to see a trend"))
        #expect(!early.contains("falling steadily"))
        #expect(early.contains("better, though not yet by the 2 points and 30%"))

        let worse = w.summaryParagraph(summary(cur: 8, pct: 0.14, meaningful: false, direction: "worsening", consistent: false))
        #expect(worse.contains("higher than at the start"))
        #expect(worse.contains("has been rising"))
        #expect(worse.contains("longest gap was 6 days"))
    }

    @Test func keyFiguresCarryLastMonthAndTone() {
        let figures = w.keyFigures(summary())
        #expect(figures.map(\.label) == ["Sessions this month", "Pain before sessions, now", "Pain drop during a session", "Relief lasts (median)",
                                         "Sleep quality (10 is best)", "Mood (10 is best)", "Stress (10 is worst)", "Attendance"])
        #expect(figures[0].detail == "last month 4")
        #expect(figures[1].value == "3.5 / 10" && figures[1].tone == .better)
        #expect(figures[1].detail == "at the start 7 (−50%), a meaningful change; last month 4")
        #expect(figures[3].value == "4.5 days" && figures[3].tone == .better)
        #expect(figures[3].detail == "first month 2 days; from the days you reported")
        #expect(figures[4].tone == .better && figures[6].tone == .worse)
        #expect(figures[7].value == "Steady" && figures[7].detail == "longest gap 6 days; last month irregular")
        let missing = w.keyFigures(summary(sleep: .init()))
        #expect(missing[4].value == "–", "a missing score prints as missing, never as 0")
    }

    // Issue 17: every duration is worded by the kind of number it is.
    @Test func reliefFromVisitsAloneIsAnUpperBound() {
        var s = summary()
        s.reliefNow = .atMost(9)
        s.reliefFirstMonth = .atMost(22)
        s.reliefBasis = "sessionsOnly"
        let card = w.keyFigures(s)[3]
        #expect(card.value == "up to 9 days" && card.detail == "first month up to 22 days; from pain at each visit")
        #expect(card.tone == .neutral, "two upper bounds allow no comparison")
        let text = w.summaryParagraph(s)
        #expect(text.contains("In at least half of your sessions, relief had worn off within 9 days, by your next visit."))
        #expect(text.contains("In your first month: up to 22 days.") && !text.contains("shorter") && !text.contains("longer"))
        #expect(text.contains("not the day it did") && !text.contains("up to about") && !text.contains("or more"))
    }

    @Test func everyKindOfDurationHasItsWords() {
        #expect(w.duration(.exact(4.5)) == "4.5 days" && w.duration(.atMost(1)) == "up to 1 day")
        #expect(w.duration(.between(2, 5)) == "2–5 days" && w.duration(.moreThan(12)) == "more than 12 days")
        #expect(w.duration(.unknown) == "not known yet", "no card is ever empty")
        #expect(w.reliefSentence(.moreThan(12), basis: "checkIns") ==
                "Relief after a session now lasts more than 12 days: the median is beyond the longest follow-up on record.")
        #expect(w.reliefSentence(.between(2, 5), basis: "checkIns") ==
                "The typical relief after a session now lasts more than 2 days and up to 5 days.")
        #expect(w.reliefSentence(.unknown, basis: "none") == nil)
        #expect(w.basisSentence("checkIns")?.contains("check-ins") == true && w.basisSentence("checkIns")?.contains("each visit") == false)
    }

    @Test func comparisonsOnlyWhereTheBoundsAllow() {
        #expect(DurationEstimate.moreThan(12).compared(with: .atMost(5)) == .longer)
        #expect(DurationEstimate.atMost(3).compared(with: .moreThan(7)) == .shorter)
        #expect(DurationEstimate.atMost(9).compared(with: .atMost(22)) == nil)
        #expect(DurationEstimate.exact(4).compared(with: .exact(4.3)) == .aboutTheSame)
        #expect(DurationEstimate.between(2, 5).compared(with: .exact(4)) == nil)
        // Touching ends: only an excluded end allows the claim.
        #expect(DurationEstimate.exact(5).compared(with: .atMost(5)) == nil, "both allow 5 days")
        #expect(DurationEstimate.moreThan(5).compared(with: .atMost(5)) == .longer)
        #expect(DurationEstimate.between(3, 5).compared(with: .exact(5)) == nil)
        #expect(DurationEstimate.atMost(3).compared(with: .between(3, 6)) == .shorter)
        #expect(DurationEstimate(median: 9, medianFrom: 0, longestFollowUp: 9) == .atMost(9))
        #expect(DurationEstimate(median: 9, medianFrom: 4, longestFollowUp: 9) == .between(4, 9))
        #expect(DurationEstimate(median: nil, medianFrom: nil, longestFollowUp: 0) == .unknown)
    }

    @Test func oneVisitIsNotCalledSpreadOut() {
        var s = summary(sessions: 1, consistent: false)
        s.longestGapDays = nil
        #expect(w.keyFigures(s)[7].value == "One visit")
        let text = w.summaryParagraph(s)
        #expect(!text.contains("spread out") && text.contains("With one visit this month"))
    }

    // Issue 16, fix 4: plurals, comparisons and joined reasons belong to the wording layer.
    // Every counting template is read with 0, 1 and 2.
    @Test func everyCountReadsRightWithZeroOneAndTwo() {
        for n in [0, 1, 2] {
            let texts = [
                w.sessions(n), w.clients(n), w.days(n),
                w.painChartSubtitle(from: Month(iso: "2026-08")!, to: Month(iso: "2026-10")!, shown: n),
                w.reliefChartSubtitle(sessions: n), w.clinicReliefSubtitle(sessions: n, clients: n),
                w.attendanceChartSubtitle(gapDays: n),
            ]
            for t in texts {
                #expect(!t.contains("1 sessions") && !t.contains("1 clients") && !t.contains("1 days"), "\(t)")
                if n != 1 { #expect(!t.contains("\(n) session ") && !t.hasSuffix("\(n) session") && !t.contains("\(n) day ")
                                    && !t.hasSuffix("\(n) day"), "\(t)") }
            }
        }
        #expect(w.painChartSubtitle(from: Month(iso: "2026-08")!, to: Month(iso: "2026-10")!, shown: 1)
                == "August 2026 to October 2026 · 1 session shown")
        #expect(w.sessions(0) == "0 sessions" && w.sessions(1) == "1 session" && w.sessions(2) == "2 sessions")
    }

    @Test func theSameIsComparedWithAs() {
        let s = summary(sleep: .init(current: 5.2, baseline: 5, lastMonth: 5))
        let sleep = w.keyFigures(s)[4].detail
        #expect(sleep.hasPrefix("about the same as at the start (5)"), "\(sleep)")
        #expect(!w.keyFigures(s).contains { $0.detail.contains("same than") })
        #expect(w.comparedWith(-2, for: .pain) == "better than" && w.comparedWith(2, for: .pain) == "worse than")
    }

    @Test func attendanceOfOneDaySaysDay() {
        var s = summary()
        s.longestGapDays = 1
        #expect(w.keyFigures(s)[7].detail.hasPrefix("longest gap 1 day;"))
    }
}
