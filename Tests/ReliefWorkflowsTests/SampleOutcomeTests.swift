import Foundation
import ReliefAnalytics
import ReliefImport
@testable import ReliefSample
import ReliefModel
import Testing

/// On SampleData, the analytics find what the generator put in: consistent clients improve
/// more than irregular ones and their relief grows with their sessions, and worsening clients
/// are flagged.
///
/// The numbers that show it (seed 1, records to 2026-10-31, clients with ≥ 4 sessions, no dropouts):
/// - median percent change in pre-session pain, consistent vs irregular;
/// - share clinically improved (≥ 2 points and ≥ 30%);
/// - relief reported as still holding at the next visit, early against late in consistent courses;
/// - the at-risk list contains most worsening clients.
@Suite struct SampleOutcomeTests {
    static let data = SampleGenerator.generate(SampleClinic(seed: 1))
    static let period = Period(from: SampleClinic.defaultEnd.first - 365, to: SampleClinic.defaultEnd.last)

    func group(_ course: ClientProfile.Course) -> [ClientRecord] {
        Self.data.clientRecords().filter {
            guard let p = Self.data.profiles[$0.client.id] else { return false }
            return p.course == course && !p.dropsOut && $0.sessions.count >= 4
        }
    }

    func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    @Test func consistentClientsImproveMoreThanIrregularOnes() throws {
        let consistent = group(.consistent).map { Analytics.client($0, period: Self.period) }
        let irregular = group(.irregular).map { Analytics.client($0, period: Self.period) }
        try #require(consistent.count >= 10 && irregular.count >= 5)
        let cChange = median(consistent.compactMap(\.pain.percentChange))
        let iChange = median(irregular.compactMap(\.pain.percentChange))
        #expect(cChange < -30, "consistent clients: median change \(cChange)% — a clinically meaningful fall")
        #expect(cChange < iChange - 15, "consistent \(cChange)% vs irregular \(iChange)%")
        let cImproved = Double(consistent.filter { $0.pain.clinicallyMeaningful == true }.count) / Double(consistent.count)
        let iImproved = Double(irregular.filter { $0.pain.clinicallyMeaningful == true }.count) / Double(irregular.count)
        #expect(cImproved > iImproved + 0.2, "improved share: consistent \(cImproved) vs irregular \(iImproved)")
    }

    /// Consistent clients' relief lasts longer as their sessions add up: in what they report at
    /// the next visit, relief is still holding ("ongoing") more often after their 15th session
    /// than after their first four.
    ///
    /// This replaced a comparison of the pooled relief curves at 3 days, consistent against
    /// irregular clients. Over seeds 1–8 of this clinic's size the analytics found consistent
    /// clients ahead in only 3 (mean 0.39 against 0.42; 0.39 against 0.37 with 1,200 clients):
    /// frequent visits censor a consistent client's relief at 2–3 days, so the curve cannot see
    /// what the generator put in beyond that. The old generator's seed 1 happened to agree.
    @Test func consistentClientsReliefGrowsWithTheirSessions() throws {
        var early = (ongoing: 0, reported: 0), late = (ongoing: 0, reported: 0)
        for record in group(.consistent) {
            for (k, s) in record.sessions.sorted(by: { $0.day < $1.day }).enumerated() where s.reliefDays != nil {
                let ongoing = s.reliefDays == .ongoing ? 1 : 0
                if k <= 3 { early.reported += 1; early.ongoing += ongoing }
                if k >= 15 { late.reported += 1; late.ongoing += ongoing }
            }
        }
        try #require(early.reported >= 30 && late.reported >= 30, "\(early) \(late)")
        let e = Double(early.ongoing) / Double(early.reported), l = Double(late.ongoing) / Double(late.reported)
        #expect(l > e + 0.1, "relief still holding at the next visit: sessions 1–4 \(e), session 16 on \(l)")
    }

    @Test func worseningClientsAreFlaggedAtRisk() throws {
        let worsening = Set(group(.worsening).map(\.client.id))
        try #require(!worsening.isEmpty)
        let outcomes = Analytics.cohort(Self.data.clientRecords(), therapists: Self.data.therapists,
                                        period: Period(SampleClinic.defaultEnd))
        let flagged = Set(outcomes.atRisk.map(\.client))
        let active = worsening.filter { id in Self.data.sessions.contains { $0.clientID == id && $0.day >= SampleClinic.defaultEnd.first - 30 } }
        #expect(active.isEmpty || Double(active.intersection(flagged).count) / Double(active.count) >= 0.5,
                "worsening clients active lately: \(active.count), flagged: \(active.intersection(flagged).count)")
    }
}
