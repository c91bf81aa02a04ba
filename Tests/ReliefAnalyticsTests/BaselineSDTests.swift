import ReliefTestSupport
import Testing
import ReliefModel
@testable import ReliefAnalytics

@Suite struct BaselineSDTests {
    /// 300 clients with gaps in every measure, values after the cut-off, same-day sessions and
    /// clients whose whole history is after it.
    static func records() -> [ClientRecord] {
        var rng = SplitMix64(seed: 21)
        func maybe(_ v: Double) -> Double? { rng.next() % 4 == 0 ? nil : v }
        return (0..<300).map { c in
            let id = "c\(c)"
            var d = day("2026-01-01") + Int(rng.next() % 150)
            let sessions: [Session] = (0..<Int(rng.next() % 12)).map { k in
                if rng.next() % 3 != 0 { d = d + Int(rng.next() % 9) }
                return Session(id: "\(id)-\(rng.next() % 1000)-\(k)", clientID: id, day: d,
                               minute: rng.next() % 2 == 0 ? nil : Int(rng.next() % 600),
                               painBefore: Double(rng.next() % 101) / 10, sleep: maybe(Double(rng.next() % 11)),
                               mood: maybe(Double(rng.next() % 11) / 2), stress: maybe(Double(rng.next() % 11)))
            }
            return ClientRecord(client: Client(id: id), sessions: sessions)
        }
    }

    @Test func parallelBaselinesEqualTheStreamingOnes() throws {
        let records = Self.records()
        for cutoff in [day("2026-02-15"), day("2026-04-01"), day("2027-01-01")] {
            var streaming = BaselineScores(upTo: cutoff)
            // Any session order: last client first, each client's sessions reversed.
            for r in records.reversed() { for s in r.sessions.reversed() { streaming.add(s) } }
            let expected = streaming.standardDeviations
            for threads in [1, 2, 7] {
                let sd = Analytics.baselineSD(records, upTo: cutoff, threads: threads)
                #expect(Set(sd.keys) == Set(expected.keys))
                for (m, v) in expected { #expect(close(sd[m], v, Tolerance(rel: 1e-13, abs: 0))) }
            }
        }
        // Records in id order (as the store returns a cohort): the same bits, whatever the hash seed.
        let byID = records.sorted { $0.client.id < $1.client.id }
        var streaming = BaselineScores(upTo: day("2026-04-01"))
        for r in records.reversed() { for s in r.sessions { streaming.add(s) } }
        #expect(Analytics.baselineSD(byID, upTo: day("2026-04-01")) == streaming.standardDeviations)
        #expect(Analytics.baselineSD(records, upTo: day("2025-01-01")).isEmpty)
        #expect(Analytics.baselineSD([], upTo: day("2027-01-01")).isEmpty)
    }
}
