/// Every canonical field of every kind (data.md), as a small integer for fast row access.
enum Field: Int, CaseIterable, Sendable {
    case sessionID, clientID, therapistID, date, durationMin, kind, technique, pressure, regions
    case painBefore, painAfter, sleepQuality, mood, stress, reliefDays, notes
    case name, segment, complaint, intakeDate, pain, source

    static let count = Field.allCases.count

    /// The canonical column name.
    var name: String {
        switch self {
        case .sessionID: "session_id"
        case .clientID: "client_id"
        case .therapistID: "therapist_id"
        case .date: "date"
        case .durationMin: "duration_min"
        case .kind: "kind"
        case .technique: "technique"
        case .pressure: "pressure"
        case .regions: "regions"
        case .painBefore: "pain_before"
        case .painAfter: "pain_after"
        case .sleepQuality: "sleep_quality"
        case .mood: "mood"
        case .stress: "stress"
        case .reliefDays: "relief_days"
        case .notes: "notes"
        case .name: "name"
        case .segment: "segment"
        case .complaint: "complaint"
        case .intakeDate: "intake_date"
        case .pain: "pain"
        case .source: "source"
        }
    }

    init?(canonical: String) {
        guard let f = Field.allCases.first(where: { $0.name == canonical }) else { return nil }
        self = f
    }
}

extension RecordKind {
    /// The fields of this kind, in data.md's order.
    var fields: [Field] {
        switch self {
        case .sessions:
            [.sessionID, .clientID, .therapistID, .date, .durationMin, .kind, .technique, .pressure, .regions,
             .painBefore, .painAfter, .sleepQuality, .mood, .stress, .reliefDays, .notes]
        case .clients: [.clientID, .name, .segment, .complaint, .regions, .intakeDate, .therapistID]
        case .therapists: [.therapistID, .name]
        case .checkins: [.clientID, .date, .pain, .sleepQuality, .mood, .stress, .source]
        }
    }

    /// Fields a row of this kind cannot do without.
    var required: [Field] {
        switch self {
        case .sessions: [.sessionID, .clientID, .date, .painBefore]
        case .clients: [.clientID]
        case .therapists: [.therapistID]
        case .checkins: [.clientID, .date, .pain]
        }
    }

    /// The fields whose values identify a record within one file, for duplicate detection.
    /// Check-ins have no id: a check-in is identified by all of its fields, so only exact
    /// repeats are found (and skipped); two check-ins of one day are both kept.
    var keyFields: [Field] {
        switch self {
        case .sessions: [.sessionID]
        case .clients: [.clientID]
        case .therapists: [.therapistID]
        case .checkins: fields
        }
    }

    /// "session", "client" …, for messages.
    var singular: String {
        switch self {
        case .sessions: "session"
        case .clients: "client"
        case .therapists: "therapist"
        case .checkins: "check-in"
        }
    }
}
