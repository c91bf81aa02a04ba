import Foundation
import ReliefModel

/// The manager's view of a period (metrics.md §6): the `relief analyze --json` object without
/// `--client` (docs/analyze-json.md).
///
/// Encodable only: its JSON carries words (group labels, at-risk reasons) from the
/// `AnalysisWording` in the encoder's `userInfo`, which analytics itself does not hold.
public struct CohortOutcomes: Hashable, Sendable, Encodable {
    public var period: Period
    public var dataCutoff: Day
    /// Active clients: at least one session in the period.
    public var clients: Int
    /// Active clients whose first session on record is in the period.
    public var newClients: Int
    /// Clients whose 30th day (default) without a session fell in the period.
    public var lapsedClients: Int
    /// Sessions in the period.
    public var sessions: Int
    /// Share (0–1) of eligible active clients with clinically meaningful improvement.
    public var improvedShare: Double?
    public var improved: Int
    /// Active clients with a course (≥ 2 days with pain on record up to the cut-off).
    public var eligible: Int
    /// Active clients left out of `improvedShare` for having fewer than 2 sessions on record.
    public var leftOut: Int
    /// Median percent change in pain (percent) over eligible clients with a non-zero baseline.
    public var medianPercentChange: Double?
    public var immediateRelief: ImmediateRelief
    public var reliefDuration: ReliefDuration
    public var byTherapist: [GroupOutcome]
    public var byTechnique: [GroupOutcome]
    public var bySegment: [GroupOutcome]
    public var byRegion: [GroupOutcome]
    public var byKind: [GroupOutcome]
    public var doseResponse: DoseResponse
    public var atRisk: [AtRiskClient]
    public var dataQuality: DataQuality
    /// Booked against attended over the active clients, when the store has appointments from a
    /// practice system in the period; nil (absent from the JSON) otherwise.
    public var appointments: AppointmentAttendance? = nil
    /// Observed against expected over the rolling 12 months ending at `period.to`, by therapist
    /// and technique (`Analytics.expectedOutcomes`). The cohort itself reads only the period's
    /// clients, so the workflow that reads the window's records fills it; `null` otherwise.
    public var expectedOutcomes: CohortExpectedOutcomes? = nil
    /// By site, for a chain of two or more sites (`Analytics.cohort`'s `sites`); empty, and absent
    /// from the JSON, for a single clinic.
    public var bySite: [GroupOutcome] = []

    /// The groups of one dimension.
    public func groups(_ dimension: GroupDimension) -> [GroupOutcome] {
        switch dimension {
        case .therapist: byTherapist
        case .technique: byTechnique
        case .segment: bySegment
        case .region: byRegion
        case .kind: byKind
        case .site: bySite
        }
    }

    /// Every breakdown in the order reports show them: a chain's sites first (none for a single
    /// clinic), then therapist, technique, segment, region and kind.
    public var breakdowns: [(dimension: GroupDimension, groups: [GroupOutcome])] {
        let dimensions: [GroupDimension] = [.site, .therapist, .technique, .segment, .region, .kind]
        return dimensions.map { ($0, groups($0)) }.filter { $0.dimension != .site || !$0.groups.isEmpty }
    }

    enum CodingKeys: String, CodingKey {
        case period, dataCutoff, clients, newClients, lapsedClients, sessions, improvedShare, improved
        case eligible, leftOut, medianPercentChange, immediateRelief, reliefDuration, byTherapist
        case byTechnique, bySegment, byRegion, byKind, doseResponse, atRisk, dataQuality, appointments
        case expectedOutcomes, bySite
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period, forKey: .period)
        try c.encode(dataCutoff, forKey: .dataCutoff)
        try c.encode(clients, forKey: .clients)
        try c.encode(newClients, forKey: .newClients)
        try c.encode(lapsedClients, forKey: .lapsedClients)
        try c.encode(sessions, forKey: .sessions)
        try c.encodeOrNull(improvedShare, forKey: .improvedShare)
        try c.encode(improved, forKey: .improved)
        try c.encode(eligible, forKey: .eligible)
        try c.encode(leftOut, forKey: .leftOut)
        try c.encodeOrNull(medianPercentChange, forKey: .medianPercentChange)
        try c.encode(immediateRelief, forKey: .immediateRelief)
        try c.encode(reliefDuration, forKey: .reliefDuration)
        try c.encode(byTherapist, forKey: .byTherapist)
        try c.encode(byTechnique, forKey: .byTechnique)
        try c.encode(bySegment, forKey: .bySegment)
        try c.encode(byRegion, forKey: .byRegion)
        try c.encode(byKind, forKey: .byKind)
        if !bySite.isEmpty { try c.encode(bySite, forKey: .bySite) }
        try c.encode(doseResponse, forKey: .doseResponse)
        try c.encode(atRisk, forKey: .atRisk)
        try c.encode(dataQuality, forKey: .dataQuality)
        try c.encodeIfPresent(appointments, forKey: .appointments)
        try c.encodeOrNull(expectedOutcomes, forKey: .expectedOutcomes)
    }
}

