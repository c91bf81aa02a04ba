import Crypto
import ReliefModel

/// Keyed pseudonymisation of exported records: names and free text dropped, ids replaced
/// by HMAC-SHA256 pseudonyms, dates shifted by a per-client offset.
///
/// Every value derived from the key is `HMAC-SHA256(key, domain ‖ 0x00 ‖ id)`, with a
/// separate domain for client, therapist and session ids and for the date shift, so
/// one derived value says nothing about another. The same key and id always give the
/// same pseudonym and shift (two exports join); a different key gives unrelated ones.
///
/// The shift is a whole number of weeks between 1 and 52, before or after, the same for
/// every date of one client (sessions, check-ins, intake): gaps between a client's
/// sessions, and so every trend and interval, survive exactly, and so do weekdays.
/// Different clients are shifted differently, so calendar dates no longer line up
/// across clients.
///
/// This is pseudonymisation, not anonymisation: whoever holds the key can re-link a
/// pseudonym to a client id, and the scores themselves are kept (docs/security.md).
///
/// ```swift
/// let d = try Deidentifier(key: Array("a long secret the clinic keeps".utf8))
/// d.pseudonym(client: "C-17")        // "C-5f0c2a9e81d4b7a3"
/// d.shift(client: "C-17")            // e.g. -91 (days)
/// let exported = d.apply(session)    // ids replaced, notes dropped, day shifted
/// ```
public struct Deidentifier: Sendable {
    /// Fewer bytes than this is refused: a short key can be found by trying keys.
    public static let minimumKeyBytes = 16

    private let key: [UInt8]

    /// - Throws: `ExportError.keyTooShort` when `key` has fewer than `minimumKeyBytes` bytes.
    public init(key: [UInt8]) throws(ExportError) {
        guard key.count >= Deidentifier.minimumKeyBytes else {
            throw .keyTooShort(bytes: key.count, minimum: Deidentifier.minimumKeyBytes)
        }
        self.key = key
    }

    /// The key from the text of a key file or environment variable: a trailing line break
    /// (which editors add) is not part of the key.
    /// - Throws: `ExportError.keyTooShort`.
    public init(keyText bytes: [UInt8]) throws(ExportError) {
        var b = bytes[...]
        while let last = b.last, last == 0x0A || last == 0x0D { b = b.dropLast() }
        try self.init(key: Array(b))
    }

    /// The 32 bytes of HMAC-SHA256(key, domain ‖ 0 ‖ text).
    func mac(_ domain: String, _ text: String) -> [UInt8] {
        var message = Array(domain.utf8)
        message.append(0)
        message.append(contentsOf: text.utf8)
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private func pseudonym(_ domain: String, prefix: String, _ id: String) -> String {
        // 64 bits of the MAC: a collision among a clinic's ids is out of reach (≈ n²/2⁶⁵).
        var out = Array(prefix.utf8)
        for b in mac(domain, id).prefix(8) { out.append(Deidentifier.hex[Int(b >> 4)]); out.append(Deidentifier.hex[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `C-` and 16 hex digits.
    public func pseudonym(client id: String) -> String { pseudonym("relief-client-id", prefix: "C-", id) }
    /// `T-` and 16 hex digits.
    public func pseudonym(therapist id: String) -> String { pseudonym("relief-therapist-id", prefix: "T-", id) }
    /// `S-` and 16 hex digits.
    public func pseudonym(session id: String) -> String { pseudonym("relief-session-id", prefix: "S-", id) }

    /// The days added to every date of this client: ±7…±364, a whole number of weeks, never 0.
    public func shift(client id: String) -> Int {
        let m = mac("relief-date-shift", id)
        let weeks = 1 + Int(m[0]) % 52          // 1…52 (the bias of 256 mod 52 is harmless here)
        return (m[1] & 1 == 0 ? weeks : -weeks) * 7
    }

    /// The session with ids pseudonymised, the day shifted, the notes dropped; scores,
    /// techniques, regions, pressure, kind, duration, time of day and relief kept.
    public func apply(_ s: Session) -> Session {
        var out = s
        out.id = pseudonym(session: s.id)
        out.clientID = pseudonym(client: s.clientID)
        out.therapistID = s.therapistID.map { pseudonym(therapist: $0) }
        out.day = s.day + shift(client: s.clientID)
        out.notes = nil
        return out
    }

    /// The client with its id pseudonymised, name and complaint dropped, intake shifted;
    /// segment and regions kept.
    public func apply(_ c: Client) -> Client {
        Client(id: pseudonym(client: c.id), name: nil, segment: c.segment, complaint: nil, regions: c.regions,
               intakeDate: c.intakeDate.map { $0 + shift(client: c.id) },
               therapistID: c.therapistID.map { pseudonym(therapist: $0) })
    }

    /// The therapist with its id pseudonymised and name dropped.
    public func apply(_ t: Therapist) -> Therapist { Therapist(id: pseudonym(therapist: t.id), name: nil) }

    /// The check-in with its client pseudonymised, day shifted, free-text source dropped.
    public func apply(_ c: CheckIn) -> CheckIn {
        CheckIn(clientID: pseudonym(client: c.clientID), day: c.day + shift(client: c.clientID), pain: c.pain,
                sleep: c.sleep, mood: c.mood, stress: c.stress, source: nil)
    }

    /// `A-` and 16 hex digits.
    public func pseudonym(appointment id: String) -> String { pseudonym("relief-appointment-id", prefix: "A-", id) }

    /// The appointment with ids pseudonymised, the day shifted, the service name dropped (free
    /// text); time of day, duration and status kept.
    public func apply(_ a: Appointment) -> Appointment {
        var out = a
        out.id = pseudonym(appointment: a.id)
        out.clientID = pseudonym(client: a.clientID)
        out.therapistID = a.therapistID.map { pseudonym(therapist: $0) }
        out.day = a.day + shift(client: a.clientID)
        out.service = nil
        return out
    }

    /// Any record, de-identified.
    public func apply(_ r: Record) -> Record {
        switch r {
        case .session(let s): .session(apply(s))
        case .client(let c): .client(apply(c))
        case .therapist(let t): .therapist(apply(t))
        case .checkIn(let c): .checkIn(apply(c))
        case .appointment(let a): .appointment(apply(a))
        case .visitScores(var v):
            .visitScores({ v.day = v.day + shift(client: v.clientID); v.clientID = pseudonym(client: v.clientID); return v }())
        }
    }
}
