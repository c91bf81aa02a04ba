import ReliefModel
/// A reader's name for a canonical column (`ReliefModel.Column`): rows keep their cells in
/// an array indexed by it.
typealias Field = Column

extension RecordKind {
    /// Fields a row of this kind cannot do without.
    var required: [Field] {
        switch self {
        case .sessions: [.sessionID, .clientID, .date, .painBefore]
        case .clients: [.clientID]
        case .therapists: [.therapistID]
        case .checkins: [.clientID, .date, .pain]
        case .appointments: [.appointmentID, .clientID, .date]
        }
    }

    /// The fields whose values identify a record within one file, for duplicate detection.
    /// Check-ins have no id: a check-in is identified by its client, day and source, as the
    /// store keys it (one check-in per client, day and source). Two rows of one key with the
    /// same scores are a duplicate (skipped); with different scores, a conflict: every such row
    /// is rejected, as for sessions (the store would otherwise keep the last one silently).
    var keyFields: [Field] {
        switch self {
        case .sessions: [.sessionID]
        case .clients: [.clientID]
        case .therapists: [.therapistID]
        case .checkins: [.clientID, .date, .source]
        case .appointments: [.appointmentID]
        }
    }

    /// "session", "client" …, for messages.
    var singular: String {
        switch self {
        case .sessions: "session"
        case .clients: "client"
        case .therapists: "therapist"
        case .checkins: "check-in"
        case .appointments: "appointment"
        }
    }
}
