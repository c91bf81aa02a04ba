import Foundation
import ReliefModel

/// The figures of a period that the clinic report prints beside this month's as "last month":
/// counts, the improved share, the median change in pain, the mean pain drop during a session,
/// the median relief duration and the number of clients to look at.
///
/// `Analytics.HeadlineBuilder` computes it from the same members and with the same arithmetic
/// as `CohortBuilder.outcomes`, so each field equals that of the period's full `CohortOutcomes`
/// (`init(_:)`); what the report never prints of last month is not computed: the groups, the
/// dose-response, the relief curve's bootstrap band and the at-risk list (only its length).
public struct CohortHeadline: Hashable, Sendable {
    public var clients: Int
    public var newClients: Int
    public var lapsedClients: Int
    public var sessions: Int
    public var improvedShare: Double?
    public var improved: Int
    public var eligible: Int
    public var leftOut: Int
    public var medianPercentChange: Double?
    public var immediateRelief: ImmediateRelief
    /// The pooled relief curve's median, with what kind of number it is.
    public var reliefMedian: DurationEstimate
    /// Clients to look at (`CohortOutcomes.atRisk.count`).
    public var atRisk: Int

    public init(clients: Int, newClients: Int, lapsedClients: Int, sessions: Int, improvedShare: Double?, improved: Int,
                eligible: Int, leftOut: Int, medianPercentChange: Double?, immediateRelief: ImmediateRelief,
                reliefMedian: DurationEstimate, atRisk: Int) {
        self.clients = clients; self.newClients = newClients; self.lapsedClients = lapsedClients; self.sessions = sessions
        self.improvedShare = improvedShare; self.improved = improved; self.eligible = eligible; self.leftOut = leftOut
        self.medianPercentChange = medianPercentChange; self.immediateRelief = immediateRelief
        self.reliefMedian = reliefMedian; self.atRisk = atRisk
    }

    /// The headline of a period's full outcomes.
    public init(_ o: CohortOutcomes) {
        self.init(clients: o.clients, newClients: o.newClients, lapsedClients: o.lapsedClients, sessions: o.sessions,
                  improvedShare: o.improvedShare, improved: o.improved, eligible: o.eligible, leftOut: o.leftOut,
                  medianPercentChange: o.medianPercentChange, immediateRelief: o.immediateRelief,
                  reliefMedian: o.reliefDuration.median, atRisk: o.atRisk.count)
    }
}
