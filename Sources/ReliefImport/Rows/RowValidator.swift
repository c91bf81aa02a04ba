#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ReliefModel
import ReliefNotes

/// One thing wrong with a row.
struct Problem {
    var cell: Int?
    var field: Field?
    var rule: Rule
    var message: String
    var value: String?
    /// The canonical name when the problem is with an identity column (birth_date …), not a field.
    var fieldName: String? = nil
}

/// Turns rows into records, or into the reasons they cannot be records.
///
/// Values are parsed straight from the row's bytes. Values that repeat down a file
/// (client and therapist ids, technique and region lists, sources) are interned:
/// looked up by their bytes and built as a `String` once.
///
/// The rules are data.md's; docs/import.md lists them with their messages.
struct RowValidator {
    let today: Day
    let dates: DateParser
    let decimalComma: Bool
    /// JSON numbers may have exponents; CSV numbers may not.
    let allowExponent: Bool

    private var clientIDs = ByteInterner(capacity: 1024)
    private var clientStrings: [String] = []
    /// Sorted distinct days of each client's sessions in this file (by `clientIDs` index), from the first pass.
    private var clientDays: [[Int32]] = []
    /// Each session row's client index from the first pass, by row ordinal (-1: none noted).
    /// Looking the id up again costs a cache miss per row once the table outgrows the cache.
    private var rowClients: [Int32] = []
    /// A one-pass read's row just noted (`noteSessionInOrder`) and its client index.
    private var notedRow: (ordinal: Int, client: Int32) = (-1, -1)
    /// The ordinal of the row the main pass is validating (see `noteSession`); -1 elsewhere.
    var currentRow = -1
    /// What a one-pass read has seen of each client's dates (by `clientIDs` index).
    private struct Arrival {
        var last = Int32.min
        var beforeLast = Int32.min
        var outOfOrder = false
        var hasRelief = false
    }
    private var arrival: [Arrival] = []
    /// Whether `clientDays` holds the whole file (a one-pass read checks relief_days itself).
    private var firstPassDone = false
    private var therapistIDs = ByteInterner(capacity: 64)
    private var therapistStrings: [String] = []
    private var lists = ByteInterner(capacity: 256)
    private var listValues: [[String]] = []
    private var words = ByteInterner(capacity: 64)
    private var wordStrings: [String] = []

    /// Sessions stored per client and day, when merging by day (`ImportOptions.storedSessionsPerDay`).
    var storedSessionsPerDay: [String: Int]?
    /// The clinic's mapping (worded answers' values).
    var mapping: ColumnMapping?
    /// Fill empty scores from the note text (`ImportOptions.scoresFromNotes`).
    var scoresFromNotes = false
    /// Keep review rows of every note read (`ImportOptions.collectNoteReview`).
    var collectNoteReview = false
    /// The date column's header says UTC (`HeaderBinding.dateIsUTC`).
    var dateIsUTC = false
    /// The first time with a UTC offset (or in a UTC column) read without a clinic time zone.
    private(set) var firstUnzonedTime: (line: Int, text: String)?
    /// Every appointment's status, for a file of one status (`ImportOptions.appointmentStatus`).
    var appointmentStatus: AppointmentStatus?
    /// Warnings of the row just validated (a note that disagrees with a column); the driver takes them.
    var rowWarnings: [Problem] = []
    /// Review rows of the main pass: the row's line and the cells after file and line.
    private(set) var noteReview: [(line: Int, cells: [String])] = []

    /// A validator for a read with `options` (its day, and what it does with notes).
    init(options: ImportOptions, dates: DateParser, decimalComma: Bool, allowExponent: Bool) {
        self.init(today: options.today, dates: dates, decimalComma: decimalComma, allowExponent: allowExponent)
        scoresFromNotes = options.scoresFromNotes
        storedSessionsPerDay = options.storedSessionsPerDay
        mapping = options.preset.map { ImportPreset.merged($0, options.mapping) } ?? options.mapping
        collectNoteReview = options.collectNoteReview
        appointmentStatus = options.appointmentStatus
    }

    init(today: Day, dates: DateParser, decimalComma: Bool, allowExponent: Bool) {
        self.today = today
        self.dates = dates
        self.decimalComma = decimalComma
        self.allowExponent = allowExponent
    }

    // MARK: First pass

    /// A hash of the fields that identify the row's record (kind-seeded); `nil` when one is empty.
    func keyHash(_ row: Row) -> UInt64? {
        var h = UInt64(row.kind.hashSeed)
        if row.derivesID {
            // No session id: a row is identified by all of its content, like a check-in, so
            // only an exact repeat is found (and skipped).
            for f in row.kind.columns { h = combineHash(h, row.value(f).flatMap { b in b.baseAddress.map { hashBytes($0, b.count) } } ?? 0x5bd1_e995) }
            for f in IdentityField.mappable { h = combineHash(h, row.value(f).flatMap { b in b.baseAddress.map { hashBytes($0, b.count) } } ?? 0x5bd1_e995) }
            return h
        }
        if row.kind == .checkins, row.value(.clientID) == nil {
            // A check-in file that names its clients: the name columns stand in for the id.
            for f in IdentityField.mappable {
                h = combineHash(h, row.value(f).flatMap { b in b.baseAddress.map { hashBytes($0, b.count) } } ?? 0x5bd1_e995)
            }
        }
        for f in row.kind.keyFields {
            if f == .date, row.kind == .checkins, let b = row.value(f), case .ok(let day, _) = dates.parse(b, assumeUTC: dateIsUTC) {
                // A check-in is one per day: "2026-03-05" and "2026-03-05T18:00" are one key.
                h = combineHash(h, UInt64(bitPattern: Int64(day.ordinal)))
            } else if let b = row.value(f), let p = b.baseAddress {
                h = combineHash(h, hashBytes(p, b.count))
            } else if row.kind == .checkins {
                h = combineHash(h, 0x5bd1_e995)
            } else {
                return nil
            }
        }
        return h
    }

