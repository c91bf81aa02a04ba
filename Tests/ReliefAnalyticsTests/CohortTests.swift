import ReliefTestSupport
import Testing
import Foundation
import ReliefModel
@testable import ReliefAnalytics

@Suite struct CohortTests {
    /// A small clinic, March 2026:
    /// - a1…a5: weekly since January, pain 8 → falling 0.5 a week (improved), therapist t1, office workers.
    /// - b1: one session in March (new; left out of the improvement share), therapist t2.
    /// - w1: worsening since January (at risk: worsening and no better than intake), therapist t2.
    /// - l1: last seen 20 February with pain 6 (lapsed on 22 March, at risk), not active.
    /// - o1: last seen in 2025 (neither active nor lapsed this month: not counted).
    static func clinic() -> [ClientRecord] {
        var out: [ClientRecord] = []
        for i in 1...5 {
            let s = (0..<12).map { k in
                session("2026-01-05", 8 - 0.5 * Double(k), 6 - 0.5 * Double(k), id: "a\(i)-\(k)", client: "a\(i)",
                        techniques: ["trigger-point"], regions: ["neck"], sleep: 5)
            }.enumerated().map { k, s in var s = s; s.day = s.day + 7 * k; return s }
            out.append(record(s, id: "a\(i)", segment: .officeWorker))
        }
        out.append(record([session("2026-03-12", 6, 4, client: "b1", therapist: "t2", kind: .relaxation)],
                          id: "b1", segment: .athlete, therapist: "t2"))
        let w = (0..<10).map { k in
            var s = session("2026-01-05", 4 + 0.4 * Double(k), 3 + 0.4 * Double(k), id: "w-\(k)", client: "w1", therapist: "t2")
            s.day = s.day + 7 * k; return s
        }
        out.append(record(w, id: "w1", segment: .athlete, therapist: "t2"))
        out.append(record([session("2026-02-06", 7, 5, client: "l1"), session("2026-02-20", 6, 4, client: "l1")],
                          id: "l1", segment: .olderAdult))
        out.append(record([session("2025-06-01", 5, 3, client: "o1")], id: "o1"))
        return out
    }

