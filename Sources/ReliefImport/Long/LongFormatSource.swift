import ReliefModel

/// Reads a long-format measure file (`relief import --long`): one row per client, date, measure
/// and value — a symptom-diary app's export, a REDCap flat file, a health record's
/// `observations.csv` — and pivots the rows of each client and day into one record: a check-in
/// (the default), or a session with `--kind sessions`.
///
/// Measures are read by name or code: pain (`pain`, `pain level`, `NPRS`, LOINC 72514-3, SNOMED CT
/// 225908003; in a session file `pain before` / `pain after` too), sleep, mood and stress, and any
/// name a mapping file gives (`pain = measure: Back pain`). A value on 0–100 (`unit` 0-100, `/100`,
/// `%`) is divided by 10 and flagged; any other measure (a T-score, NDI, steps …) is never read as a
/// 0–10 score: its rows are counted, one warning per measure (how many rows, the first line), so
/// every row is accounted for: `measureRows` = the rows that formed records + the other measures' rows.
struct LongFormatSource: BuiltRowSource {
    private(set) var rows: [BuiltRow] = []
    /// Measure rows read (the file's own rows), and how many became part of a record.
    private(set) var measureRows = 0
    private(set) var rescaled: [(line: Int, text: String)] = []
    /// Rows of measures Relief does not read, by measure, in order first seen: not records, so not
    /// in `read`; each measure is one warning with its count and first line.
    private(set) var otherMeasures: [(measure: String, unit: String, rows: Int, firstLine: Int)] = []
    private(set) var ignored: [String] = []
    var index = 0
    let names = NameTable()
    var header: [String] = []
    var delimiterText: String? { nil }
    var blankLines: Int { 0 }

    enum Column: CaseIterable { case client, clientName, date, measure, value, unit, code }

    /// Header names of each column, best first (a file with `DESCRIPTION` and `CATEGORY` names its
    /// measure in the first; Bearable's has `category` alone).
    static let columnNames: [Column: [String]] = [
        .client: ["clientid", "client", "patientid", "patient", "recordid", "subjectid", "participantid", "userid"],
        .clientName: ["clientname", "patientname", "name", "fullname"],
        .date: ["date", "datetime", "dateformatted", "timestamp", "effectivedate", "observationdate", "entrydate", "day"],
        .measure: ["measure", "measurename", "description", "item", "variable", "question", "symptom", "metric", "category"],
        .value: ["value", "ratingamount", "rating", "score", "result", "amount", "level"],
        .unit: ["unit", "units", "scale"],
        .code: ["code", "loinc", "measurecode"],
    ]

    /// Score fields by measure name (normalised: lower case, letters and digits) or code.
    static func field(measure: String, code: String?, kind: RecordKind, mapping: ColumnMapping?) -> Field? {
        let n = HeaderAliases.normalizedHeader(measure)
        if let target = mapping?.measureNames[n], let f = Field(canonical: target) { return f }
        if let code, [FHIRCodes.pain, FHIRCodes.painSNOMED].contains(code.trimmingCharacters()) {
            return kind == .sessions ? .painBefore : .pain
        }
        switch n {
        case "pain", "painlevel", "painscore", "painintensity", "nprs", "nrs", "currentpain", "painnow":
            return kind == .sessions ? .painBefore : .pain
        case "painbefore", "painpre", "prepain", "painbeforesession": return kind == .sessions ? .painBefore : nil
        case "painafter", "painpost", "postpain", "painaftersession": return kind == .sessions ? .painAfter : nil
        case "sleep", "sleepquality", "sleepscore": return .sleepQuality
        case "mood", "moodscore": return .mood
        case "stress", "stresslevel", "stressscore": return .stress
        default: return nil
        }
    }