    /// The identifying text, exact (to split a hash collision).
    func keyText(_ row: Row) -> [String] {
        if row.derivesID { return row.contentKey() }
        let names = row.kind == .checkins && row.value(.clientID) == nil
            ? IdentityField.mappable.map { f in row.value(f).map { String(decoding: $0, as: UTF8.self) } ?? "" } : []
        return names + row.kind.keyFields.map { f in
            guard let b = row.value(f) else { return "" }
            if f == .date, row.kind == .checkins, case .ok(let day, _) = dates.parse(b, assumeUTC: dateIsUTC) { return day.iso }
            return String(decoding: b, as: UTF8.self)
        }
    }

    /// Remembers a session's client and day, for the relief-duration check, and the client's
    /// index for row `ordinal` (0-based, counting every row of the file), so that the main pass
    /// finds it without hashing the id again.
    mutating func noteSession(_ row: Row, ordinal: Int) {
        guard let i = clientIndex(row) else { return }
        remember(client: i, ofRow: ordinal)
        guard let d = row.value(.date), case .ok(let day, _) = dates.parse(d, assumeUTC: dateIsUTC) else { return }
        clientDays[i].append(Int32(truncatingIfNeeded: day.ordinal))
    }

    /// Notes a session row in a one-pass read (`ImportOptions.optimistic`) and checks its
    /// relief_days against the gap since the client's previous session, as far as the rows
    /// read so far tell. That is exact while the client's dates arrive in order: a later row
    /// can then only add days on or after this one. Returns false when one pass cannot judge
    /// the row: its relief_days is longer than that gap (the full read then rejects it with
    /// the usual message), or the client has a relief_days and a date that arrived out of order.
    mutating func noteSessionInOrder(_ row: Row, ordinal: Int) -> Bool {
        guard let i = clientIndex(row) else { return true }
        // The main pass validates this row next: its client is kept for it alone (a table by
        // row would cost 4 bytes a row, 40 MB at ten million).
        notedRow = (ordinal, Int32(truncatingIfNeeded: i))
        guard let d = row.value(.date), case .ok(let day, _) = dates.parse(d, assumeUTC: dateIsUTC) else { return true }
        if i >= arrival.count { arrival.append(contentsOf: repeatElement(Arrival(), count: i + 1 - arrival.count)) }
        var a = arrival[i]
        let x = Int32(truncatingIfNeeded: day.ordinal)
        if x < a.last {
            a.outOfOrder = true
        } else if x > a.last {
            a.beforeLast = a.last
            a.last = x
        }
        var relief: Double?
        if row.cellIndex(.reliefDays) != nil {
            var ignored: [Problem] = []   // the main pass reports them; empty, it allocates nothing
            if case .days(let r)? = reliefDays(row, &ignored) { relief = r }
        }
        if relief != nil { a.hasRelief = true }
        arrival[i] = a
        if a.outOfOrder && a.hasRelief { return false }
        // In order, the latest day before `x` is `beforeLast` whether `x` was new or a repeat.
        if let r = relief, a.beforeLast != Int32.min, r > Double(x - a.beforeLast) { return false }
        return true
    }

    /// Keeps row `ordinal`'s client index for `clientID` in the main pass (rows noted in order).
    private mutating func remember(client i: Int, ofRow ordinal: Int) {
        if rowClients.count < ordinal {
            rowClients.append(contentsOf: repeatElement(-1, count: ordinal - rowClients.count))
        }
        if rowClients.count == ordinal { rowClients.append(Int32(truncatingIfNeeded: i)) }
    }

    /// Sorts what `noteSession` collected.
    mutating func finishFirstPass() {
        firstPassDone = true
        for i in clientDays.indices where clientDays[i].count > 1 {
            clientDays[i].sort()
        }
    }

    // MARK: Validation

    /// The record for `row`, or `nil` with the reasons appended to `problems`.
    mutating func validate(_ row: Row, problems: inout [Problem]) -> Record? {
        let before = problems.count
        for p in row.cellProblems {
            let field = Field.allCases.first { row.fieldCell[$0.rawValue] == Int32(p.cell) }
            problems.append(Problem(cell: p.cell, field: field, rule: p.rule, message: p.message, value: row.text(p.cell)))
        }
        let record: Record?
        switch row.kind {
        case .sessions:
            if let stored = storedSessionsPerDay, row.value(.painBefore) == nil, !scoresFromNotes,
               let scores = visitScores(row, stored: stored, &problems) {
                record = .visitScores(scores)
            } else {
                record = session(row, &problems).map(Record.session)
            }
        case .clients: record = client(row, &problems).map(Record.client)
        case .therapists: record = therapist(row, &problems).map(Record.therapist)
        case .checkins: record = checkIn(row, &problems).map(Record.checkIn)
        case .appointments: record = appointment(row, &problems).map(Record.appointment)
        }
        guard problems.count == before, let record else { return nil }
        if currentRow >= 0, row.kind != .clients && row.kind != .therapists, let c = lastClient { noteNamedClient(row, c) }
        return record
    }

