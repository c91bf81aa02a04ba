/// A therapist of the clinic.
public struct Therapist: Hashable, Sendable, Codable {
    public var id: String
    public var name: String?
    public init(id: String, name: String? = nil) { self.id = id; self.name = name }
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

    public init(id: String, clientID: String, therapistID: String? = nil, day: Day, minute: Int? = nil,
                durationMinutes: Int? = nil, kind: SessionKind = .medical, techniques: [String] = [],
                pressure: Pressure? = nil, regions: [String] = [], painBefore: Double,
                painAfter: Double? = nil, sleep: Double? = nil, mood: Double? = nil,
                stress: Double? = nil, reliefDays: ReliefDays? = nil, notes: String? = nil,
                noteScores: [NoteScore] = []) {
        self.id = id; self.clientID = clientID; self.therapistID = therapistID; self.day = day
        self.minute = minute; self.durationMinutes = durationMinutes; self.kind = kind
        self.techniques = techniques; self.pressure = pressure; self.regions = regions
        self.painBefore = painBefore; self.painAfter = painAfter; self.sleep = sleep
        self.mood = mood; self.stress = stress; self.reliefDays = reliefDays; self.notes = notes
        self.noteScores = noteScores
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

    public init(client: Client, sessions: [Session], checkIns: [CheckIn] = []) {
        self.client = client
        self.sessions = sessions.sorted { ($0.day, $0.minute ?? -1, $0.id) < ($1.day, $1.minute ?? -1, $1.id) }
        self.checkIns = checkIns.sorted { $0.day < $1.day }
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