    init(file: MappedFile, path: String, options: ImportOptions) throws(ImportError) {
        let kind = options.kind ?? .checkins
        guard kind == .checkins || kind == .sessions else {
            throw .unsupported(file: path, line: 1, reason: "a long-format file pivots into check-ins or sessions, not \(kind.rawValue)")
        }
        var start = 0
        if file.count >= 3 && file.base[0] == 0xEF && file.base[1] == 0xBB && file.base[2] == 0xBF { start = 3 }
        let delimiter = CSVSource.detectDelimiter(file.base, from: start, count: file.count)
        let stops = ByteTable([delimiter, 0x0A, 0x0D])
        var pos = start, line = 1, blanks = 0
        var row = Row(names: NameTable())
        var table: [(line: Int, cells: [String])] = []
        while try CSVSource.scan(file, path, options.limits, delimiter, stops, &pos, &line, &row, &blanks) {
            if row.cells.allEmpty { continue }
            table.append((row.position.line, row.cells.indices.map { row.text($0).trimmingCharacters() }))
        }
        guard let first = table.first else { throw .empty(file: path) }
        header = first.cells
        var at: [Column: Int] = [:]
        var rank: [Column: Int] = [:]
        for (i, h) in header.enumerated() {
            let n = HeaderAliases.normalizedHeader(h)
            if let mapped = options.mapping?.headers[n] {
                switch mapped {
                case Field.clientID.name: at[.client] = i; rank[.client] = -1
                case IdentityField.clientName.name: at[.clientName] = i; rank[.clientName] = -1
                case Field.date.name: at[.date] = i; rank[.date] = -1
                default: break
                }
                continue
            }
            for c in Column.allCases {
                guard let r = Self.columnNames[c]?.firstIndex(of: n), r < (rank[c] ?? Int.max) else { continue }
                at[c] = i
                rank[c] = r
                break
            }
        }
        guard at[.client] != nil || at[.clientName] != nil, let dateAt = at[.date], let measureAt = at[.measure] ?? at[.code],
              let valueAt = at[.value] else {
            throw .unsupported(file: path, line: first.line, reason:
                "a long-format file needs a client (id or name), a date, a measure and a value column; found \(header.joined(separator: ", "))")
        }
        ignored = header.indices.filter { i in !at.values.contains(i) }.map { header[$0] }
        let dates = try DateParser(format: options.dateFormat, zone: options.timeZone)
        var groups: [String: Int] = [:]
        var order: [BuiltRow] = []
        for r in table.dropFirst() {
            measureRows += 1
            func cell(_ i: Int?) -> String? { i.flatMap { $0 < r.cells.count ? r.cells[$0] : nil }.flatMap { $0.isEmpty ? nil : $0 } }
            let measure = cell(measureAt) ?? ""
            let code = at[.code].flatMap(cell)
            let unit = at[.unit].flatMap(cell) ?? ""
            let client = cell(at[.client]), name = cell(at[.clientName])
            guard let f = Self.field(measure: measure, code: code, kind: kind, mapping: options.mapping) else {
                let key = measure.isEmpty ? (code ?? "(no measure)") : measure
                if let k = otherMeasures.firstIndex(where: { $0.measure == key }) {
                    otherMeasures[k].rows += 1
                } else {
                    otherMeasures.append((key, unit, 1, r.line))
                }
                continue
            }
            var value = cell(valueAt) ?? ""
            let per100 = ["0100", "100", "percent"].contains(HeaderAliases.normalizedHeader(unit)) || unit == "%"
            if per100, let v = Double(value) {
                value = NumberText.format(v / 10)
                rescaled.append((r.line, "\(measure) \(cell(valueAt) ?? "") \(unit)"))
            }
            // Rows of one day form one record, whatever their times; a bad date is kept as written
            // for the validator to name.
            let dateText = cell(dateAt) ?? ""
            var day = dateText
            if case .ok(let d, _) = Array(dateText.utf8).withUnsafeBufferPointer({ dates.parse($0) }) { day = d.iso }
            let key = (client ?? "") + "\u{1F}" + (name ?? "") + "\u{1F}" + day
            var g: Int
            if let existing = groups[key] {
                g = existing
            } else {
                var b = BuiltRow(kind: kind, line: r.line)
                if let client { b.add(.clientID, header[at[.client]!], client, line: r.line) }
                if let name { b.identity.append((.clientName, header[at[.clientName]!], name, r.line)) }
                b.add(.date, header[dateAt], day, line: r.line)
                if kind == .checkins { b.add(.source, "source", "long-format", line: r.line) }
                b.derivesIDs = kind == .sessions
                order.append(b)
                g = order.count - 1
                groups[key] = g
            }
            order[g].add(f, measure.isEmpty ? (code ?? header[valueAt]) : measure, value, line: r.line)
        }
        rows = order
    }

}