    private mutating func session(_ row: Row, _ problems: inout [Problem]) -> Session? {
        let derived = row.derivesID
        var id = derived ? nil : text(row, .sessionID, required: true, &problems)
        let client = clientID(row, &problems)
        let therapist = therapistID(row, &problems)
        let date = self.date(row, .date, required: true, &problems)
        if derived, let client, let date {
            let derivedID = ClientNames.sessionID(client: clientStrings[client], day: date.day, minute: date.minute,
                                                  ordinal: nextOrdinal(client: client, day: date.day, minute: date.minute))
            noteDerivedSession(line: row.line, id: derivedID, kind: .sessions)
            id = derivedID
        }
        var duration: Int?
        if case .value(let n, let c) = number(row, .durationMin, &problems) {
            if !n.isWhole {
                problems.append(problem(row, c, .durationMin, .notWhole, "\(row.text(c).trimmingCharacters()) is not a whole number of minutes"))
            } else if n.value < 5 || n.value > 240 {
                problems.append(problem(row, c, .durationMin, .outOfRange, "\(row.text(c).trimmingCharacters()) is outside 5–240 minutes"))
            } else {
                duration = Int(n.value)
            }
        }
        let kind = vocabulary(row, .kind, Vocabulary.kindNames, &problems).map { Vocabulary.kinds[$0] } ?? .medical
        let techniques = list(row, .technique, &problems)
        let pressure = vocabulary(row, .pressure, Vocabulary.pressureNames, &problems).map { Vocabulary.pressures[$0] }
        let regions = list(row, .regions, &problems)
        let problemsBefore = problems.count
        let notes = text(row, .notes, required: false, &problems)
        var filler = scoresFromNotes ? notes.map(NoteFiller.init(note:)) : nil
        let before = fromNote(&filler, .painBefore, score(row, .painBefore, &problems), row, &problems)
        let after = fromNote(&filler, .painAfter, score(row, .painAfter, &problems), row, &problems)
        if case .absent = before {
            if case .absent = after {
                var p = missing(row, .painBefore, "a session")
                if filler != nil { p.message += "; the note states no pain score from before the session" }
                problems.append(p)
            } else if let f = filler, row.value(.painAfter) == nil, let s = f.extraction.painAfter {
                problems.append(Problem(cell: row.cellIndex(.notes), field: .notes, rule: .painAfterWithoutBefore,
                                        message: "the note gives pain after the session but none from before it; "
                                            + "a session's pain is scored at its start", value: s.text(in: f.note)))
            } else if let c = row.cellIndex(.painAfter) {
                problems.append(problem(row, c, .painAfter, .painAfterWithoutBefore,
                                        "\(row.text(c).trimmingCharacters()) is given without pain_before; a session's pain is scored at its start"))
            }
        }
        let sleep = fromNote(&filler, .sleep, score(row, .sleepQuality, &problems), row, &problems)
        let mood = fromNote(&filler, .mood, score(row, .mood, &problems), row, &problems)
        let stress = fromNote(&filler, .stress, score(row, .stress, &problems), row, &problems)
        let relief = reliefDays(row, &problems)
        let site = word(row, .site, &problems)
        if case .some(.days(let r)) = relief, let c = row.cellIndex(.reliefDays),
           let client, let date,
           let previous = previousSessionDay(client: client, before: date.day) {
            let gap = date.day - previous
            if r > Double(gap) {
                problems.append(problem(row, c, .reliefDays, .reliefLongerThanGap,
                    "\(row.text(c).trimmingCharacters()) days is longer than the \(gap) day\(gap == 1 ? "" : "s") since this client's previous session (\(previous.iso))"))
            }
        }
        if let f = filler, collectNoteReview, currentRow >= 0 {
            let rows = f.reviewRows(sessionID: id, clientID: client.map { clientStrings[$0] }, date: date?.day.iso,
                                    rowRejected: problems.count > problemsBefore)
            for r in rows { noteReview.append((row.line, r)) }
        }
        guard let id, let client, let date, case .value(let pb) = before else { return nil }
        return Session(id: id, clientID: clientStrings[client], therapistID: therapist, day: date.day, minute: date.minute,
                       durationMinutes: duration, kind: kind, techniques: techniques, pressure: pressure,
                       regions: regions, painBefore: pb, painAfter: after.value, sleep: sleep.value,
                       mood: mood.value, stress: stress.value, reliefDays: relief, notes: notes,
                       noteScores: filler?.scores ?? [], site: site)
    }

    /// A session row without pain before, merging by day: scores for the one session stored for its
    /// client that day; nil (the row read as a session, and rejected for its missing pain before)
    /// when it gives no other score. With no stored session that day, or several, it is rejected
    /// saying so.
    private mutating func visitScores(_ row: Row, stored: [String: Int], _ problems: inout [Problem]) -> VisitScores? {
        guard [Field.painAfter, .sleepQuality, .mood, .stress].contains(where: { row.value($0) != nil }) else { return nil }
        let before = problems.count
        let client = clientID(row, &problems)
        let date = self.date(row, .date, required: true, &problems)
        let after = score(row, .painAfter, &problems)
        let sleep = score(row, .sleepQuality, &problems)
        let mood = score(row, .mood, &problems)
        let stress = score(row, .stress, &problems)
        // A row with problems is rejected by `validate` (it checks the count): the placeholder never leaves.
        guard problems.count == before, let client, let date else { return VisitScores(clientID: "", day: Day(ordinal: 0)) }
        let id = clientStrings[client]
        let n = stored[id + "|" + String(date.day.ordinal)] ?? 0
        guard n == 1 else {
            problems.append(Problem(cell: row.cellIndex(.painAfter), field: .painBefore, rule: .required, message: n == 0
                ? "missing, and no session is stored for this client on \(date.day.iso) to add the row's scores to (import the visits first)"
                : "missing, and \(n) sessions are stored for this client on \(date.day.iso): which one the row's scores belong to cannot be told",
                value: nil))
            return VisitScores(clientID: "", day: Day(ordinal: 0))
        }
        return VisitScores(clientID: id, day: date.day, painAfter: after.value, sleep: sleep.value, mood: mood.value,
                           stress: stress.value)
    }

