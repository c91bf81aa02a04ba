import Foundation
import ReliefFiles
import ReliefModel

/// Columns that identify a client when a file has no client id (a therapist's own sheet, an
/// appointment export), and the flag for a session file without session ids. They are not
/// record fields: the validator derives ids from them (docs/import.md, "Files without ids").
/// A row keeps their cells after the record fields, in the same `FieldMap`.
enum IdentityField: Int, CaseIterable {
    case clientName, firstName, lastName, email, birthDate
    /// Not a column: set (≥ 0) in a binding whose session ids are derived.
    case derivedSessionIDs

    static let count = IdentityField.allCases.count
    /// The slot in `Row.fieldCell` (after every `Field`).
    var slot: Int { Field.count + rawValue }

    /// The name a mapping file uses (`client_name = Patient`).
    var name: String {
        switch self {
        case .clientName: "client_name"
        case .firstName: "first_name"
        case .lastName: "last_name"
        case .email: "email"
        case .birthDate: "birth_date"
        case .derivedSessionIDs: ""
        }
    }

    init?(canonical: String) {
        guard let f = IdentityField.allCases.first(where: { $0 != .derivedSessionIDs && $0.name == canonical }) else { return nil }
        self = f
    }

    /// The columns a mapping may name.
    static let mappable: [IdentityField] = [.clientName, .firstName, .lastName, .email, .birthDate]
}

/// How a client's name becomes a stable client id, and how names that may be one person are found.
///
/// - The **name key** is the name in Unicode NFKC, case-folded (`ß` and `SS` are `ss`), with
///   spaces trimmed and runs of spaces, tabs and line breaks written as one `-`:
///   `Anna  KOWALSKA` → `anna-kowalska`. Accents are kept (`José` ≠ `Jose`): two names that
///   differ in more than case and spacing are two clients.
/// - The **client id** is the name key, then `~` and 8 hex digits of a hash of the birth date
///   (ISO) when the row has one, else of the e-mail address (lower case): the birth date and the
///   e-mail tell namesakes apart without appearing in the id, which shows wherever ids do
///   (file names, tables, messages): `anna-kowalska`, `anna-kowalska~5b1e0c27`.
/// - The **loose key** also drops accents (`José García` → `jose-garcia`): ids of one file that
///   share a loose key but differ are reported, once, as names that may be one person or two
///   people (rule `shared-name`).
public enum ClientNames {
    /// The name key of `name`; empty when the name has no letters or digits.
    public static func nameKey(_ name: String) -> String {
        let folded = AppointmentStatusWords.strippingMarker(name).precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive], locale: nil)
            .precomposedStringWithCompatibilityMapping
        return collapse(folded)
    }

    /// The name key without accents (`jose-garcia`), for finding names that may be one person.
    public static func looseKey(_ name: String) -> String {
        collapse(nameKey(name).folding(options: [.diacriticInsensitive], locale: nil))
    }

    /// The client id for a name, with the birth date (ISO `yyyy-MM-dd`) or e-mail address that
    /// tells namesakes apart, when given. Nil when the name has no letters or digits.
    public static func clientID(name: String, birthDate: String? = nil, email: String? = nil) -> String? {
        let key = nameKey(name)
        guard key.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) else {
            return nil
        }
        // 32-bit FNV-1a, as 8 hex digits (SafeName's stable hash).
        if let b = birthDate, !b.isEmpty { return key + "~" + SafeName.fnv1a("birth:" + b) }
        if let e = email?.trimmingCharacters(), !e.isEmpty { return key + "~" + SafeName.fnv1a("email:" + e.lowercased()) }
        return key
    }

    /// A name as written, with runs of spaces collapsed (the name stored for a derived client).
    public static func displayName(_ name: String) -> String {
        AppointmentStatusWords.strippingMarker(name).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    private static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: "-")
    }

    /// The session id derived for a row without one: `client@date[Thh:mm]#ordinal`, the ordinal
    /// counting the client's rows with that date and time (or that date, when there is no time)
    /// in file order, from 1: `anna-kowalska@2026-10-03T09:30#1`.
    public static func sessionID(client: String, day: Day, minute: Int?, ordinal: Int) -> String {
        var s = client + "@" + day.iso
        if let m = minute {
            let h = m / 60, mm = m % 60
            s += "T" + (h < 10 ? "0" : "") + String(h) + ":" + (mm < 10 ? "0" : "") + String(mm)
        }
        return s + "#" + String(ordinal)
    }
}