/// What a group of clients is grouped by.
public enum GroupDimension: String, Hashable, Sendable, Codable {
    case therapist, technique, segment, region, kind
    /// The site of a chain where a session was given (a client in each site they attended).
    case site
}

/// Outcomes of one group of active clients (a therapist, technique, segment, region or kind).
///
/// Analytics gives the group's key (and a therapist's name from the data); its label in
/// words comes from the `AnalysisWording` a report or `relief analyze --json` supplies.
public struct GroupOutcome: Hashable, Sendable, Encodable {
    public var dimension: GroupDimension
    /// The group's key: a therapist id, a technique, a segment code…, or `unspecified`.
    public var key: String
    /// The therapist's or site's name on record (therapist and site groups only).
    public var name: String?
    public var clients: Int
    public var sessions: Int
    public var eligible: Int
    public var improved: Int
    public var improvedShare: Double?
    /// Wilson 95% interval of `improvedShare` (`null` with no eligible client).
    public var improvedShareLower95: Double?
    public var improvedShareUpper95: Double?
    public var medianPercentChange: Double?
    public var meanImmediateRelief: Double?
    /// Fewer than 5 clients (default): shown, never ranked.
    public var tooFewToCompare: Bool

    enum CodingKeys: String, CodingKey {
        case dimension, key, name, label, clients, sessions, eligible, improved, improvedShare
        case improvedShareLower95, improvedShareUpper95, medianPercentChange, meanImmediateRelief, tooFewToCompare
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(encoder.wording?.groupLabel(self) ?? name ?? key, forKey: .label)
        try c.encode(clients, forKey: .clients)
        try c.encode(sessions, forKey: .sessions)
        try c.encode(eligible, forKey: .eligible)
        try c.encode(improved, forKey: .improved)
        try c.encodeOrNull(improvedShare, forKey: .improvedShare)
        try c.encodeOrNull(improvedShareLower95, forKey: .improvedShareLower95)
        try c.encodeOrNull(improvedShareUpper95, forKey: .improvedShareUpper95)
        try c.encodeOrNull(medianPercentChange, forKey: .medianPercentChange)
        try c.encodeOrNull(meanImmediateRelief, forKey: .meanImmediateRelief)
        try c.encode(tooFewToCompare, forKey: .tooFewToCompare)
    }
}

/// Sessions per 30 days over the course against percent change in pain (observational).
public struct DoseResponse: Hashable, Sendable, Encodable {
    public struct Bin: Hashable, Sendable, Encodable {
        /// Lower edge (inclusive), sessions per 30 days.
        public var from: Double
        /// Upper edge (exclusive); `null` for the open last bin.
        public var to: Double?
        public var n: Int
        public var medianChange: Double?
        public var medianPercentChange: Double?
        public var improvedShare: Double?
        public var tooFewToCompare: Bool

        enum CodingKeys: String, CodingKey {
            case label, from, to, n, medianChange, medianPercentChange, improvedShare, tooFewToCompare
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if let wording = encoder.wording { try c.encode(wording.binLabel(self), forKey: .label) }
            try c.encode(from, forKey: .from)
            try c.encodeOrNull(to, forKey: .to)
            try c.encode(n, forKey: .n)
            try c.encodeOrNull(medianChange, forKey: .medianChange)
            try c.encodeOrNull(medianPercentChange, forKey: .medianPercentChange)
            try c.encodeOrNull(improvedShare, forKey: .improvedShare)
            try c.encode(tooFewToCompare, forKey: .tooFewToCompare)
        }
    }

