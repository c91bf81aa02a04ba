import Foundation
import ReliefAnalytics
import ReliefImport
@testable import ReliefSample
import ReliefModel
import Testing

/// On SampleData, the analytics find what the generator put in: consistent clients improve
/// more and keep their relief longer than irregular ones, and worsening clients are flagged.
///
/// The numbers that show it (seed 1, records to 2026-10-31, clients with ≥ 4 sessions, no dropouts):
/// - median percent change in pre-session pain, consistent vs irregular;
/// - share clinically improved (≥ 2 points and ≥ 30%);
/// - pooled relief duration: the share of sessions whose relief still held 3 days later
///   (Turnbull/KM over each group's return-of-pain observations, clients weighted equally);
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

    @Test func consistentClientsKeepTheirReliefLonger() throws {
        let consistent = Analytics.cohort(group(.consistent), therapists: Self.data.therapists, period: Self.period)
        let irregular = Analytics.cohort(group(.irregular), therapists: Self.data.therapists, period: Self.period)
        func held(_ o: CohortOutcomes, after days: Double) -> Double? {
            o.reliefDuration.curve.last { $0.days <= days }?.survival ?? (o.reliefDuration.curve.isEmpty ? nil : 1)
        }
        let c = try #require(held(consistent, after: 3)), i = try #require(held(irregular, after: 3))
        #expect(c > i, "relief still holding 3 days after a session: consistent \(c) vs irregular \(i)")
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
