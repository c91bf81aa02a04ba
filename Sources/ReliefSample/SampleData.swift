import ReliefModel

/// A generated clinic: its records, and the ground truth they were generated from.
///
/// Records are in the order the CSV files hold them: therapists and clients by id,
/// sessions by id (which is chronological: by day, time, therapist), check-ins by day
/// then client id.
///
/// ```swift
/// let data = SampleGenerator.generate(SampleClinic(seed: 1))
/// try data.writeCSV(to: "SampleData")
/// data.profiles["C0001"]?.course     // .consistent, say
/// ```
public struct SampleData: Sendable {
    public var config: SampleClinic
    public var therapists: [Therapist]
    public var clients: [Client]
    public var sessions: [Session]
    public var checkIns: [CheckIn]
    /// How each client's course was generated, by client id. Never written to the CSVs.
    public var profiles: [String: ClientProfile]

    public init(config: SampleClinic, therapists: [Therapist], clients: [Client], sessions: [Session],
                checkIns: [CheckIn], profiles: [String: ClientProfile]) {
        self.config = config; self.therapists = therapists; self.clients = clients
        self.sessions = sessions; self.checkIns = checkIns; self.profiles = profiles
    }

    /// Each client with their sessions and check-ins, in client order, as analytics consumes them.
    ///
    /// - Complexity: O(n log n) in the number of sessions.
    public func clientRecords() -> [ClientRecord] {
        var sessionsByClient: [String: [Session]] = [:]
        for s in sessions { sessionsByClient[s.clientID, default: []].append(s) }
        var checkInsByClient: [String: [CheckIn]] = [:]
        for c in checkIns { checkInsByClient[c.clientID, default: []].append(c) }
        return clients.map {
            ClientRecord(client: $0, sessions: sessionsByClient[$0.id] ?? [], checkIns: checkInsByClient[$0.id] ?? [])
        }
    }
}