    /// The score of `measure` once the note has had its say (`NoteFiller`): the column's, the note's
    /// when the column is empty, or a rejection when the note is ambiguous.
    private mutating func fromNote(_ filler: inout NoteFiller?, _ measure: NoteMeasure, _ column: ScoreField,
                                   _ row: Row, _ problems: inout [Problem]) -> ScoreField {
        guard var f = filler else { return column }
        defer { filler = f }
        let invalid: Bool
        if case .invalid = column { invalid = true } else { invalid = false }
        let notesCell = row.cellIndex(.notes)
        switch f.decide(measure, column: column.value, invalid: invalid) {
        case .keep: return column
        case .fill(let v): return .value(v)
        case .reject(let rule, let message, let quoted):
            problems.append(Problem(cell: notesCell, field: .notes, rule: rule, message: message, value: quoted))
            return .invalid
        case .warn(let message, let quoted):
            if currentRow >= 0 {
                rowWarnings.append(Problem(cell: notesCell, field: .notes, rule: .noteDisagrees, message: message, value: quoted))
            }
            return column
        }
    }

    private mutating func client(_ row: Row, _ problems: inout [Problem]) -> Client? {
        let client = clientID(row, &problems)
        var name = text(row, .name, required: false, &problems)
        if name == nil, row.derivesClientID, let client { name = clientNames[client] }
        if name == nil {
            // A client list with ids and the name in two columns (ChiroTouch's, mapped by position).
            let parts = [row.string(IdentityField.firstName), row.string(IdentityField.lastName)].compactMap { $0 }
            if !parts.isEmpty { name = ClientNames.displayName(parts.joined(separator: " ")) }
        }
        let segment = vocabulary(row, .segment, Vocabulary.segmentNames, &problems).map { Vocabulary.segments[$0] }
        let complaint = text(row, .complaint, required: false, &problems)
        let regions = list(row, .regions, &problems)
        let intake = date(row, .intakeDate, required: false, &problems)
        let therapist = therapistID(row, &problems)
        guard let client else { return nil }
        return Client(id: clientStrings[client], name: name, segment: segment, complaint: complaint,
                      regions: regions, intakeDate: intake?.day, therapistID: therapist)
    }

    private mutating func therapist(_ row: Row, _ problems: inout [Problem]) -> Therapist? {
        let id = therapistID(row, &problems)
        if id == nil, !hasBadType(row, .therapistID) { problems.append(missing(row, .therapistID, "a therapist")) }
        let name = text(row, .name, required: false, &problems)
        guard let id else { return nil }
        return Therapist(id: id, name: name)
    }

    /// An appointment of a practice system's export (docs/import.md, "From your practice software").
    /// Its date may be in the future (a booking); its duration is `duration_min`, else `end` −
    /// start, else the minutes a service name states (`60 minute Massage`); its status is the
    /// status column's word, else an inline marker after the client's name or the service
    /// (`[(Canceled)]`), else attended for a day up to today and booked after it.
    private mutating func appointment(_ row: Row, _ problems: inout [Problem]) -> Appointment? {
        let derived = row.derivesID
        var id = derived ? nil : text(row, .appointmentID, required: true, &problems)
        let client = clientID(row, &problems)
        let therapist = therapistID(row, &problems)
        let date = self.date(row, .date, required: true, allowFuture: true, &problems)
        if derived, let client, let date {
            id = ClientNames.sessionID(client: clientStrings[client], day: date.day, minute: date.minute,
                                       ordinal: nextOrdinal(client: client, day: date.day, minute: date.minute))
            noteDerivedSession(line: row.line, id: id!, kind: .appointments)
        }
        let service = text(row, .service, required: false, &problems).map { AppointmentTimes.serviceName(AppointmentStatusWords.strippingMarker($0)) }
        var duration: Int?
        if case .value(let n, let c) = number(row, .durationMin, &problems) {
            if !n.isWhole || n.value < 5 || n.value > 720 {
                problems.append(problem(row, c, .durationMin, n.isWhole ? .outOfRange : .notWhole,
                                        "\(row.text(c).trimmingCharacters()) is not a whole number of minutes within 5–720"))
            } else {
                duration = Int(n.value)
            }
        } else if let (c, b) = get(row, .end, &problems), let start = date {
            switch AppointmentTimes.minutes(b, dates: dates) {
            case .some(let end):
                if let s = start.minute, end.day == nil || end.day == start.day, end.minute > s, end.minute - s <= 720 {
                    duration = max(5, end.minute - s)
                } else if start.minute != nil {
                    problems.append(problem(row, c, .end, .outOfRange,
                        "\(row.text(c).trimmingCharacters()) is not a time after the start on the same day"))
                }
            case .none:
                problems.append(problem(row, c, .end, .badDate, "\(row.text(c).trimmingCharacters()) is not a time (HH:mm) or a date and time"))
            }
        } else if let service {
            duration = AppointmentTimes.minutes(inServiceName: service)
        }
        var status: AppointmentStatus?
        if let given = appointmentStatus {
            status = given
        } else if let (c, b) = get(row, .status, &problems) {
            let word = String(decoding: b, as: UTF8.self)
            if let s = AppointmentStatusWords.status(word) ?? AppointmentStatusWords.marker(in: word) {
                status = s
            } else {
                problems.append(problem(row, c, .status, .unknownValue,
                    "\(word) is not an appointment status Relief knows (\(AppointmentStatusWords.described)); map it in the mapping file"))
                return nil
            }
        } else {
            let marked = [IdentityField.clientName, .lastName, .firstName].compactMap { row.string($0) }
                + [row.value(.clientID).map { String(decoding: $0, as: UTF8.self) }, row.value(.service).map { String(decoding: $0, as: UTF8.self) }].compactMap { $0 }
            status = marked.lazy.compactMap(AppointmentStatusWords.marker(in:)).first
        }
        let site = word(row, .site, &problems)
        guard let id, let client, let date else { return nil }
        return Appointment(id: id, clientID: clientStrings[client], therapistID: therapist, day: date.day, minute: date.minute,
                           durationMinutes: duration, service: service,
                           status: status ?? (date.day > today ? .booked : .attended), site: site)
    }

