import PostgresNIO
import ReliefModel
import ReliefStore

/// Records ⇄ rows: the column lists, the binds of an upsert and the decoding of a SELECT.
/// Days are `Day.ordinal`, scores integer tenths, lists `;`-joined (NULL when empty), as in SQLite.
enum PostgresRows {
    // MARK: Columns (upsert order: the key first)

    static let sessionColumns = ["session_id", "client_id", "therapist_id", "day", "minute", "duration_min", "kind",
                                 "technique", "pressure", "regions", "pain_before_tenths", "pain_after_tenths",
                                 "sleep_quality_tenths", "mood_tenths", "stress_tenths", "relief_days", "relief_ongoing",
                                 "notes", "note_scores", "site"]
    static let clientColumns = ["client_id", "name", "segment", "complaint", "regions", "intake_day", "therapist_id"]
    static let therapistColumns = ["therapist_id", "name"]
    static let checkInColumns = ["client_id", "day", "source", "pain_tenths", "sleep_quality_tenths", "mood_tenths",
                                 "stress_tenths"]
    static let appointmentColumns = ["appointment_id", "client_id", "therapist_id", "day", "minute", "duration_min",
                                     "service", "status", "site"]
    static let importCountColumns: [String] = ["sessions", "clients", "therapists", "checkins"].flatMap { kind in
        ["inserted", "updated", "unchanged"].map { "\(kind)_\($0)" }
    } + ["stub_clients", "stub_therapists", "rejected"] + ["inserted", "updated", "unchanged"].map { "appointments_\($0)" }

    /// The SELECT list of a session; `notes: false` reads NULL instead of the note text.
    static func sessionSelect(notes: Bool = true) -> String {
        sessionColumns.map { $0 == "notes" && !notes ? "NULL::text" : $0 }.joined(separator: ", ")
    }

    // MARK: Binding

    static func tenths(_ value: Double, column: String, record: @autoclosure () -> String) throws -> Int32 {
        if value.isFinite, abs(value) < 1e8 {
            let scaled = (value * 10).rounded()
            if abs(value * 10 - scaled) < 1e-6 { return Int32(scaled) }
        }
        let failure = StoreFailure(code: "RELIEF", message: "\(column): \(value) is not a 0–10 score with at most one decimal")
        throw StoreError.constraintViolated(record: record(), rule: "a value is outside its allowed range (\(failure.message))",
                                            underlying: failure)
    }

    static func tenthsIfAny(_ value: Double?, column: String, record: @autoclosure () -> String) throws -> Int32? {
        guard let value else { return nil }
        return try tenths(value, column: column, record: record())
    }

    /// Refuses a score that is not a finite tenth when the record is handed over, as SQLite's
    /// writer does (the server's CHECKs see the rest when the chunk is sent).
    static func validate(_ s: Session, file: String) throws {
        let record = "\(file): session \(s.id)"
        _ = try tenths(s.painBefore, column: "pain_before", record: record)
        _ = try tenthsIfAny(s.painAfter, column: "pain_after", record: record)
        _ = try tenthsIfAny(s.sleep, column: "sleep_quality", record: record)
        _ = try tenthsIfAny(s.mood, column: "mood", record: record)
        _ = try tenthsIfAny(s.stress, column: "stress", record: record)
    }

    static func validate(_ c: CheckIn, file: String) throws {
        let record = "\(file): check-in of \(c.clientID) on \(c.day.iso)"
        _ = try tenths(c.pain, column: "pain", record: record)
        _ = try tenthsIfAny(c.sleep, column: "sleep_quality", record: record)
        _ = try tenthsIfAny(c.mood, column: "mood", record: record)
        _ = try tenthsIfAny(c.stress, column: "stress", record: record)
    }

    static func list(_ items: [String]) -> String? { items.isEmpty ? nil : ListField.join(items) }

