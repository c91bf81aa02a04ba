import ReliefTestSupport
import Testing
import Foundation
import ReliefModel
@testable import ReliefAnalytics

@Suite struct ClientProgressTests {
    static let dataKeys = ["client", "period", "sessions", "pain", "sleep", "mood", "stress", "reliefDuration", "consistency"]
    static let painKeys = ["baseline", "current", "change", "percentChange", "clinicallyMeaningful", "immediateRelief", "trend"]
    static let trendKeys = ["n", "slopePerWeek", "slopeLower95", "slopeUpper95", "mannKendallS", "mannKendallZ",
                            "mannKendallP", "direction"]
    static let reliefKeys = ["intervals", "events", "censored", "medianDays", "curve"]
    static let consistencyKeys = ["sessionsPer30Days", "medianGapDays", "gapCV", "longestGapDays"]

    /// Every data.md key is present, with `null` where there is no value (never omitted).
    func checkKeys(_ j: [String: Any]) throws {
        for k in Self.dataKeys { #expect(j.keys.contains(k), "missing \(k)") }
        let pain = try #require(j["pain"] as? [String: Any])
        for k in Self.painKeys { #expect(pain.keys.contains(k), "missing pain.\(k)") }
        let trend = try #require(pain["trend"] as? [String: Any])
        for k in Self.trendKeys { #expect(trend.keys.contains(k), "missing trend.\(k)") }
        for m in ["sleep", "mood", "stress"] {
            let s = try #require(j[m] as? [String: Any])
            for k in ["baseline", "current", "change", "trend"] { #expect(s.keys.contains(k), "missing \(m).\(k)") }
        }
        let relief = try #require(j["reliefDuration"] as? [String: Any])
        for k in Self.reliefKeys { #expect(relief.keys.contains(k), "missing reliefDuration.\(k)") }
        let cons = try #require(j["consistency"] as? [String: Any])
        for k in Self.consistencyKeys { #expect(cons.keys.contains(k), "missing consistency.\(k)") }
        let period = try #require(j["period"] as? [String: Any])
        #expect(period.keys.sorted() == ["from", "to"])
    }

    @Test func oneSessionEncodesNulls() throws {
        let p = Analytics.client(record([session("2026-03-10", 6, 3)]), period: march2026)
        #expect(p.sessions == 1 && p.pain.change == nil && p.pain.trend.direction == .notEnoughData)
        let j = try json(p)
        try checkKeys(j)
        let pain = j["pain"] as! [String: Any]
        #expect(pain["change"] is NSNull && pain["percentChange"] is NSNull)
        #expect((pain["trend"] as! [String: Any])["slopePerWeek"] is NSNull)
        #expect((j["sleep"] as! [String: Any])["baseline"] is NSNull)   // never recorded: null, not 0
        #expect((j["consistency"] as! [String: Any])["gapCV"] is NSNull)
        #expect((j["reliefDuration"] as! [String: Any])["medianDays"] is NSNull)
        let text = String(decoding: try JSONEncoder().encode(p), as: UTF8.self)
        #expect(!text.contains("NaN") && !text.contains("inf"))
    }

    @Test func monthWithNoSessions() throws {
        let r = record([session("2026-01-10", 7, 4), session("2026-02-10", 6, 4), session("2026-04-02", 5, 3)])
        let p = Analytics.client(r, period: march2026)
        #expect(p.sessions == 0 && p.consistency.visits == 0 && p.consistency.sessionsPer30Days == 0)
        #expect(p.pain.baseline == 7 && p.pain.current == 6.5)      // April is after the cut-off
        #expect(p.reliefDuration.intervals == 0 && p.reliefDuration.curve.isEmpty)
        #expect(p.pain.immediateRelief?.n == 0 && p.pain.immediateRelief?.mean == nil)
        #expect(p.previous?.period == Period(Month(year: 2026, month: 2)!))
        #expect(p.previous?.sessions == 1)
        try checkKeys(try json(p))
    }

    @Test func twoSessionsSameDayAndAllEqual() throws {
        let r = record([session("2026-03-02", 5, 5, id: "a"), session("2026-03-02", 5, 5, id: "b"),
                        session("2026-03-09", 5, 5), session("2026-03-16", 5, 5), session("2026-03-23", 5, 5)])
        let p = Analytics.client(r, period: march2026)
        #expect(p.sessions == 5 && p.consistency.visits == 4)
        #expect(p.pain.trend.n == 4 && p.pain.trend.slopePerWeek == 0 && p.pain.trend.direction == .noClearTrend)
        #expect(p.pain.trend.mannKendallP == 1)
        #expect(p.pain.change == 0 && p.pain.changeDirection == .unchanged)
        #expect(p.reliefDuration.intervals == 0)   // no session brought relief
    }

    @Test func everyIntervalCensored() throws {
        // Relief every time and pain never back by the next session: all right-censored (the last
        // session has nothing after it and is no observation).
        let r = record([session("2026-03-02", 6, 2), session("2026-03-09", 5, 2), session("2026-03-16", 4, 1)])
        let d = Analytics.client(r, period: march2026).reliefDuration
        #expect(d.intervals == 2 && d.censored == 2 && d.events == 0 && d.withoutFollowUp == 1)
        #expect(d.medianDays == nil && d.curve.isEmpty && d.longestFollowUpDays == 7)
    }

    @Test func fullCourse() throws {
        var sessions: [Session] = []
        let start = day("2026-01-05")
        for k in 0..<12 {
            let pre = 8 - 0.4 * Double(k)
            sessions.append(Session(id: "s\(k)", clientID: "c1", therapistID: "t1", day: start + 7 * k,
                                    painBefore: pre.rounded(), painAfter: (pre - 2.5).rounded(), sleep: 3 + 0.3 * Double(k),
                                    mood: 5, stress: 7 - 0.2 * Double(k),
                                    reliefDays: k == 0 ? nil : .days(2 + 0.5 * Double(k))))
        }
        var options = AnalysisOptions()
        options.clinicBaselineSD = [.pain: 1.8, .sleep: 2, .mood: 2, .stress: 2]
        let p = Analytics.client(record(sessions), period: march2026, options: options)
        #expect(p.pain.trend.direction == .improving)
        #expect(p.sleep.trend.direction == .improving)    // rising sleep quality is better
        #expect(p.stress.trend.direction == .improving)   // falling stress is better
        #expect(p.pain.reliableChange?.reliable == true)
        #expect(p.reliefDuration.method == .kaplanMeier && p.reliefDuration.basis == "reportedDays",
                "every observation rests on a reported relief_days (the last session, with nothing after it, is none)")
        let cum = try #require(p.reliefDuration.cumulative)
        #expect(close(cum.daysPerSession, 0.5))           // relief_days grows 0.5 a session
        #expect(cum.n >= 4)
        #expect(p.consistency.consistent)
        try checkKeys(try json(p))
    }

    @Test func previousPeriodOfEqualLength() {
        #expect(march2026.previous == Period(Month(year: 2026, month: 2)!))
        let custom = Period(from: day("2026-03-10"), to: day("2026-03-19"))
        #expect(custom.previous == Period(from: day("2026-02-28"), to: day("2026-03-09")))
    }
}
