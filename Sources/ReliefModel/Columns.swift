/// Every canonical column of every record kind (data.md), named once for the whole project:
/// readers bind headers to these, writers (exports, the sample clinic) write them.
///
/// An `Int` raw value, so a reader can keep a row's cells in an array indexed by column.
public enum Column: Int, CaseIterable, Sendable {
    case sessionID, clientID, therapistID, date, durationMin, kind, technique, pressure, regions
    case painBefore, painAfter, sleepQuality, mood, stress, reliefDays, notes
    case name, segment, complaint, intakeDate, pain, source
    case appointmentID, end, service, status
    case site

    public static let count = Column.allCases.count

    /// The canonical column name.
    public var name: String {
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
        case .appointmentID: "appointment_id"
        case .end: "end"
        case .service: "service"
        case .status: "status"
        case .site: "site"
        }
    }

    /// The column of a canonical name; nil for any other text.
    public init?(canonical: String) {
        guard let c = Column.allCases.first(where: { $0.name == canonical }) else { return nil }
        self = c
    }
}

/// The kinds of record data.md defines, one file (or JSON array) each.
public enum RecordKind: String, Sendable, Codable, CaseIterable {
    case sessions, clients, therapists, checkins
    /// Booked appointments from a practice system's export, attended or missed (docs/import.md,
    /// "From your practice software").
    case appointments

    /// The columns of this kind, in data.md's order (the header Relief writes). Sessions and
    /// appointments end with a chain's `site`, which writers leave out when no session has one (`withoutSite`), so a
    /// single clinic's files never show the column.
    public var columns: [Column] {
        switch self {
        case .sessions:
            [.sessionID, .clientID, .therapistID, .date, .durationMin, .kind, .technique, .pressure, .regions,
             .painBefore, .painAfter, .sleepQuality, .mood, .stress, .reliefDays, .notes, .site]
        case .clients: [.clientID, .name, .segment, .complaint, .regions, .intakeDate, .therapistID]
        case .therapists: [.therapistID, .name]
        case .checkins: [.clientID, .date, .pain, .sleepQuality, .mood, .stress, .source]
        case .appointments: [.appointmentID, .clientID, .therapistID, .date, .end, .durationMin, .service, .status, .site]
        }
    }

    /// `columns` less `site`: the header of a single clinic's records.
    public var withoutSite: [Column] { columns.filter { $0 != .site } }

}
