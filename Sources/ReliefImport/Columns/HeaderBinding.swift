import ReliefModel
/// Which column holds which field, for one kind: the result of reading a header.
struct HeaderBinding {
    var kind: RecordKind
    /// Column index for each `Field.rawValue`, then for each `IdentityField` (its `slot`), or -1.
    var fieldColumn: [Int32]
    /// Header names that map to no field of the kind.
    var ignored: [String]
    /// The date column's header says its times are UTC (`Submit Date (UTC)`, Typeform's).
    var dateIsUTC = false
    /// The practice system's export the file was read as, and whether its header named it.
    var preset: ImportPreset? = nil
    var presetRecognised = false

    /// True when the file has no session_id column: session ids are derived (docs/import.md).
    var derivesIDs: Bool { fieldColumn[IdentityField.derivedSessionIDs.slot] >= 0 }
    /// The header names client ids are derived from, when the file has no client_id column.
    var clientNameColumns: [Int] {
        guard fieldColumn[Field.clientID.rawValue] < 0 else { return [] }
        var slots = [IdentityField.clientName.slot, IdentityField.firstName.slot, IdentityField.lastName.slot]
        if kind == .clients { slots.insert(Field.name.rawValue, at: 0) }
        return slots.map { Int(fieldColumn[$0]) }.filter { $0 >= 0 }
    }

    /// The field a header name means for `kind`: the mapping first, then the aliases.
    static func field(for header: String, kind: RecordKind, mapping: ColumnMapping?) -> Field? {
        let n = HeaderAliases.normalizedHeader(header)
        if mapping?.ignores(normalizedHeader: n) == true { return nil }
        if let f = mapping?.field(forNormalizedHeader: n), kind.columns.contains(f) { return f }
        if mapping?.identity(forNormalizedHeader: n) != nil { return nil }
        if let target = mapping?.ruleTarget(forHeader: header) {
            if let f = Field(canonical: target), kind.columns.contains(f) { return f }
            return nil
        }
        return HeaderAliases.table[kind]?[n]
    }

    /// The identity column a header name means for `kind` (a client's name, e-mail, birth date).
    static func identity(for header: String, kind: RecordKind, mapping: ColumnMapping?) -> IdentityField? {
        let n = HeaderAliases.normalizedHeader(header)
        if mapping?.field(forNormalizedHeader: n) != nil || mapping?.ignores(normalizedHeader: n) == true { return nil }
        if let f = mapping?.identity(forNormalizedHeader: n) ?? mapping?.ruleTarget(forHeader: header).flatMap(IdentityField.init(canonical:)) {
            return kind == .clients && f == .clientName ? nil : (kind == .therapists ? nil : f)
        }
        if mapping?.ruleTarget(forHeader: header) != nil { return nil }
        if HeaderAliases.table[kind]?[n] != nil { return nil }
        return HeaderAliases.identityTable[kind]?[n]
    }

    /// Columns of `header` for each field of `kind`.
    static func columns(_ kind: RecordKind, header: [String], mapping: ColumnMapping?) -> [Field: [Int]] {
        var m: [Field: [Int]] = [:]
        for (i, h) in header.enumerated() {
            if let f = field(for: h, kind: kind, mapping: mapping) { m[f, default: []].append(i) }
            else if kind == .clients, let mapped = mapping?.identity(forNormalizedHeader: HeaderAliases.normalizedHeader(h)),
                    mapped == .clientName {
                m[.name, default: []].append(i)
            }
        }
        return m
    }

    /// Columns of `header` for each identity column of `kind`.
    static func identityColumns(_ kind: RecordKind, header: [String], mapping: ColumnMapping?) -> [IdentityField: [Int]] {
        var m: [IdentityField: [Int]] = [:]
        for (i, h) in header.enumerated() {
            if let f = identity(for: h, kind: kind, mapping: mapping) { m[f, default: []].append(i) }
        }
        return m
    }

    /// The kind a set of column names (or JSON keys) suggests, by the rules of `bind`; nil when none fits.
    static func detectKind(header: [String], mapping: ColumnMapping?) -> RecordKind? {
        let s = columns(.sessions, header: header, mapping: mapping)
        let c = columns(.checkins, header: header, mapping: mapping)
        // An appointment list: a date and something only appointments have (a service, an end
        // time, an attendance column; a bare `Status` is too generic to decide it), and no score.
        let a = columns(.appointments, header: header, mapping: mapping)
        let scored = s[.painBefore] != nil || s[.painAfter] != nil || c[.pain] != nil || s[.sleepQuality] != nil
            || s[.mood] != nil || s[.stress] != nil || s[.reliefDays] != nil
        let attendance = a[.status]?.contains { !HeaderAliases.generic.contains(HeaderAliases.normalizedHeader(header[$0])) } ?? false
        if !scored, a[.date] != nil, attendance || a[.service] != nil || a[.end] != nil { return .appointments }
        if s[.sessionID] != nil { return .sessions }
        if c[.clientID] != nil && c[.date] != nil && c[.pain] != nil { return .checkins }
        if c[.date] != nil || c[.pain] != nil || s[.painBefore] != nil { return s.count >= c.count ? .sessions : .checkins }
        let k = columns(.clients, header: header, mapping: mapping)
        if k[.clientID] != nil { return .clients }
        if columns(.therapists, header: header, mapping: mapping)[.therapistID] != nil { return .therapists }
        // A client list without ids: a name and something only a client list has.
        let ids = identityColumns(.clients, header: header, mapping: mapping)
        let named = k[.name] != nil || ids[.firstName] != nil || ids[.lastName] != nil
        let clientOnly = ids[.email] != nil || ids[.birthDate] != nil || k[.segment] != nil || k[.complaint] != nil
            || k[.intakeDate] != nil
        if named && clientOnly { return .clients }
        return nil
    }

