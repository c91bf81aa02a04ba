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
        if let f = mapping?.field(forNormalizedHeader: n), kind.fields.contains(f) { return f }
        return HeaderAliases.table[kind]?[n]
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
        func columns(_ kind: RecordKind) -> [Field: [Int]] {
            var m: [Field: [Int]] = [:]
            for (i, h) in header.enumerated() {
                if let f = field(for: h, kind: kind, mapping: mapping) { m[f, default: []].append(i) }
            }
            return m
        }
        let kind: RecordKind
        if let given {
            kind = given
        } else {
            let s = columns(.sessions), c = columns(.checkins)
            if s[.sessionID] != nil {
                kind = .sessions
            } else if c[.clientID] != nil && c[.date] != nil && c[.pain] != nil {
                kind = .checkins
            } else if c[.date] != nil || c[.pain] != nil || s[.painBefore] != nil {
                kind = s.count >= c.count ? .sessions : .checkins
            } else if columns(.clients)[.clientID] != nil {
                kind = .clients
            } else if columns(.therapists)[.therapistID] != nil {
                kind = .therapists
            } else {
                throw .unknownHeader(file: file, kind: nil, missing: [], found: header)
            }
        }
        let m = columns(kind)
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