    /// Appends `s`'s 20 values in `sessionColumns` order: to an upsert's binds or to a COPY row
    /// (`RowValues`), one list for both.
    static func values(_ s: Session, file: String, into out: inout some RowValues) throws {
        let record = "\(file): session \(s.id)"
        let painBefore = try tenths(s.painBefore, column: "pain_before", record: record)
        let painAfter = try tenthsIfAny(s.painAfter, column: "pain_after", record: record)
        let sleep = try tenthsIfAny(s.sleep, column: "sleep_quality", record: record)
        let mood = try tenthsIfAny(s.mood, column: "mood", record: record)
        let stress = try tenthsIfAny(s.stress, column: "stress", record: record)
        out.text(s.id)
        out.text(s.clientID)
        out.text(s.therapistID)
        out.int(Int32(clamping: s.day.ordinal))
        out.int(s.minute.map { Int32(clamping: $0) })
        out.int(s.durationMinutes.map { Int32(clamping: $0) })
        out.text(s.kind.rawValue)
        out.text(list(s.techniques))
        out.text(s.pressure?.rawValue)
        out.text(list(s.regions))
        out.int(painBefore)
        out.int(painAfter)
        out.int(sleep)
        out.int(mood)
        out.int(stress)
        switch s.reliefDays {
        case nil: out.double(nil); out.bool(false)
        case .ongoing?: out.double(nil); out.bool(true)
        case .days(let d)?: out.double(d); out.bool(false)
        }
        out.text(s.notes)
        out.text(NoteScore.storageText(s.noteScores))
        out.text(s.site)
    }

    static func bind(_ s: Session, file: String, into b: inout PostgresBindings) throws { try values(s, file: file, into: &b) }

    static func bind(_ c: Client, into b: inout PostgresBindings) {
        b.append(c.id)
        b.append(c.name)
        b.append(c.segment?.rawValue)
        b.append(c.complaint)
        b.append(list(c.regions))
        b.append(c.intakeDate.map { Int32(clamping: $0.ordinal) })
        b.append(c.therapistID)
    }

    static func bind(_ t: Therapist, into b: inout PostgresBindings) {
        b.append(t.id)
        b.append(t.name)
    }

    /// A check-in's values in `checkInColumns` order.
    static func values(_ c: CheckIn, file: String, into out: inout some RowValues) throws {
        let record = "\(file): check-in of \(c.clientID) on \(c.day.iso)"
        let pain = try tenths(c.pain, column: "pain", record: record)
        let sleep = try tenthsIfAny(c.sleep, column: "sleep_quality", record: record)
        let mood = try tenthsIfAny(c.mood, column: "mood", record: record)
        let stress = try tenthsIfAny(c.stress, column: "stress", record: record)
        out.text(c.clientID)
        out.int(Int32(clamping: c.day.ordinal))
        out.text(c.source ?? "")
        out.int(pain)
        out.int(sleep)
        out.int(mood)
        out.int(stress)
    }

    static func bind(_ c: CheckIn, file: String, into b: inout PostgresBindings) throws { try values(c, file: file, into: &b) }

    /// An appointment's values in `appointmentColumns` order.
    static func values(_ a: Appointment, into out: inout some RowValues) {
        out.text(a.id)
        out.text(a.clientID)
        out.text(a.therapistID)
        out.int(Int32(clamping: a.day.ordinal))
        out.int(a.minute.map { Int32(clamping: $0) })
        out.int(a.durationMinutes.map { Int32(clamping: $0) })
        out.text(a.service)
        out.text(a.status.rawValue)
        out.text(a.site)
    }

    static func bind(_ a: Appointment, into b: inout PostgresBindings) { values(a, into: &b) }

    // MARK: Decoding

    static func decodeTenths(_ t: Int32) -> Double { Double(t) / 10 }

    static func session(_ r: PostgresRandomAccessRow) throws -> Session {
        let kindText = try r[6].decode(String.self)
        guard let kind = SessionKind(rawValue: kindText) else {
            throw StoreError.unreadableValue(table: "sessions", column: "kind", value: kindText)
        }
        var pressure: Pressure?
        if let text = try r[8].decode(String?.self) {
            guard let p = Pressure(rawValue: text) else {
                throw StoreError.unreadableValue(table: "sessions", column: "pressure", value: text)
            }
            pressure = p
        }
        let days = try r[15].decode(Double?.self)
        let ongoing = try r[16].decode(Bool.self)
        let relief: ReliefDays? = ongoing ? .ongoing : days.map { .days($0) }
        var noteScores: [NoteScore] = []
        if let text = try r[18].decode(String?.self) {
            guard let parsed = NoteScore.parse(storageText: text) else {
                throw StoreError.unreadableValue(table: "sessions", column: "note_scores", value: text)
            }
            noteScores = parsed
        }
        return Session(
            id: try r[0].decode(String.self), clientID: try r[1].decode(String.self),
            therapistID: try r[2].decode(String?.self), day: Day(ordinal: Int(try r[3].decode(Int32.self))),
            minute: try r[4].decode(Int32?.self).map(Int.init), durationMinutes: try r[5].decode(Int32?.self).map(Int.init),
            kind: kind, techniques: try r[7].decode(String?.self).map(ListField.split) ?? [], pressure: pressure,
            regions: try r[9].decode(String?.self).map(ListField.split) ?? [],
            painBefore: decodeTenths(try r[10].decode(Int32.self)),
            painAfter: try r[11].decode(Int32?.self).map(decodeTenths), sleep: try r[12].decode(Int32?.self).map(decodeTenths),
            mood: try r[13].decode(Int32?.self).map(decodeTenths), stress: try r[14].decode(Int32?.self).map(decodeTenths),
            reliefDays: relief, notes: try r[17].decode(String?.self), noteScores: noteScores,
            site: try r[19].decode(String?.self))
    }