    /// Binds a header with the read's options: its preset (given, or recognised from the header
    /// when no mapping is given) under its mapping, then `bind(header:kind:mapping:file:scoresFromNotes:)`.
    static func bind(header: [String], options: ImportOptions, file: String) throws(ImportError) -> HeaderBinding {
        var preset = options.preset
        var recognised = false
        if preset == nil, options.mapping == nil, options.kind == nil, let p = ImportPreset.recognise(header: header) {
            preset = p
            recognised = true
        }
        let mapping = preset.map { ImportPreset.merged($0, options.mapping) } ?? options.mapping
        var b = try bind(header: header, kind: options.kind ?? preset?.kind, mapping: mapping, file: file,
                         scoresFromNotes: options.scoresFromNotes, mergingByDay: options.storedSessionsPerDay != nil)
        b.preset = preset
        b.presetRecognised = recognised
        return b
    }

    /// Detects the kind (unless given) and binds columns to fields.
    ///
    /// Detection: a `session_id` column makes a session file; `client_id`, `date` and
    /// `pain` a check-in file; otherwise `client_id` a client file and `therapist_id`
    /// a therapist file (or a client's name with an e-mail, birth date, segment, complaint or
    /// intake date, a client file without ids). A header with a date or pain column that fits
    /// neither of the first two is refused naming the missing column, rather than read as clients.
    ///
    /// Ids may be missing (docs/import.md, "Files without ids"): a session file without a
    /// session_id column derives its session ids, and one whose client is named (`Client name`,
    /// `First name` + `Last name`; a bare `Client`, `Patient` or `Customer` column when the file
    /// has no session_id column) derives client ids from the names.
    ///
    /// Merging by day, a session file with another score needs no pain_before column either.
    /// With `scoresFromNotes`, a session file with a notes column needs no pain_before column:
    /// its scores may come from the notes (each row without one is then rejected on its own).
    ///
    /// - Throws: `ImportError.unknownHeader` or `.duplicateColumn`.
    static func bind(header: [String], kind given: RecordKind?, mapping: ColumnMapping?, file: String,
                     scoresFromNotes: Bool = false, mergingByDay: Bool = false) throws(ImportError) -> HeaderBinding {
        guard let kind = given ?? detectKind(header: header, mapping: mapping) else {
            throw .unknownHeader(file: file, kind: nil, missing: [], found: header)
        }
        var m = columns(kind, header: header, mapping: mapping)
        var ids = identityColumns(kind, header: header, mapping: mapping)
        let derivesSessions = (kind == .sessions && m[.sessionID] == nil) || (kind == .appointments && m[.appointmentID] == nil)
        if derivesSessions, let cols = m[.clientID], ids[.clientName] == nil, ids[.firstName] == nil, ids[.lastName] == nil {
            // Without session ids the file is a hand-kept sheet or an appointment list, whose
            // bare `Client` column holds names (a mapping saying client_id wins).
            let bare = cols.filter { c in
                let n = HeaderAliases.normalizedHeader(header[c])
                return HeaderAliases.bareClient.contains(n) && mapping?.field(forNormalizedHeader: n) == nil
            }
            if !bare.isEmpty && bare.count == cols.count {
                ids[.clientName] = bare
                m[.clientID] = nil
            }
        }
        let named = ids[.clientName] != nil || ids[.firstName] != nil || ids[.lastName] != nil
            || (kind == .clients && m[.name] != nil)
        var missing: [String] = []
        for f in kind.required where m[f] == nil {
            if (f == .sessionID || f == .appointmentID) && derivesSessions { continue }
            if f == .clientID && named { continue }
            if f == .painBefore && scoresFromNotes && m[.notes] != nil { continue }
            // Merging by day, a post-session form adds its scores to the stored session.
            if f == .painBefore && mergingByDay && (m[.painAfter] != nil || m[.sleepQuality] != nil || m[.mood] != nil || m[.stress] != nil) { continue }
            missing.append(f == .clientID && kind != .clients ? "client_id (or the client's name)" : f.name)
        }
        if kind == .clients && m[.clientID] == nil && !named { missing = ["client_id (or the client's name)"] }
        if !missing.isEmpty {
            throw .unknownHeader(file: file, kind: kind, missing: missing, found: header)
        }
        var fieldColumn = [Int32](repeating: -1, count: FieldMap.slots)
        for (f, cols) in m {
            if cols.count > 1 {
                throw .duplicateColumn(file: file, field: f.name, columns: cols.map { header[$0] })
            }
            fieldColumn[f.rawValue] = Int32(cols[0])
        }
        for (f, cols) in ids {
            if cols.count > 1 {
                throw .duplicateColumn(file: file, field: f.name, columns: cols.map { header[$0] })
            }
            fieldColumn[f.slot] = Int32(cols[0])
        }
        if derivesSessions { fieldColumn[IdentityField.derivedSessionIDs.slot] = 0 }
        let dateIsUTC = m[.date].map { header[$0[0]].lowercased().contains("utc") } ?? false
        let used = Set(fieldColumn.indices.filter { $0 != IdentityField.derivedSessionIDs.slot && fieldColumn[$0] >= 0 }
            .map { Int(fieldColumn[$0]) })
        let ignored = header.indices.filter { !used.contains($0) }.map { header[$0] }
        var binding = HeaderBinding(kind: kind, fieldColumn: fieldColumn, ignored: ignored)
        binding.dateIsUTC = dateIsUTC
        return binding
    }
}
