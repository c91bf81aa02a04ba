import ReliefTestSupport
import Testing
import Foundation
import ReliefModel
@testable import ReliefAnalytics

/// 20 000 clients, 1 000 000 sessions. Runs only with RELIEF_PERF=1, in a release build:
/// `RELIEF_PERF=1 swift test -c release -Xswiftc -enable-testing --filter CohortPerformance`.
@Suite struct CohortPerformanceTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["RELIEF_PERF"] == "1"))
    func twentyThousandClients() {
        var rng = SplitMix64(seed: 9)
        let first = day("2025-04-01")
        var records: [ClientRecord] = []
        records.reserveCapacity(20_000)
        for c in 0..<20_000 {
            let id = "c\(c)"
            var d = first + Int(rng.next() % 120)
            var pain = Double(4 + rng.next() % 6)
            var sessions: [Session] = []
            var checkIns: [CheckIn] = []
            for k in 0..<50 {
                let after = max(0, pain - Double(1 + rng.next() % 3))
                let reported: ReliefDays? = rng.next() % 3 == 0 ? .days(Double(rng.next() % 8)) : nil
                sessions.append(Session(id: "\(id)-\(k)", clientID: id, therapistID: "t\(c % 12)", day: d,
                                        techniques: ["trigger-point"], regions: ["neck"], painBefore: pain,
                                        painAfter: after, sleep: 5, mood: 5, stress: 5, reliefDays: reported))
                if c % 4 == 0 { checkIns.append(CheckIn(clientID: id, day: d + 3, pain: min(10, after + 2))) }
                d = d + Int(3 + rng.next() % 9)
                pain = min(10, max(0, pain + Double(Int(rng.next() % 3)) - 1.2).rounded())
            }
            records.append(ClientRecord(client: Client(id: id, segment: .officeWorker, therapistID: "t\(c % 12)"),
                                        sessions: sessions, checkIns: checkIns))
        }
        // September 2025: courses ~20 sessions long so far; March 2026: ~45 sessions on record.
        for month in [Month(year: 2025, month: 9)!, Month(year: 2026, month: 3)!] {
            let clock = ContinuousClock()
            var result: CohortOutcomes? = nil
            let elapsed = clock.measure {
                result = Analytics.cohort(records, therapists: [], period: Period(month))
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            print("cohort \(month.iso) of 20 000 clients / 1 000 000 sessions: \(seconds) s; active \(result?.clients ?? 0), sessions \(result?.sessions ?? 0)")
            #expect(seconds < 10)
        }
    }
}

/// Theil–Sen on long series (the two paths of `TheilSen`). RELIEF_PERF=1, release build.
@Suite struct TheilSenPerformanceTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["RELIEF_PERF"] == "1"))
    func longSeries() throws {
        var rng = SplitMix64(seed: 3)
        for (n, limit) in [(50, 1000), (2000, 2000), (2000, 1000), (20_000, 1000)] {
            let x = (0..<n).map { Double($0) / 7 }
            let y = x.map { 6 - 0.01 * $0 + Double(rng.next() % 30) / 10 }
            let clock = ContinuousClock()
            var fit: TheilSen? = nil
            let d = clock.measure { fit = TheilSen.fit(x: x, y: y, exactLimit: limit) }
            print("Theil–Sen n = \(n): \(d), slope \(fit?.slope ?? .nan)")
            #expect(fit != nil)
        }
    }
}
