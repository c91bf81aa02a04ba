/// A therapist of the clinic.
public struct Therapist: Hashable, Sendable, Codable {
    public var id: String
    public var name: String?
    public init(id: String, name: String? = nil) { self.id = id; self.name = name }
}

/// A site of a chain of clinics: where sessions are given. Sessions name their site by `id`
/// (`Session.site`); the store keeps every site a session named, with the clinic name the chain
/// gave it (`relief site name`), which reports print for that site.
public struct Site: Hashable, Sendable, Codable {
    public var id: String
    /// The clinic's name at this site, as reports print it; nil until the chain names it.
    public var name: String?
    public init(id: String, name: String? = nil) { self.id = id; self.name = name }

    /// The name to print: the site's clinic name, or its id.
    public var displayName: String { (name?.isEmpty == false ? name : nil) ?? id }
}

/// A client: the person a course of sessions is for.
public struct Client: Hashable, Sendable, Codable {
    public var id: String
    public var name: String?
    public var segment: Segment?
    public var complaint: String?
    public var regions: [String]
    public var intakeDate: Day?
    public var therapistID: String?

    public init(id: String, name: String? = nil, segment: Segment? = nil, complaint: String? = nil,
                regions: [String] = [], intakeDate: Day? = nil, therapistID: String? = nil) {
        self.id = id; self.name = name; self.segment = segment; self.complaint = complaint
        self.regions = regions; self.intakeDate = intakeDate; self.therapistID = therapistID
    }

    /// The name to print: the client's name, or their id when the clinic gave none.
    public var displayName: String { (name?.isEmpty == false ? name : nil) ?? id }
}

/// One massage session with the scores recorded at it.
public struct Session: Hashable, Sendable, Codable {
    public var id: String
    public var clientID: String
    public var therapistID: String?
    public var day: Day
    /// Minutes after local midnight, when the record had a time.
    public var minute: Int?
    public var durationMinutes: Int?
    public var kind: SessionKind
    public var techniques: [String]
    public var pressure: Pressure?
    public var regions: [String]
    public var painBefore: Double
    public var painAfter: Double?
    public var sleep: Double?
    public var mood: Double?
    public var stress: Double?
    public var reliefDays: ReliefDays?
    public var notes: String?
    /// The scores above that were read out of `notes` rather than given (empty for most sessions).
    public var noteScores: [NoteScore]
    /// The site of a chain where the session was given (`Site.id`); nil for a single clinic.
    public var site: String?

    public init(id: String, clientID: String, therapistID: String? = nil, day: Day, minute: Int? = nil,
                durationMinutes: Int? = nil, kind: SessionKind = .medical, techniques: [String] = [],
                pressure: Pressure? = nil, regions: [String] = [], painBefore: Double,
                painAfter: Double? = nil, sleep: Double? = nil, mood: Double? = nil,
                stress: Double? = nil, reliefDays: ReliefDays? = nil, notes: String? = nil,
                noteScores: [NoteScore] = [], site: String? = nil) {
        self.id = id; self.clientID = clientID; self.therapistID = therapistID; self.day = day
        self.minute = minute; self.durationMinutes = durationMinutes; self.kind = kind
        self.techniques = techniques; self.pressure = pressure; self.regions = regions
        self.painBefore = painBefore; self.painAfter = painAfter; self.sleep = sleep
        self.mood = mood; self.stress = stress; self.reliefDays = reliefDays; self.notes = notes
        self.noteScores = noteScores; self.site = site
    }

    /// The score of `field` was read from the note text (reports mark it).
    public func isFromNote(_ field: NoteScore.Field) -> Bool { noteScores.contains { $0.field == field } }

    /// The value of a measure at this session (pain is the pre-session pain).
    public func value(of measure: Measure) -> Double? {
        switch measure {
        case .pain: painBefore
        case .sleep: sleep
        case .mood: mood
        case .stress: stress
        }
    }
}

/// A client's value of one measure at one session, with what orders a client's sessions (day,
/// minute or -1, session id): the baseline scores' unit (`BaselineScores`,
/// `RecordStore.forEachFirstScore`).
public struct FirstScore: Hashable, Sendable {
    public var client: String
    public var measure: Measure
    public var day: Day
    public var minute: Int
    public var sessionID: String
    public var value: Double

    public init(client: String, measure: Measure, day: Day, minute: Int, sessionID: String, value: Double) {
        self.client = client; self.measure = measure; self.day = day; self.minute = minute
        self.sessionID = sessionID; self.value = value
    }
}

extension Session {
    /// Each measure this session has a value of, as a `FirstScore` candidate.
    public func forEachScore(_ body: (FirstScore) throws -> Void) rethrows {
        for m in Measure.allCases {
            guard let v = value(of: m) else { continue }
            try body(FirstScore(client: clientID, measure: m, day: day, minute: minute ?? -1, sessionID: id, value: v))
        }
    }
}

