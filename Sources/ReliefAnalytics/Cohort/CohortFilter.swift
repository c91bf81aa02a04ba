import ReliefModel

/// Which clients a cohort keeps: for each dimension set, the clients in that group — by the
/// same keys the cohort's groups use (a client is in every technique and region of the
/// period's sessions, under its therapist of record, segment and main kind), so a filtered
/// cohort is exactly the clients behind one bar of the unfiltered report.
///
/// ```swift
/// let filter = CohortFilter([.therapist: "T02", .technique: "myofascial"])
/// let outcomes = Analytics.cohort(records, therapists: ts, period: p, filter: filter)
/// ```
public struct CohortFilter: Hashable, Sendable {
    public var keys: [GroupDimension: String]

    public init(_ keys: [GroupDimension: String] = [:]) { self.keys = keys }

    public var isEmpty: Bool { keys.isEmpty }

    func admits(_ member: CohortMember) -> Bool {
        keys.allSatisfy { dimension, key in member.keys(dimension).contains(key) }
    }
}

/// One active client behind a cohort's figures (`Analytics.cohortClients`).
public struct CohortClient: Hashable, Sendable, Encodable {
    public var id: String
    public var name: String?
    /// The therapist of record in the period; nil when unspecified.
    public var therapist: String?
    public var sessionsInPeriod: Int
    public var baselinePain: Double?
    public var currentPain: Double?
    /// Clinically meaningful improvement (metrics.md); nil when the client has no course yet.
    public var improved: Bool?
    public var atRisk: Bool
}

extension CohortMember {
    /// The client's keys in a dimension: the one place the cohort's groups and filters read them.
    func keys(_ dimension: GroupDimension) -> [String] {
        switch dimension {
        case .therapist: return [therapist]
        case .technique: return techniques.isEmpty ? [GroupKeys.unspecified] : techniques
        case .segment: return [segment]
        case .region: return regions.isEmpty ? [GroupKeys.unspecified] : regions
        case .kind: return [kind.rawValue]
        case .site: return sites.isEmpty ? [GroupKeys.unspecified] : sites
        }
    }
}
