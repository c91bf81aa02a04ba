import ReliefFiles
import ReliefModel

/// Streams records out as CSV or JSON, de-identified when given a `Deidentifier`.
///
/// The output is what `relief import` reads back: CSV with data.md's canonical header for
/// one kind of record, or one JSON object with an array per kind
/// (`{"therapists": [...], "clients": [...], "sessions": [...], "checkins": [...]}`, one
/// record a line). De-identified output has no column at all for what was dropped (names,
/// notes, complaint, check-in source), not an empty one.
///
/// CSV cells are formula-neutralised (`CSVWriter.needsNeutralizing`): the file is meant
/// for spreadsheets, and a note or name starting with `=` must not run there.
///
/// Bytes reach `output` in chunks of about 64 KB, so a million sessions stream through.
///
/// ```swift
/// var w = ExportWriter(format: .json, deidentifier: nil) { bytes in out.append(contentsOf: bytes) }
/// try w.begin(.sessions)
/// try w.write(.session(s))
/// try w.finish()
/// ```
public struct ExportWriter {
    public let format: ExportFormat
    public let deidentifier: Deidentifier?
    /// Sessions carry a chain's `site` column (leave false for a single clinic: no column).
    public let sites: Bool
    private let output: ([UInt8]) throws -> Void
    private var buffer: [UInt8] = []
    private var kind: RecordKind?
    private var firstInSection = true
    private var sections = 0
    private var csv = CSVWriter(options: .init(neutralizeFormulas: true))

    public init(format: ExportFormat, deidentifier: Deidentifier?, sites: Bool = false,
                output: @escaping ([UInt8]) throws -> Void) {
        self.format = format
        self.deidentifier = deidentifier
        self.sites = sites
        self.output = output
    }

    /// The columns written for a kind, in data.md's order, less the dropped ones when
    /// de-identified, and less `site` unless `sites`.
    public static func columns(_ kind: RecordKind, deidentified: Bool, sites: Bool = false) -> [String] {
        let all = (sites ? kind.columns : kind.withoutSite).map(\.name)
        return deidentified ? all.filter { !droppedWhenDeidentified(kind).contains($0) } : all
    }

    /// The columns a de-identified export leaves out: names and free text.
    public static func droppedWhenDeidentified(_ kind: RecordKind) -> Set<String> {
        switch kind {
        case .sessions: [Column.notes.name]
        case .clients: [Column.name.name, Column.complaint.name]
        case .therapists: [Column.name.name]
        case .checkins: [Column.source.name]
        case .appointments: [Column.service.name]
        }
    }

    /// Starts the records of one kind: the CSV header, or the JSON array. A CSV export
    /// holds one kind only.
    /// - Throws: `ExportError.oneKindPerCSV` for a second kind in CSV; what `output` throws.
    public mutating func begin(_ kind: RecordKind) throws {
        switch format {
        case .csv:
            if let current = self.kind {
                guard current == kind else { throw ExportError.oneKindPerCSV(requested: [current, kind]) }
                return
            }
            csv.write(row: ExportWriter.columns(kind, deidentified: deidentifier != nil, sites: sites))
            buffer.append(contentsOf: csv.takeBytes())
        case .json:
            if self.kind == kind { return }
            append(sections == 0 ? "{\n" : "\n],\n")
            append(ExportWriter.quoted(kind.rawValue) + ": [")
            sections += 1
            firstInSection = true
        }
        self.kind = kind
        try flushIfLarge()
    }

    /// Writes one record (de-identified when the writer has a `Deidentifier`); begins its kind if needed.
    /// - Throws: as `begin`, and what `output` throws.
    public mutating func write(_ record: Record) throws {
        if kind != record.kind { try begin(record.kind) }
        let r = deidentifier.map { $0.apply(record) } ?? record
        let values = ExportWriter.values(r)
        let columns = ExportWriter.columns(record.kind, deidentified: deidentifier != nil, sites: sites)
        switch format {
        case .csv:
            csv.write(row: columns.map { values[$0]?.text ?? "" })
            buffer.append(contentsOf: csv.takeBytes())
        case .json:
            append(firstInSection ? "\n" : ",\n")
            firstInSection = false
            var first = true
            append("{")
            for c in columns {
                guard let v = values[c] else { continue }
                append((first ? "" : ", ") + ExportWriter.quoted(c) + ": " + v.json)
                first = false
            }
            append("}")
        }
        try flushIfLarge()
    }