    private mutating func checkIn(_ row: Row, _ problems: inout [Problem]) -> CheckIn? {
        let client = clientID(row, &problems)
        let date = self.date(row, .date, required: true, &problems)
        let pain = score(row, .pain, &problems)
        if case .absent = pain { problems.append(missing(row, .pain, "a check-in")) }
        let sleep = score(row, .sleepQuality, &problems)
        let mood = score(row, .mood, &problems)
        let stress = score(row, .stress, &problems)
        let source = word(row, .source, &problems)
        guard let client, let date, case .value(let p) = pain else { return nil }
        return CheckIn(clientID: clientStrings[client], day: date.day, pain: p, sleep: sleep.value, mood: mood.value,
                       stress: stress.value, source: source)
    }

    // MARK: Fields

    private func missing(_ row: Row, _ f: Field, _ what: String) -> Problem {
        let c = row.cellIndex(f)
        return Problem(cell: c, field: f, rule: .required, message: "missing (required for \(what))", value: nil)
    }

    private func problem(_ row: Row, _ c: Int, _ f: Field, _ rule: Rule, _ message: String) -> Problem {
        Problem(cell: c, field: f, rule: rule, message: message, value: row.text(c).trimmingCharacters())
    }

    /// The field's cell and trimmed bytes when present and of a usable type; a problem for a JSON
    /// `true`/`false` or object where text belongs. `nil` when absent, empty or of the wrong type.
    @inline(__always)
    private func get(_ row: Row, _ f: Field, _ problems: inout [Problem]) -> (cell: Int, bytes: UnsafeBufferPointer<UInt8>)? {
        guard let s = row.slot(f) else { return nil }
        if Self.containsNul(s.bytes) {
            problems.append(Problem(cell: s.cell, field: f, rule: .nulCharacter,
                                    message: "contains a NUL character (U+0000), which no id, name or note may hold", value: nil))
            return nil
        }
        if s.type == .text || s.type == .number { return (s.cell, s.bytes) }
        wrongType(row, s.cell, f, &problems)
        return nil
    }

    @inline(__always)
    static func containsNul(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = b.baseAddress, b.count > 0 else { return false }
        return memchr(base, 0, b.count) != nil
    }

    /// True when the field has a cell that is present but unusable (so "missing" would be the wrong word).
    @inline(__always)
    private func hasBadType(_ row: Row, _ f: Field) -> Bool {
        guard let s = row.slot(f) else { return false }
        return s.type == .bool || s.type == .object || Self.containsNul(s.bytes)
    }

    private func wrongType(_ row: Row, _ c: Int, _ f: Field, _ problems: inout [Problem]) {
        if row.cells[c].type == .bool {
            problems.append(problem(row, c, f, .wrongType, "\(row.text(c)) is not text or a number"))
        } else {
            problems.append(Problem(cell: c, field: f, rule: .wrongType,
                                    message: "an object or a list of objects is not text or a number", value: nil))
        }
    }

    private func text(_ row: Row, _ f: Field, required: Bool, _ problems: inout [Problem]) -> String? {
        guard let (_, b) = get(row, f, &problems) else {
            if required && !hasBadType(row, f) { problems.append(missing(row, f, "a \(row.kind.singular)")) }
            return nil
        }
        return String(decoding: b, as: UTF8.self)
    }

    private mutating func internClient(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        let (i, isNew) = clientIDs.intern(b)
        if isNew {
            clientStrings.append(String(decoding: b, as: UTF8.self))
            clientDays.append([])
            clientNames.append(nil)
            clientNamed.append(false)
        }
        return i
    }

    private mutating func clientID(_ row: Row, _ problems: inout [Problem]) -> Int? {
        lastClient = nil
        if row.derivesClientID {
            lastClient = derivedClient(row, &problems)
            return lastClient
        }
        guard let (_, b) = get(row, .clientID, &problems) else {
            if !hasBadType(row, .clientID) { problems.append(missing(row, .clientID, "a \(row.kind.singular)")) }
            return nil
        }
        if currentRow >= 0 && currentRow == notedRow.ordinal {
            lastClient = Int(notedRow.client)
        } else if currentRow >= 0 && currentRow < rowClients.count && rowClients[currentRow] >= 0 {
            lastClient = Int(rowClients[currentRow])
        } else {
            lastClient = internClient(b)
        }
        return lastClient
    }

    // MARK: Clients and sessions without ids

    /// The client of the row `validate` read last (for the client record a named row yields).
    private var lastClient: Int?
    /// The name of each client (by `clientIDs` index): as first written, for a derived id; as
    /// the row named it, for a given id with a name column.
    private var clientNames: [String?] = []
    /// Whether the client record of a named client has been handed over (`takeNamedClient`).
    private var clientNamed: [Bool] = []
    /// A client record to deliver before the row's own record (a row that names its client).
    private var namedClient: Client?
    /// Raw identity columns (name, e-mail, birth date) → client index; -1: no name, -2: bad birth date.
    private var identityKeys = ByteInterner(capacity: 256)
    private var identityClient: [Int32] = []
    private var identityScratch: [UInt8] = []
    /// Derived client ids by their loose key (accents, case and spacing dropped), to find names
    /// that may be one person.
    private var looseGroups: [String: [Int]] = [:]
    /// The line each derived client was first seen on (for warnings that must not print names).
    private var clientFirstLine: [Int: Int] = [:]
    private var looseOrder: [String] = []
    private struct DayKey: Hashable {
        var client: Int32
        var day: Int32
        var minute: Int32
    }
    /// Rows seen so far per client, day and time (derived session ids' ordinals).
    private var ordinals: [DayKey: Int32] = [:]
    /// The first derived session id and client id of the file, for the one-line notes.
    private var firstDerivedSession: (line: Int, id: String, kind: RecordKind)?
    private var firstDerivedClient: (line: Int, name: String, id: String)?