    public var bins: [Bin]
    /// Spearman's ρ between sessions per 30 days and percent change in pain, with its interval.
    public var spearman: Spearman?

    enum CodingKeys: String, CodingKey { case bins, spearman }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bins, forKey: .bins)
        try c.encodeOrNull(spearman, forKey: .spearman)
    }
}

/// A client the clinic should look at, with the rules they meet.
public struct AtRiskClient: Hashable, Sendable, Encodable {
    /// One rule the client meets, with the numbers it rests on (words come from `AnalysisWording`).
    public struct Reason: Hashable, Sendable, Encodable {
        public enum Code: String, Hashable, Sendable, Codable { case worsening, noBetterThanBaseline, lapsedInPain }
        public var code: Code
        /// Pain scores the rule looked at (worsening, no better than baseline).
        public var sessions: Int?
        /// Trend slope, points a week (worsening).
        public var slopePerWeek: Double?
        /// Pain at intake and now (no better than baseline; now alone for lapsed in pain).
        public var baseline: Double?
        public var current: Double?
        /// Days since the last visit (lapsed in pain).
        public var daysAway: Int?

        public init(code: Code, sessions: Int? = nil, slopePerWeek: Double? = nil, baseline: Double? = nil,
                    current: Double? = nil, daysAway: Int? = nil) {
            self.code = code; self.sessions = sessions; self.slopePerWeek = slopePerWeek
            self.baseline = baseline; self.current = current; self.daysAway = daysAway
        }

        enum CodingKeys: String, CodingKey { case code, words }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            if let wording = encoder.wording { try c.encode(wording.reason(self), forKey: .words) }
        }
    }

    public var client: String
    public var name: String?
    public var therapist: String?
    public var baselinePain: Double?
    public var currentPain: Double?
    public var lastSession: Day?
    public var sessionsOnRecord: Int
    public var reasons: [Reason]

    enum CodingKeys: String, CodingKey {
        case client, name, therapist, baselinePain, currentPain, lastSession, sessionsOnRecord, reasons
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(client, forKey: .client)
        try c.encodeOrNull(name, forKey: .name)
        try c.encodeOrNull(therapist, forKey: .therapist)
        try c.encodeOrNull(baselinePain, forKey: .baselinePain)
        try c.encodeOrNull(currentPain, forKey: .currentPain)
        try c.encodeOrNull(lastSession, forKey: .lastSession)
        try c.encode(sessionsOnRecord, forKey: .sessionsOnRecord)
        try c.encode(reasons, forKey: .reasons)
    }
}

/// Share (0–1) of the period's sessions missing each score; `null` with no session.
/// pain_before is required on import and never missing. Rejected rows are counted by the
/// importer, not here.
public struct DataQuality: Hashable, Sendable, Codable {
    public var sessions: Int
    public var missingPainAfter: Double?
    public var missingSleep: Double?
    public var missingMood: Double?
    public var missingStress: Double?

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sessions, forKey: .sessions)
        try c.encodeOrNull(missingPainAfter, forKey: .missingPainAfter)
        try c.encodeOrNull(missingSleep, forKey: .missingSleep)
        try c.encodeOrNull(missingMood, forKey: .missingMood)
        try c.encodeOrNull(missingStress, forKey: .missingStress)
    }
}

/// Words for the parts of an analysis that a reader sees as text: group labels, dose bins and
/// at-risk reasons. ReliefAnalytics returns codes and numbers only; a report language
/// (ReliefReports.ReportLanguage) conforms, and `relief analyze --json` passes one through
/// the encoder's `userInfo[.analysisWording]` so the JSON carries `label` and `words`.
public protocol AnalysisWording: Sendable {
    func groupLabel(_ group: GroupOutcome) -> String
    func binLabel(_ bin: DoseResponse.Bin) -> String
    func reason(_ reason: AtRiskClient.Reason) -> String
}

extension CodingUserInfoKey {
    /// The `AnalysisWording` an encoder of analysis results uses for labels and reasons.
    public static let analysisWording = CodingUserInfoKey(rawValue: "relief.analysisWording")!
}

extension Encoder {
    var wording: (any AnalysisWording)? { userInfo[.analysisWording] as? any AnalysisWording }
}
