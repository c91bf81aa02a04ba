import ReliefModel

/// A practice system's export whose shape is documented (inputs.md §1): which of its columns are
/// which Relief fields, what kind of record it holds, and how to get it out of the system.
///
/// `relief import FILE --preset acuity` reads it with the preset's mapping (a mapping file's
/// lines, which `--mapping` can extend or override); without `--preset`, a file whose header holds
/// every column of a preset's `signature` is read with that preset, and the summary says so.
/// Everything else in those files works as it does for any file: a preamble above the header,
/// status words and inline `[(Canceled)]` markers, durations from an end time or a service name.
public struct ImportPreset: Sendable, Hashable {
    /// The `--preset` name.
    public let name: String
    /// The system, as the clinic knows it.
    public let system: String
    /// Which export of the system, and how to get it.
    public let export: String
    public let kind: RecordKind
    /// Mapping-file lines (`canonical = Their Header`).
    public let mappingText: String
    /// Headers that, all present, identify the export (compared as aliases are).
    public let signature: [String]
    /// What the clinic should know about this export (dates, statuses, limits).
    public let notes: String

    /// The preset's mapping, parsed.
    public var mapping: ColumnMapping {
        // The texts are ours and tested (`ImportPresetTests`); a parse error would be a bug here.
        (try? ColumnMapping(parsing: mappingText, file: "preset \(name)")) ?? ColumnMapping()
    }

    public static let all: [ImportPreset] = [
        ImportPreset(
            name: "clinicsense", system: "ClinicSense",
            export: "Reports → Appointments, choose the date range, Generate Report, then the gear icon → Download CSV",
            kind: .appointments,
            mappingText: """
                date         = Date
                client_name  = Client
                therapist_id = Practitioner
                service      = Primary Service
                """,
            signature: ["Date", "Client", "Practitioner", "Primary Service"],
            notes: "The file opens with a report title and a 7-line preamble (date range, filters, Total Appointments) "
                + "above the header: Relief skips it and checks the stated total against the rows read. Cancelled and "
                + "no-show visits carry [(Canceled)] or [(No-show)] after the client's name. There is no duration "
                + "column: it is read from the service name (\"60 minute Massage\"). Large exports can time out: export "
                + "in date batches; importing them all keeps each appointment once."),
        ImportPreset(
            name: "acuity", system: "Acuity Scheduling (Squarespace Scheduling)",
            export: "Reports → Export, with \"include canceled appointments\" ticked, as CSV",
            kind: .appointments,
            mappingText: """
                date           = Start Time
                end            = End Time
                first_name     = First Name
                last_name      = Last Name
                email          = Email
                service        = Type
                therapist_id   = Calendar
                appointment_id = Appointment ID
                """,
            signature: ["Start Time", "End Time", "First Name", "Last Name", "Type", "Calendar", "Date Scheduled",
                        "Appointment ID"],
            notes: "Date Scheduled is the day the booking was made, not the visit: it is never read as the date. "
                + "Type is the appointment type (the service) and Calendar the practitioner. Intake-form questions "
                + "follow as one column each, headed with the question; they are listed as ignored unless a mapping "
                + "names them."),
        ImportPreset(
            name: "square", system: "Square (customer directory)",
            export: "Customers → Directory → Import/Export → Export Customers, as CSV",
            kind: .clients,
            mappingText: """
                client_id  = Reference ID
                first_name = First Name
                last_name  = Last Name
                """,
            signature: ["Reference ID", "First Name", "Last Name", "Email Address", "Phone Number"],
            notes: "The customer list, not the appointments (Square's appointment history export is not "
                + "documented in inputs.md): each customer's Reference ID is the client id, their name the first "
                + "and last name. E-mail and phone are not kept."),
    ]

    /// The preset called `name` (any case); nil for another name.
    public static func named(_ name: String) -> ImportPreset? {
        all.first { $0.name == name.lowercased() }
    }

    /// The preset whose signature the header holds, when exactly one does.
    static func recognise(header: [String]) -> ImportPreset? {
        let have = Set(header.map(HeaderAliases.normalizedHeader))
        let matches = all.filter { p in p.signature.allSatisfy { have.contains(HeaderAliases.normalizedHeader($0)) } }
        return matches.count == 1 ? matches[0] : nil
    }

    /// `preset`'s mapping with `mapping`'s lines over it (a clinic's own mapping wins).
    static func merged(_ preset: ImportPreset, _ mapping: ColumnMapping?) -> ColumnMapping {
        var m = preset.mapping
        if let mapping { m.overlay(mapping) }
        return m
    }
}