    /// The client index of a row, its client_id or the id derived from its name; nil when neither.
    mutating func clientIndex(_ row: Row) -> Int? {
        if row.derivesClientID {
            guard let i = resolveIdentity(row), i >= 0 else { return nil }
            return i
        }
        guard let c = row.value(.clientID) else { return nil }
        return internClient(c)
    }

    /// The client index for the row's name (and birth date or e-mail), deriving the id the first
    /// time a spelling is seen; -1 when the row names no one, -2 when its birth date is bad.
    private mutating func resolveIdentity(_ row: Row) -> Int? {
        identityScratch.removeAll(keepingCapacity: true)
        let nameField: UnsafeBufferPointer<UInt8>? = row.kind == .clients ? row.value(Field.name) : row.value(IdentityField.clientName)
        for b in [nameField, row.value(IdentityField.firstName), row.value(IdentityField.lastName),
                  row.value(IdentityField.email), row.value(IdentityField.birthDate)] {
            if let b { identityScratch.append(contentsOf: b) }
            identityScratch.append(0x1F)
        }
        let (k, isNew) = identityScratch.withUnsafeBufferPointer { identityKeys.intern($0) }
        if isNew { identityClient.append(deriveClient(row, name: nameField)) }
        return Int(identityClient[k])
    }

    private mutating func deriveClient(_ row: Row, name nameField: UnsafeBufferPointer<UInt8>?) -> Int32 {
        var name = nameField.map { String(decoding: $0, as: UTF8.self) } ?? ""
        if name.isEmpty {
            name = [row.string(.firstName), row.string(.lastName)].compactMap { $0 }.joined(separator: " ")
        }
        var birth: String?
        if let b = row.value(IdentityField.birthDate) {
            guard case .ok(let day, _) = dates.parse(b) else { return -2 }
            birth = day.iso
        }
        guard let id = ClientNames.clientID(name: name, birthDate: birth, email: row.string(.email)) else { return -1 }
        let bytes = Array(id.utf8)
        let before = clientStrings.count
        let i = bytes.withUnsafeBufferPointer { internClient($0) }
        if clientStrings.count > before {
            clientNames[i] = ClientNames.displayName(name)
            clientFirstLine[i] = row.line
            let loose = ClientNames.looseKey(name)
            if looseGroups[loose] == nil { looseOrder.append(loose) }
            looseGroups[loose, default: []].append(i)
        }
        return Int32(i)
    }

    /// The derived client of a row, or the reasons it has none.
    private mutating func derivedClient(_ row: Row, _ problems: inout [Problem]) -> Int? {
        let i = resolveIdentity(row) ?? -1
        if i == -2, let c = row.cellIndex(IdentityField.birthDate) {
            let t = row.text(c).trimmingCharacters()
            problems.append(Problem(cell: c, field: nil, rule: .badDate,
                                    message: "\(t) is not a date in \(dates.expected); the client id is derived from the name and birth date",
                                    value: t, fieldName: IdentityField.birthDate.name))
            return nil
        }
        if i < 0 {
            let c = row.cellIndex(IdentityField.clientName) ?? row.cellIndex(IdentityField.lastName)
                ?? row.cellIndex(IdentityField.firstName) ?? row.cellIndex(Field.name)
            problems.append(Problem(cell: c, field: .clientID, rule: .required,
                                    message: "missing: the row names no client (required for a \(row.kind.singular))", value: nil))
            return nil
        }
        if currentRow >= 0 && firstDerivedClient == nil, let name = clientNames[i] {
            firstDerivedClient = (row.line, name, clientStrings[i])
        }
        return i
    }

    /// The next ordinal of a derived session id for this client, day and time (pass 3 only; 0 while
    /// comparing repeated rows, so two identical rows derive the same id).
    private mutating func nextOrdinal(client: Int, day: Day, minute: Int?) -> Int {
        guard currentRow >= 0 else { return 0 }
        let k = DayKey(client: Int32(truncatingIfNeeded: client), day: Int32(truncatingIfNeeded: day.ordinal),
                       minute: Int32(minute ?? -1))
        let n = (ordinals[k] ?? 0) + 1
        ordinals[k] = n
        return Int(n)
    }

    /// Keeps the client record a named row yields, the first time its client is accepted.
    private mutating func noteNamedClient(_ row: Row, _ i: Int) {
        guard i < clientNamed.count, !clientNamed[i] else { return }
        if row.derivesClientID {
            clientNamed[i] = true
            namedClient = Client(id: clientStrings[i], name: clientNames[i])
            return
        }
        var name = row.string(.clientName)
        if name == nil {
            let parts = [row.string(.firstName), row.string(.lastName)].compactMap { $0 }
            if !parts.isEmpty { name = parts.joined(separator: " ") }
        }
        guard let name else { return }
        clientNamed[i] = true
        clientNames[i] = ClientNames.displayName(name)
        namedClient = Client(id: clientStrings[i], name: clientNames[i])
    }

    /// The client record the row just validated yields (its client named for the first time), once.
    mutating func takeNamedClient() -> Client? {
        defer { namedClient = nil }
        return namedClient
    }

    /// Notes the derived session id of the first row, for `identityNotes`.
    private mutating func noteDerivedSession(line: Int, id: String, kind: RecordKind) {
        if currentRow >= 0 && firstDerivedSession == nil { firstDerivedSession = (line, id, kind) }
    }

