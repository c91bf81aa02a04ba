import ReliefModel
/// Which column holds which field, for one kind: the result of reading a header.
struct HeaderBinding {
    var kind: RecordKind
    /// Column index for each `Field.rawValue`, or -1.
    var fieldColumn: [Int32]
    /// Header names that map to no field of the kind.
    var ignored: [String]

    /// The field a header name means for `kind`: the mapping first, then the aliases.
    static func field(for header: String, kind: RecordKind, mapping: ColumnMapping?) -> Field? {
        let n = HeaderAliases.normalizedHeader(header)
        if let f = mapping?.field(forNormalizedHeader: n), kind.columns.contains(f) { return f }
        return HeaderAliases.table[kind]?[n]
    }

    /// Columns of `header` for each field of `kind`.
    static func columns(_ kind: RecordKind, header: [String], mapping: ColumnMapping?) -> [Field: [Int]] {
        var m: [Field: [Int]] = [:]
        for (i, h) in header.enumerated() {
            if let f = field(for: h, kind: kind, mapping: mapping) { m[f, default: []].append(i) }
        }
        return m
    }

    /// The kind a set of column names (or JSON keys) suggests, by the rules of `bind`; nil when none fits.
    static func detectKind(header: [String], mapping: ColumnMapping?) -> RecordKind? {
        let s = columns(.sessions, header: header, mapping: mapping)
        let c = columns(.checkins, header: header, mapping: mapping)
        if s[.sessionID] != nil { return .sessions }
        if c[.clientID] != nil && c[.date] != nil && c[.pain] != nil { return .checkins }
        if c[.date] != nil || c[.pain] != nil || s[.painBefore] != nil { return s.count >= c.count ? .sessions : .checkins }
        if columns(.clients, header: header, mapping: mapping)[.clientID] != nil { return .clients }
        if columns(.therapists, header: header, mapping: mapping)[.therapistID] != nil { return .therapists }
        return nil
    }

    /// Detects the kind (unless given) and binds columns to fields.
    ///
    /// Detection: a `session_id` column makes a session file; `client_id`, `date` and
    /// `pain` a check-in file; otherwise `client_id` a client file and `therapist_id`
    /// a therapist file. A header with a date or pain column that fits neither of the
    /// first two is refused naming the missing column, rather than read as clients.
    ///
    /// - Throws: `ImportError.unknownHeader` or `.duplicateColumn`.
    static func bind(header: [String], kind given: RecordKind?, mapping: ColumnMapping?, file: String)
        throws(ImportError) -> HeaderBinding {
        guard let kind = given ?? detectKind(header: header, mapping: mapping) else {
            throw .unknownHeader(file: file, kind: nil, missing: [], found: header)
        }
        let m = columns(kind, header: header, mapping: mapping)
        let missing = kind.required.filter { m[$0] == nil }
        if !missing.isEmpty {
            throw .unknownHeader(file: file, kind: kind, missing: missing.map(\.name), found: header)
        }
        var fieldColumn = [Int32](repeating: -1, count: Field.count)
        for (f, cols) in m {
            if cols.count > 1 {
                throw .duplicateColumn(file: file, field: f.name, columns: cols.map { header[$0] })
            }
            fieldColumn[f.rawValue] = Int32(cols[0])
        }
        let used = Set(fieldColumn.filter { $0 >= 0 }.map(Int.init))
        let ignored = header.indices.filter { !used.contains($0) }.map { header[$0] }
        return HeaderBinding(kind: kind, fieldColumn: fieldColumn, ignored: ignored)
    }
}