    @Test func handCheckedClinic() throws {
        var options = AnalysisOptions()
        options.bootstrapReplicates = 50
        let c = Analytics.cohort(Self.clinic(), therapists: [Therapist(id: "t1", name: "Ana"), Therapist(id: "t2"),
                                                            Therapist(id: "t3", name: "Idle")],
                                 period: march2026, options: options)
        #expect(c.clients == 7)                 // a1…a5, b1, w1
        #expect(c.newClients == 1)              // b1
        #expect(c.lapsedClients == 1)           // l1 (20 Feb + 30 = 22 Mar)
        #expect(c.sessions == 5 * 4 + 1 + 2)    // a: 2, 9, 16, 23 March; b1; w1 on 2 and 9 March (weeks 8, 9 from 5 Jan)
        #expect(c.eligible == 6 && c.leftOut == 1 && c.improved == 5)
        #expect(close(c.improvedShare, 5.0 / 6))
        #expect(c.atRisk.map(\.client) == ["l1", "w1"])
        let w = try #require(c.atRisk.last)
        #expect(Set(w.reasons.map(\.code)) == [.worsening, .noBetterThanBaseline])
        let worsening = try #require(w.reasons.first { $0.code == .worsening })
        #expect(worsening.sessions != nil && (worsening.slopePerWeek ?? 0) > 0, "a reason carries the numbers it rests on")
        #expect(c.atRisk.first?.reasons.map(\.code) == [.lapsedInPain])

        let t = Dictionary(uniqueKeysWithValues: c.byTherapist.map { ($0.key, $0) })
        #expect(t["t1"]?.clients == 5 && t["t1"]?.name == "Ana" && t["t1"]?.dimension == .therapist && t["t1"]?.tooFewToCompare == false)
        #expect(t["t2"]?.clients == 2 && t["t2"]?.tooFewToCompare == true)
        #expect(t["t3"]?.clients == 0 && t["t3"]?.tooFewToCompare == true)   // listed, never ranked
        #expect(c.byKind.map(\.key) == ["medical", "relaxation"])
        #expect(c.bySegment.first { $0.key == "office-worker" }?.clients == 5)

        // Dose: weekly clients run at 30/7 = 4.29 a month → bin 4–8; all improved.
        let bin48 = try #require(c.doseResponse.bins.first { $0.from == 4 })
        #expect(bin48.n == 6 && bin48.to == 8)
        #expect(c.doseResponse.bins.count == 4 && c.doseResponse.bins.last?.to == nil)

        #expect(c.dataQuality.sessions == 23)
        #expect(close(c.dataQuality.missingSleep, 3.0 / 23))   // b1's and w1's sessions have no sleep score
        #expect(c.dataQuality.missingPainAfter == 0)
        #expect(c.reliefDuration.clientsWeightedEqually)
        #expect(c.reliefDuration.intervalMethod == .bootstrap)

        let j = try json(c)
        for k in ["period", "clients", "sessions", "improvedShare", "reliefDuration", "byTherapist", "byTechnique",
                  "bySegment", "doseResponse", "atRisk"] { #expect(j.keys.contains(k), "missing \(k)") }
    }

    @Test func emptyClinicAndEmptyMonth() throws {
        let none = Analytics.cohort([], therapists: [], period: march2026)
        #expect(none.clients == 0 && none.improvedShare == nil && none.medianPercentChange == nil)
        #expect(none.reliefDuration.medianDays == nil && none.doseResponse.spearman == nil)
        let j = try json(none)
        #expect(j["improvedShare"] is NSNull)
        let later = Analytics.cohort(Self.clinic(), therapists: [], period: Period(Month(year: 2027, month: 1)!))
        #expect(later.clients == 0 && later.sessions == 0 && later.dataQuality.missingSleep == nil)
    }

    @Test func clientsWeighEquallyInThePooledCurve() throws {
        // One client with 9 sessions whose relief lasts exactly 2 days, nine clients with one session
        // whose relief lasts 10: weighting clients equally puts 90% of the weight on 10 days.
        var records: [ClientRecord] = []
        var heavy: [Session] = []
        for k in 0..<10 { heavy.append(session("2026-03-0\(1)", 6, 2, id: "h\(k)", client: "h", relief: k == 0 ? nil : .days(2))) }
        for k in 0..<10 { heavy[k].day = day("2026-03-01") + 3 * k }
        records.append(record(heavy, id: "h"))
        for i in 0..<9 {
            records.append(record([session("2026-03-02", 6, 2, id: "x\(i)a", client: "x\(i)"),
                                   session("2026-03-20", 6, 2, id: "x\(i)b", client: "x\(i)", relief: .days(10))], id: "x\(i)"))
        }
        var options = AnalysisOptions()
        options.bootstrapReplicates = 20
        let c = Analytics.cohort(records, therapists: [], period: march2026, options: options)
        #expect(c.reliefDuration.medianDays == 10)   // unweighted, the 9 two-day events would make it 2
    }

    @Test func clientsWhoComeMoreOftenImproveMore() throws {
        // 30 clients, gaps of 3 to 17 days; each visit lowers pain by 0.25 point, so over the same
        // 12 weeks frequent visitors fall further. The shape the SampleData test will check.
        var records: [ClientRecord] = []
        for i in 0..<30 {
            let gap = 3 + (i % 15)
            var sessions: [Session] = []
            var d = day("2026-01-05")
            var pain = 7.0
            while d <= day("2026-03-31") {
                sessions.append(session("2026-01-05", pain.rounded(), max(0, pain.rounded() - 2), id: "p\(i)-\(d.ordinal)", client: "p\(i)"))
                sessions[sessions.count - 1].day = d
                pain -= 0.25
                d = d + gap
            }
            records.append(record(sessions, id: "p\(i)"))
        }
        var options = AnalysisOptions()
        options.bootstrapReplicates = 10
        let c = Analytics.cohort(records, therapists: [], period: march2026, options: options)
        let rho = try #require(c.doseResponse.spearman)
        let upper = try #require(rho.upper95)
        #expect(rho.rho < -0.8 && upper < 0)
        let medians = c.doseResponse.bins.filter { $0.n > 0 }.compactMap(\.medianPercentChange)
        #expect(medians == medians.sorted(by: >))   // more sessions per 30 days, larger fall
    }
}