    /// One warning each: how session ids and client ids were derived, and the names that may be
    /// one person written two ways or two people with one name (docs/import.md).
    func identityNotes(file: String, lineWord: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        if let t = firstUnzonedTime {
            out.append(Diagnostic(file: file, line: t.line, field: "date", value: t.text, rule: .timeZone,
                message: "times are written in UTC or with a UTC offset, and no clinic time zone is set: days are kept as "
                    + "written, so a visit late in the evening may fall on the next day. Give --timezone Area/City "
                    + "(e.g. Europe/Warsaw) once: it is stored with the database",
                severity: .warning))
        }
        if let s = firstDerivedSession {
            let field = s.kind == .appointments ? "appointment_id" : "session_id"
            let what = s.kind.singular
            out.append(Diagnostic(file: file, line: s.line, field: field, rule: .derivedID,
                message: "the file has no \(field) column; each \(what)'s id is derived from its client, date and time "
                    + "(client@date#n), so importing the file again updates the same \(what)s",
                severity: .warning, kind: s.kind))
        }
        if let c = firstDerivedClient {
            // Names and ids derived from them stay off the terminal (docs/security.md): lines only.
            out.append(Diagnostic(file: file, line: c.line, field: "client_id", rule: .derivedID,
                message: "the file has no client id column; client ids are derived from the clients' names "
                    + "(and birth dates or e-mails, when given), so importing the file again keeps the same clients",
                severity: .warning))
        }
        let shared = looseOrder.compactMap { k -> [Int]? in
            guard let g = looseGroups[k], g.count > 1 else { return nil }
            return g
        }
        if !shared.isEmpty {
            let shown = shared.prefix(5).map { g in
                "\(lineWord)s " + g.map { clientFirstLine[$0].map(String.init) ?? "?" }.joined(separator: " and ")
            }
            let more = shared.count > 5 ? "; and \(shared.count - 5) more" : ""
            out.append(Diagnostic(file: file, line: nil, field: "client_id", rule: .sharedName,
                message: "\(shared.count) name\(shared.count == 1 ? "" : "s") may be one person written two ways, or two people "
                    + "with one name; they are kept as separate clients: " + shown.joined(separator: "; ") + more
                    + ". Correct the spelling, or give birth dates or e-mails, and import again",
                severity: .warning))
        }
        return out
    }

    private mutating func therapistID(_ row: Row, _ problems: inout [Problem]) -> String? {
        guard let (_, b) = get(row, .therapistID, &problems) else { return nil }
        let (i, isNew) = therapistIDs.intern(b)
        if isNew { therapistStrings.append(String(decoding: b, as: UTF8.self)) }
        return therapistStrings[i]
    }

    private mutating func word(_ row: Row, _ f: Field, _ problems: inout [Problem]) -> String? {
        guard let (_, b) = get(row, f, &problems) else { return nil }
        let (i, isNew) = words.intern(b)
        if isNew { wordStrings.append(String(decoding: b, as: UTF8.self)) }
        return wordStrings[i]
    }

    private mutating func list(_ row: Row, _ f: Field, _ problems: inout [Problem]) -> [String] {
        guard let (_, b) = get(row, f, &problems) else { return [] }
        let (i, isNew) = lists.intern(b)
        if isNew { listValues.append(ListField.split(String(decoding: b, as: UTF8.self))) }
        return listValues[i]
    }

    private mutating func date(_ row: Row, _ f: Field, required: Bool, allowFuture: Bool = false,
                      _ problems: inout [Problem]) -> (day: Day, minute: Int?)? {
        guard let (c, b) = get(row, f, &problems) else {
            if required && !hasBadType(row, f) { problems.append(missing(row, f, "a \(row.kind.singular)")) }
            return nil
        }
        let utc = f == .date && dateIsUTC
        if currentRow >= 0, firstUnzonedTime == nil, dates.clinicZone == nil, utc || Self.mayStateZone(b),
           utc || dates.parseWritten(b).offset != nil {
            firstUnzonedTime = (row.line, String(decoding: b, as: UTF8.self))
        }
        switch dates.parse(b, assumeUTC: utc) {
        case .ok(let day, let minute):
            if day > today && !allowFuture {
                problems.append(problem(row, c, f, .futureDate, "\(row.text(c).trimmingCharacters()) is in the future (today is \(today.iso))"))
                return nil
            }
            return (day, minute)
        case .badLayout:
            problems.append(problem(row, c, f, .badDate, "\(row.text(c).trimmingCharacters()) is not a date in \(dates.expected)"))
        case .impossible:
            problems.append(problem(row, c, f, .impossibleDate, "\(row.text(c).trimmingCharacters()) is not a real date or time"))
        }
        return nil
    }

    enum NumberField {
        case absent
        case invalid
        case value(ParsedNumber, cell: Int)
    }

    private func number(_ row: Row, _ f: Field, _ problems: inout [Problem]) -> NumberField {
        guard let (c, b) = get(row, f, &problems) else { return hasBadType(row, f) ? .invalid : .absent }
        switch parseNumber(b, decimalComma: decimalComma, allowExponent: allowExponent) {
        case .success(let n): return .value(n, cell: c)
        case .failure(.notANumber):
            problems.append(problem(row, c, f, .notANumber, "\(row.text(c).trimmingCharacters()) is not a number"))
        case .failure(.decimalCommaNotAllowed):
            problems.append(problem(row, c, f, .notANumber,
                "\(row.text(c).trimmingCharacters()) is not a number (a decimal comma is accepted only in ;-separated files; write \(row.text(c).trimmingCharacters().replacingOccurrencesOfComma()))"))
        }
        return .invalid
    }

    enum ScoreField {
        case absent, invalid
        case value(Double)
        var value: Double? { if case .value(let v) = self { v } else { nil } }
    }