    /// A client and its stub flag, from `clientColumns` + `stub`.
    static func client(_ r: PostgresRandomAccessRow) throws -> (client: Client, stub: Bool) {
        var segment: Segment?
        if let text = try r[2].decode(String?.self) {
            guard let s = Segment(rawValue: text) else {
                throw StoreError.unreadableValue(table: "clients", column: "segment", value: text)
            }
            segment = s
        }
        let client = Client(id: try r[0].decode(String.self), name: try r[1].decode(String?.self), segment: segment,
                            complaint: try r[3].decode(String?.self),
                            regions: try r[4].decode(String?.self).map(ListField.split) ?? [],
                            intakeDate: try r[5].decode(Int32?.self).map { Day(ordinal: Int($0)) },
                            therapistID: try r[6].decode(String?.self))
        return (client, try r[7].decode(Bool.self))
    }

    static func therapist(_ r: PostgresRandomAccessRow) throws -> Therapist {
        Therapist(id: try r[0].decode(String.self), name: try r[1].decode(String?.self))
    }

    static func checkIn(_ r: PostgresRandomAccessRow) throws -> CheckIn {
        let source = try r[2].decode(String.self)
        return CheckIn(clientID: try r[0].decode(String.self), day: Day(ordinal: Int(try r[1].decode(Int32.self))),
                       pain: decodeTenths(try r[3].decode(Int32.self)), sleep: try r[4].decode(Int32?.self).map(decodeTenths),
                       mood: try r[5].decode(Int32?.self).map(decodeTenths), stress: try r[6].decode(Int32?.self).map(decodeTenths),
                       source: source.isEmpty ? nil : source)
    }

    static func appointment(_ r: PostgresRandomAccessRow) throws -> Appointment {
        let text = try r[7].decode(String.self)
        guard let status = AppointmentStatus(rawValue: text) else {
            throw StoreError.unreadableValue(table: "appointments", column: "status", value: text)
        }
        return Appointment(id: try r[0].decode(String.self), clientID: try r[1].decode(String.self),
                           therapistID: try r[2].decode(String?.self), day: Day(ordinal: Int(try r[3].decode(Int32.self))),
                           minute: try r[4].decode(Int32?.self).map(Int.init),
                           durationMinutes: try r[5].decode(Int32?.self).map(Int.init),
                           service: try r[6].decode(String?.self), status: status, site: try r[8].decode(String?.self))
    }

    /// An import-log entry from `import_id, file, fingerprint, imported_on` + `importCountColumns`.
    static func importEntry(_ r: PostgresRandomAccessRow) throws -> ImportLogEntry {
        func n(_ i: Int) throws -> Int { Int(try r[i].decode(Int32.self)) }
        func counts(_ base: Int) throws -> WriteSummary.Counts {
            WriteSummary.Counts(inserted: try n(base), updated: try n(base + 1), unchanged: try n(base + 2))
        }
        var summary = WriteSummary()
        summary.sessions = try counts(4)
        summary.clients = try counts(7)
        summary.therapists = try counts(10)
        summary.checkIns = try counts(13)
        summary.rejected = try n(18)
        summary.appointments = try counts(19)
        return ImportLogEntry(id: try r[0].decode(Int64.self), file: try r[1].decode(String.self),
                              fingerprint: try r[2].decode(String?.self),
                              importedOn: Day(ordinal: Int(try r[3].decode(Int32.self))), summary: summary,
                              stubClientCount: try n(16), stubTherapistCount: try n(17))
    }