/// A score reported between sessions: a diary entry, a call, a message.
public struct CheckIn: Hashable, Sendable, Codable {
    public var clientID: String
    public var day: Day
    public var pain: Double
    public var sleep: Double?
    public var mood: Double?
    public var stress: Double?
    public var source: String?

    public init(clientID: String, day: Day, pain: Double, sleep: Double? = nil, mood: Double? = nil,
                stress: Double? = nil, source: String? = nil) {
        self.clientID = clientID; self.day = day; self.pain = pain; self.sleep = sleep
        self.mood = mood; self.stress = stress; self.source = source
    }
}

/// Everything Relief knows about one client, as analytics and reports consume it.
public struct ClientRecord: Sendable, Hashable {
    public var client: Client
    /// Sessions sorted by day then minute then id.
    public var sessions: [Session]
    /// Check-ins sorted by day.
    public var checkIns: [CheckIn]
    /// Booked appointments from a practice system's export, sorted by day then minute then id.
    public var appointments: [Appointment]

    public init(client: Client, sessions: [Session], checkIns: [CheckIn] = [], appointments: [Appointment] = []) {
        self.client = client
        self.sessions = sessions.sorted { ($0.day, $0.minute ?? -1, $0.id) < ($1.day, $1.minute ?? -1, $1.id) }
        self.checkIns = checkIns.sorted { $0.day < $1.day }
        self.appointments = appointments.sorted { ($0.day, $0.minute ?? -1, $0.id) < ($1.day, $1.minute ?? -1, $1.id) }
    }

    /// Days the client came: days with a session, and days of attended appointments (one visit a
    /// day, however many records it has: an appointment and the session it was are one visit).
    public var visitDays: [Day] {
        Array(Set(sessions.map(\.day) + appointments.filter { $0.status == .attended }.map(\.day))).sorted()
    }
}

/// The list-valued fields (techniques, regions) are `;`-separated in files and the database.
public enum ListField {
    public static func split(_ text: some StringProtocol) -> [String] {
        text.split(separator: ";").map { Substring($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }
    public static func join(_ items: [String]) -> String { items.joined(separator: ";") }
}

extension Substring {
    func trimmingSpaces() -> String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

/// What became of a booked appointment, as a practice system's export says it.
public enum AppointmentStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// The client came (Show, Arrived, Checked in, Completed …).
    case attended
    /// Booked and not yet happened, or the export does not say (Confirmed, Accepted, Scheduled …).
    case booked
    /// Cancelled by the client or the clinic (Canceled, Late cancel …): a missed visit.
    case cancelled
    /// The client did not come and did not cancel (No show, DNA, Missed): a missed visit.
    case noShow = "no-show"
    /// Not a visit and not missed: rescheduled (the new time is its own appointment), archived,
    /// never booked, deleted.
    case void

    /// Cancelled or no-show.
    public var isMissed: Bool { self == .cancelled || self == .noShow }
}

/// A booked appointment from a practice system's appointment list: who, when, with whom, for
/// which service, and whether the client came. An attended appointment is a visit even when no
/// session with scores was recorded for it; a missed one is kept, so attendance can say
/// "booked 6, attended 4".
public struct Appointment: Hashable, Sendable, Codable {
    public var id: String
    public var clientID: String
    public var therapistID: String?
    public var day: Day
    /// Minutes after local midnight, when the export had a time.
    public var minute: Int?
    public var durationMinutes: Int?
    /// The service or appointment type as the export names it ("60 minute Massage").
    public var service: String?
    public var status: AppointmentStatus
    /// The site of a chain where it was booked (`Site.id`; practice systems' Location); nil for a single clinic.
    public var site: String?

    public init(id: String, clientID: String, therapistID: String? = nil, day: Day, minute: Int? = nil,
                durationMinutes: Int? = nil, service: String? = nil, status: AppointmentStatus, site: String? = nil) {
        self.id = id; self.clientID = clientID; self.therapistID = therapistID; self.day = day
        self.minute = minute; self.durationMinutes = durationMinutes; self.service = service; self.status = status
        self.site = site
    }
}

/// Scores a file gives for the session another file recorded on the same client and day — a
/// post-session form's answers — with no pain before of their own, so not a session by themselves
/// (`relief import --merge-by-day`). The store adds them to that session.
public struct VisitScores: Hashable, Sendable, Codable {
    public var clientID: String
    public var day: Day
    public var painAfter: Double?
    public var sleep: Double?
    public var mood: Double?
    public var stress: Double?

    public init(clientID: String, day: Day, painAfter: Double? = nil, sleep: Double? = nil, mood: Double? = nil,
                stress: Double? = nil) {
        self.clientID = clientID; self.day = day; self.painAfter = painAfter; self.sleep = sleep; self.mood = mood
        self.stress = stress
    }
}