    /// A 0–10 score with at most one decimal.
    private func score(_ row: Row, _ f: Field, _ problems: inout [Problem]) -> ScoreField {
        // Not a plain number: maybe a form's answer (`7/10`, `7 - Severe`, a worded answer the
        // mapping values). A number's bytes hold no letter, `/` or space, so the check is one scan
        // and the number is parsed once, below.
        if let s = row.slot(f), s.type == .text, Self.mayBeAnswer(s.bytes),
           case .failure = parseNumber(s.bytes, decimalComma: decimalComma, allowExponent: allowExponent) {
            let text = String(decoding: s.bytes, as: UTF8.self)
            switch FormAnswer.read(text, field: f.name, mapping: mapping) {
            case .value(let v)?:
                guard (0...10).contains(v), (v * 10).rounded() == v * 10 else {
                    problems.append(problem(row, s.cell, f, .outOfRange, "\(text) gives \(v), which is not a 0–10 score with at most one decimal"))
                    return .invalid
                }
                return .value(v)
            case .otherScale(let top)?:
                problems.append(problem(row, s.cell, f, .outOfRange,
                    "\(text) is on a 0–\(top) scale, not 0–10; give its 0–10 value in the mapping file (\(f.name)[\(text)] = …)"))
                return .invalid
            case nil:
                break   // not an answer either: the number's own message below
            }
        }
        switch number(row, f, &problems) {
        case .absent: return .absent
        case .invalid: return .invalid
        case .value(let n, let c):
            if !(0...10).contains(n.value) {
                problems.append(problem(row, c, f, .outOfRange, "\(row.text(c).trimmingCharacters()) is outside 0–10"))
                return .invalid
            }
            if !n.atMostOneDecimal {
                problems.append(problem(row, c, f, .tooPrecise, "\(row.text(c).trimmingCharacters()) has more than one decimal"))
                return .invalid
            }
            return .value(n.value)
        }
    }

    /// True when `b` holds a byte no number has (a letter, `/`, a space): worth reading as an answer.
    @inline(__always)
    static func mayBeAnswer(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in b where c == 0x2F || c == 0x20 || c >= 0x41 { return true }
        return false
    }

    /// True when a date value may state a zone: ends with `Z`, or has `+`, `-` (after the date),
    /// `GMT` or `UTC` (letters at 0x47/0x55) past its 16th byte. Cheap, so rows without one are
    /// not parsed twice.
    @inline(__always)
    static func mayStateZone(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count > 16 else { return false }
        if b[b.count - 1] == UInt8(ascii: "Z") { return true }
        for i in 16..<b.count where b[i] == 0x2B || b[i] == 0x2D || b[i] == 0x47 || b[i] == 0x55 || b[i] == 0x67 || b[i] == 0x75 { return true }
        return false
    }

    private func reliefDays(_ row: Row, _ problems: inout [Problem]) -> ReliefDays? {
        guard let (c, b) = get(row, .reliefDays, &problems) else { return nil }
        if equalsIgnoringCase(b, "ongoing") { return .ongoing }
        switch parseNumber(b, decimalComma: decimalComma, allowExponent: allowExponent) {
        case .success(let n):
            if n.value < 0 {
                problems.append(problem(row, c, .reliefDays, .badReliefDays, "\(row.text(c).trimmingCharacters()) is negative; relief_days is a number of days (0 or more) or ongoing"))
                return nil
            }
            return .days(n.value)
        case .failure:
            problems.append(problem(row, c, .reliefDays, .badReliefDays, "\(row.text(c).trimmingCharacters()) is neither a number of days nor ongoing"))
            return nil
        }
    }

    /// The index of a closed-vocabulary value in `allowed`; case, spaces and underscores are
    /// forgiven (`Office worker` → `office-worker`). Looked up by bytes, decided once per distinct spelling.
    private mutating func vocabulary(_ row: Row, _ f: Field, _ allowed: [String], _ problems: inout [Problem]) -> Int? {
        guard let (c, b) = get(row, f, &problems) else { return nil }
        let v = f == .kind ? 0 : f == .pressure ? 1 : 2
        let (i, isNew) = vocabularySpellings[v].intern(b)
        if isNew {
            var s = ""
            s.reserveCapacity(b.count)
            for var u in b {
                if u >= 65 && u <= 90 { u += 32 }
                if u == 0x20 || u == 0x5F { u = 0x2D }
                s.unicodeScalars.append(Unicode.Scalar(u))
            }
            vocabularyCase[v].append(allowed.firstIndex(of: s) ?? -1)
        }
        let k = vocabularyCase[v][i]
        if k >= 0 { return k }
        problems.append(problem(row, c, f, .unknownValue,
                                "\(row.text(c).trimmingCharacters()) is not one of \(allowed.joined(separator: ", "))"))
        return nil
    }

    /// Per vocabulary (kind, pressure, segment): spellings seen, and the case each means (-1: none).
    private var vocabularySpellings = [ByteInterner(capacity: 16), ByteInterner(capacity: 16), ByteInterner(capacity: 16)]
    private var vocabularyCase: [[Int]] = [[], [], []]

    private func previousSessionDay(client: Int, before day: Day) -> Day? {
        guard firstPassDone, client < clientDays.count else { return nil }
        let days = clientDays[client]
        let target = Int32(truncatingIfNeeded: day.ordinal)
        var lo = 0, hi = days.count   // first index with days[i] >= target
        while lo < hi {
            let mid = (lo + hi) / 2
            if days[mid] < target { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? Day(ordinal: Int(days[lo - 1])) : nil
    }
}

extension RecordKind {
    var hashSeed: UInt64 {
        switch self {
        case .sessions: 0x51
        case .clients: 0xC1
        case .therapists: 0x7E
        case .checkins: 0xC4
        case .appointments: 0xA7
        }
    }
}

extension String {
    fileprivate func replacingOccurrencesOfComma() -> String { String(map { $0 == "," ? "." : $0 }) }
}

/// The closed vocabularies, as arrays built once.
enum Vocabulary {
    static let kinds = SessionKind.allCases
    static let kindNames = kinds.map(\.rawValue)
    static let pressures = Pressure.allCases
    static let pressureNames = pressures.map(\.rawValue)
    static let segments = Segment.allCases
    static let segmentNames = segments.map(\.rawValue)
}