    /// Closes the JSON object and hands over the last bytes.
    /// - Throws: what `output` throws.
    public mutating func finish() throws {
        if format == .json { append(sections == 0 ? "{}\n" : "\n]\n}\n") }
        if !buffer.isEmpty { try output(buffer); buffer.removeAll() }
    }

    // MARK: - Values

    enum Value {
        case text(String)
        case number(Double)
        case list([String])

        var text: String {
            switch self {
            case .text(let s): s
            case .number(let d): d.plainText
            case .list(let l): ListField.join(l)
            }
        }

        var json: String {
            switch self {
            case .text(let s): ExportWriter.quoted(s)
            case .number(let d): d.plainText
            case .list(let l): "[" + l.map(ExportWriter.quoted).joined(separator: ", ") + "]"
            }
        }
    }

    /// A record's present values by canonical column name.
    static func values(_ record: Record) -> [String: Value] {
        var v: [String: Value] = [:]
        func set(_ c: Column, _ s: String?) { if let s, !s.isEmpty { v[c.name] = .text(s) } }
        func set(_ c: Column, _ d: Double?) { if let d { v[c.name] = .number(d) } }
        func set(_ c: Column, _ l: [String]) { if !l.isEmpty { v[c.name] = .list(l) } }
        switch record {
        case .session(let s):
            set(.sessionID, s.id); set(.clientID, s.clientID); set(.therapistID, s.therapistID)
            set(.date, dateText(s.day, minute: s.minute))
            set(.durationMin, s.durationMinutes.map(Double.init))
            set(.kind, s.kind.rawValue); set(.technique, s.techniques); set(.pressure, s.pressure?.rawValue)
            set(.regions, s.regions); set(.painBefore, s.painBefore); set(.painAfter, s.painAfter)
            set(.sleepQuality, s.sleep); set(.mood, s.mood); set(.stress, s.stress)
            switch s.reliefDays {
            case .ongoing?: set(.reliefDays, "ongoing")
            case .days(let d)?: set(.reliefDays, d)
            case nil: break
            }
            set(.notes, s.notes); set(.site, s.site)
        case .client(let c):
            set(.clientID, c.id); set(.name, c.name); set(.segment, c.segment?.rawValue)
            set(.complaint, c.complaint); set(.regions, c.regions); set(.intakeDate, c.intakeDate?.iso)
            set(.therapistID, c.therapistID)
        case .therapist(let t):
            set(.therapistID, t.id); set(.name, t.name)
        case .checkIn(let c):
            set(.clientID, c.clientID); set(.date, c.day.iso); set(.pain, c.pain)
            set(.sleepQuality, c.sleep); set(.mood, c.mood); set(.stress, c.stress); set(.source, c.source)
        case .visitScores(let v):
            set(.clientID, v.clientID); set(.date, v.day.iso); set(.painAfter, v.painAfter)
            set(.sleepQuality, v.sleep); set(.mood, v.mood); set(.stress, v.stress)
        case .appointment(let a):
            set(.appointmentID, a.id); set(.clientID, a.clientID); set(.therapistID, a.therapistID)
            set(.date, dateText(a.day, minute: a.minute)); set(.durationMin, a.durationMinutes.map(Double.init))
            set(.service, a.service); set(.status, a.status.rawValue); set(.site, a.site)
        }
        return v
    }

    /// `2026-03-14`, or `2026-03-14T09:30` with a time.
    static func dateText(_ day: Day, minute: Int?) -> String {
        guard let minute else { return day.iso }
        let h = minute / 60, m = minute % 60
        return day.iso + "T" + (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    /// A JSON string literal: `"`, `\` and control characters escaped.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0x2029 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    // MARK: - Buffering

    private mutating func append(_ s: String) { buffer.append(contentsOf: s.utf8) }

    private mutating func flushIfLarge() throws {
        guard buffer.count >= 1 << 16 else { return }
        try output(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