    static func importValues(file: String, fingerprint: String?, importedOn: Day, summary s: WriteSummary) -> PostgresBindings {
        importValues(file: file, fingerprint: fingerprint, importedOn: importedOn, summary: s,
                     stubClients: s.stubClients.count, stubTherapists: s.stubTherapists.count)
    }

    static func importValues(file: String, fingerprint: String?, importedOn: Day, summary s: WriteSummary,
                             stubClients: Int, stubTherapists: Int) -> PostgresBindings {
        var b = PostgresBindings()
        b.append(file)
        b.append(fingerprint)
        b.append(Int32(clamping: importedOn.ordinal))
        for v in [s.sessions.inserted, s.sessions.updated, s.sessions.unchanged,
                  s.clients.inserted, s.clients.updated, s.clients.unchanged,
                  s.therapists.inserted, s.therapists.updated, s.therapists.unchanged,
                  s.checkIns.inserted, s.checkIns.updated, s.checkIns.unchanged,
                  stubClients, stubTherapists, s.rejected,
                  s.appointments.inserted, s.appointments.updated, s.appointments.unchanged] {
            b.append(Int32(clamping: v))
        }
        return b
    }

    static var insertImportSQL: String {
        let columns = ["file", "fingerprint", "imported_on"] + importCountColumns
        return "INSERT INTO imports (" + columns.joined(separator: ", ") + ") VALUES ("
            + (1...columns.count).map { "$\($0)" }.joined(separator: ", ") + ")"
    }
}

/// Rows in `COPY … FROM STDIN`'s text format: fields separated by tabs, rows ended by a
/// newline, `\N` for NULL, and a backslash, tab, newline or carriage return inside a text
/// escaped (`\\`, `\t`, `\n`, `\r`). Numbers as decimal text; a `Double` in Swift's shortest
/// form that reads back as the same double.
struct CopyText {
    private(set) var bytes: [UInt8] = []
    private(set) var rows = 0
    private var atRowStart = true

    init(capacity: Int = 1 << 20) { bytes.reserveCapacity(capacity) }

    /// The rows, for PostgresNIO.
    var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }

    private mutating func separate() {
        if atRowStart { atRowStart = false } else { bytes.append(0x09) }
    }

    mutating func null() {
        separate()
        bytes.append(0x5C)
        bytes.append(UInt8(ascii: "N"))
    }

    mutating func text(_ value: String?) {
        guard var s = value else { return null() }
        separate()
        s.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
                case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
                default: bytes.append(byte)
                }
            }
        }
    }

    mutating func int(_ n: Int32?) {
        guard let n else { return null() }
        separate()
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        var v = n.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            } while v > 0
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    mutating func double(_ d: Double?) {
        guard let d else { return null() }
        separate()
        bytes.append(contentsOf: d.description.utf8)
    }

    mutating func bool(_ b: Bool) {
        separate()
        bytes.append(UInt8(ascii: b ? "t" : "f"))
    }

    mutating func endRow() {
        bytes.append(0x0A)
        atRowStart = true
        rows += 1
    }
}

extension PostgresRows {
    /// `s` as one COPY row, in `sessionColumns` order.
    static func copy(_ s: Session, file: String, into out: inout CopyText) throws {
        try values(s, file: file, into: &out)
        out.endRow()
    }

    static func copy(_ c: CheckIn, file: String, into out: inout CopyText) throws {
        try values(c, file: file, into: &out)
        out.endRow()
    }

    static func copy(_ a: Appointment, into out: inout CopyText) {
        values(a, into: &out)
        out.endRow()
    }
}

/// Where a record's column values go, in column order: an upsert's binds or a COPY row.
protocol RowValues {
    mutating func text(_ value: String?)
    mutating func int(_ n: Int32?)
    mutating func double(_ d: Double?)
    mutating func bool(_ b: Bool)
}

extension CopyText: RowValues {}

extension PostgresBindings: RowValues {
    mutating func text(_ value: String?) { append(value) }
    mutating func int(_ n: Int32?) { append(n) }
    mutating func double(_ d: Double?) { append(d) }
    mutating func bool(_ b: Bool) { append(b) }
}
