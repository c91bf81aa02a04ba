/// Kind of session: targeted therapy or general comfort.
public enum SessionKind: String, CaseIterable, Codable, Sendable, Hashable {
    case medical, relaxation
}

/// Pressure used in a session.
public enum Pressure: String, CaseIterable, Codable, Sendable, Hashable {
    case light, moderate, firm, deep
}

/// The clinic's client segments (data.md).
public enum Segment: String, CaseIterable, Codable, Sendable, Hashable {
    case officeWorker = "office-worker"
    case athlete
    case olderAdult = "older-adult"
    case headache
    case other
}

/// How long the relief from the previous session lasted, as the client reports it.
public enum ReliefDays: Hashable, Sendable, Codable {
    case days(Double)
    case ongoing

    /// `"ongoing"` or the number in shortest form (`3`, `2.5`).
    public var text: String {
        switch self {
        case .ongoing: "ongoing"
        case .days(let d): d.plainText
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let d = try? c.decode(Double.self) { self = .days(d); return }
        let s = try c.decode(String.self)
        if s == "ongoing" { self = .ongoing } else if let d = Double(s) { self = .days(d) } else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "relief_days must be a number or \"ongoing\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .ongoing: try c.encode("ongoing")
        case .days(let d): try c.encode(d)
        }
    }
}

/// Rules for a single score value (NPRS and the 0–10 well-being items).
public enum Score {
    public static let range: ClosedRange<Double> = 0...10

    /// True for a finite value in 0–10 with at most one decimal.
    public static func isValid(_ v: Double) -> Bool {
        v.isFinite && range.contains(v) && abs(v * 10 - (v * 10).rounded()) < 1e-9
    }
}

/// Which way is "better" for a 0–10 item.
public enum Better: String, Sendable, Codable {
    case lower, higher
}

/// The four scored items a session can carry.
public enum Measure: String, CaseIterable, Sendable, Codable {
    case pain, sleep, mood, stress

    public var better: Better {
        switch self {
        case .pain, .stress: .lower
        case .sleep, .mood: .higher
        }
    }
}

extension Double {
    /// The number as a person writes it: `7`, `6.5` (no `.0` for a whole number), for messages
    /// and files.
    public var plainText: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int(self)) }
        return String(self)
    }
}
