import ReliefModel

extension Analytics {
    /// The therapist a client's period is attributed to — the one rule both the client report
    /// ("Therapist: …") and the clinic report's by-therapist breakdown use.
    ///
    /// Whoever gave most of the period's sessions (a session with no therapist counts for
    /// the client's assigned one); a tie goes to the assigned therapist when they are among
    /// the leaders, else to the smallest id. With no session naming anyone: the assigned
    /// therapist, or nil.
    ///
    /// - Complexity: O(n) in the period's sessions.
    public static func therapistOfRecord(_ record: ClientRecord, in period: Period) -> String? {
        therapistOfRecord(record.client, sessionsIn: record.sessions.filter { period.contains($0.day) })
    }

    static func therapistOfRecord(_ client: Client, sessionsIn sessions: some Collection<Session>) -> String? {
        var counts: [String: Int] = [:]
        for s in sessions { if let t = s.therapistID ?? client.therapistID { counts[t, default: 0] += 1 } }
        guard let top = counts.values.max() else { return client.therapistID }
        let leaders = counts.filter { $0.value == top }.map(\.key).sorted()
        if let assigned = client.therapistID, leaders.contains(assigned) { return assigned }
        return leaders.first
    }
}
