import ReliefModel

/// The words practice systems use for an appointment's outcome (inputs.md §1), and the inline
/// markers some write after a name instead of a status column (ClinicSense: `[(Canceled)]`,
/// `[(No-show)]`).
///
/// Words are compared lower-cased with spaces, `-` and `_` removed, so `No Show`, `no-show` and
/// `NO_SHOW` are one word. A word not listed is rejected naming the lists (never guessed).
public enum AppointmentStatusWords {
    static let words: [(AppointmentStatus, [String])] = [
        (.attended, ["attended", "arrived", "show", "shown", "showed", "checkedin", "checkedout", "completed",
                     "servicecompleted", "complete", "kept", "seen", "visited", "done", "paid", "billed", "finished"]),
        (.booked, ["booked", "confirmed", "accepted", "scheduled", "awaitingconfirmation", "unconfirmed", "pending",
                   "readytostart", "inprogress", "bookedonline", "requested", "tentative", "open"]),
        (.cancelled, ["cancelled", "canceled", "cancel", "latecancel", "latecancelled", "latecanceled",
                      "latecancellation", "cancellation", "clientcancelled", "clientcanceled", "patientcancelled",
                      "patientcanceled", "practitionercancelled", "cliniccancelled",
                      "cancelledbyclient", "canceledbyclient", "cancelledbyclinic"]),
        (.noShow, ["noshow", "noshowed", "missed", "dna", "didnotattend", "didnotarrive", "failedtoattend", "nocall"]),
        (.void, ["rescheduled", "moved", "archived", "deleted", "neverbooked", "void", "voided", "declined",
                 "rejected", "waitlist", "waitlisted"]),
    ]

    static let table: [String: AppointmentStatus] = {
        var t: [String: AppointmentStatus] = [:]
        for (status, list) in words { for w in list { t[w] = status } }
        return t
    }()

    /// Lower case, letters and digits only.
    static func normalized(_ text: some StringProtocol) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
            .map(Character.init))
    }

    /// The status a word means; nil for a word not listed.
    public static func status(_ word: some StringProtocol) -> AppointmentStatus? { table[normalized(word)] }

    /// The status of an inline marker at the end of `text` (`Anna Kowalska [(Canceled)]`), if any.
    public static func marker(in text: some StringProtocol) -> AppointmentStatus? {
        guard let range = markerRange(String(text)) else { return nil }
        let s = String(text)
        let inner = s[range].dropFirst(2).dropLast(2)
        return status(inner)
    }

    /// `text` without a trailing `[(…)]` status marker.
    public static func strippingMarker(_ text: String) -> String {
        guard let range = markerRange(text), status(text[range].dropFirst(2).dropLast(2)) != nil else { return text }
        var s = String(text[..<range.lowerBound])
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }

    private static func markerRange(_ text: String) -> Range<String.Index>? {
        var t = text[...]
        while let l = t.last, l == " " || l == "\t" { t = t.dropLast() }
        guard t.hasSuffix(")]"), let open = t.range(of: "[(", options: .backwards) else { return nil }
        return open.lowerBound..<t.endIndex
    }

    /// Every word, by status, for messages and docs.
    public static var described: String {
        words.map { "\($0.0.rawValue): " + $0.1.prefix(6).joined(separator: ", ") + ", …" }.joined(separator: "; ")
    }
}
