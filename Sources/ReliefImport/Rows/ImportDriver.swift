import ReliefModel

/// Reads a row source in passes and accounts for every row.
///
/// 1. **Index pass.** Hashes each row's identifying fields (session_id …) into a
///    set of 64-bit hashes, noting the hashes seen twice; remembers each client's
///    session days for the relief-duration check, and each session row's client index (4
///    bytes a row, so pass 3 need not look the id up again). Nothing else is kept per row.
/// 2. **Duplicate pass** (only when pass 1 saw a hash twice). Re-reads just the rows
///    with such a hash, compares their exact ids (so a hash collision costs time,
///    never a wrong answer) and their content, and decides each: keep the first of
///    identical rows and skip the rest, or reject every row of an id whose rows differ.
/// 3. **Main pass.** Validates each row and hands accepted records to the sink in file order.
///
/// Deciding conflicts before the sink sees anything keeps the sink contract to a
/// single `accept`: no record is ever retracted. The cost is one extra scan of the
/// bytes (tokenising, client ids and dates).
///
/// With `optimistic` (`ImportOptions.optimistic`) passes 1 and 2 are skipped: pass 3 runs
/// alone and watches for what it cannot decide without them (a repeated id; a relief_days
/// that rows still unread could make too long), throwing `ImportError.needsFullRead` at
/// the first; the caller then discards its sink's records and reads again in full.
struct ImportDriver<Source: RowSource> {
    var source: Source
    var validator: RowValidator
    let file: String
    let format: FileFormat
    let limits: ImportLimits
    var optimistic = false

    private enum Decision {
        case keep
        case duplicate(of: Int, key: String)
        case conflict(lines: [Int], field: String, key: String)
    }

    mutating func run<S: RecordSink>(into sink: inout S) throws(ImportError) -> ReadSummary {
        var summary = ReadSummary(file: file, format: format)
        var row = Row(names: source.names)

        // Pass 1: ids seen more than once; session days per client.
        var seen = HashSet64(capacity: 4096)
        var repeated = HashSet64(capacity: 16)
        var n = 0
        while !optimistic, try source.next(into: &row) {
            n += 1
            if n & 0xFFF == 0 { source.releaseBehind() }
            if row.problem != nil { continue }
            if let h = validator.keyHash(row), !seen.insert(h) { _ = repeated.insert(h) }
            if row.kind == .sessions { validator.noteSession(row, ordinal: n - 1) }
        }
        seen = HashSet64(capacity: 0)
        if !optimistic { validator.finishFirstPass() }

        // Pass 2: decide repeated ids.
        var decisions: [Int: Decision] = [:]
        if repeated.count > 0 {
            try source.rewind()
            var groups: [UInt64: [RowPosition]] = [:]
            while try source.next(into: &row) {
                if row.problem != nil { continue }
                if let h = validator.keyHash(row), repeated.contains(h) { groups[h, default: []].append(row.position) }
            }
            var other = Row(names: source.names)
            var ignored: [Problem] = []
            for (_, positions) in groups {
                var byKey: [[String]: [(line: Int, offset: Int, record: Record?, content: [String])]] = [:]
                var order: [[String]] = []
                for p in positions {
                    try source.read(at: p, into: &other)
                    let key = validator.keyText(other)
                    let record = validator.validate(other, problems: &ignored)
                    ignored.removeAll(keepingCapacity: true)
                    if byKey[key] == nil { order.append(key) }
                    byKey[key, default: []].append((p.line, p.offset, record, other.contentKey()))
                }
                for key in order {
                    guard let rows = byKey[key], rows.count > 1, let first = rows.first else { continue }
                    let allValid = rows.allSatisfy { $0.record != nil }
                    let same = allValid
                        ? rows.allSatisfy { $0.record == first.record }
                        : rows.allSatisfy { $0.content == first.content }
                    // A check-in's key is (client, day, source), after the name columns when the
                    // file names its clients; a name is not repeated in the message.
                    let isCheckIn = other.kind == .checkins && !other.derivesID && key.count >= 3
                    let k = Array(key.suffix(3))
                    let keyField = other.kind.keyFields.count == 1 ? other.kind.keyFields[0].name
                        : isCheckIn ? "client, day and source" : "content"
                    let keyShown = key.count == 1 ? key[0]
                        : isCheckIn ? "the check-in of " + (key.count > 3 ? "this client" : k[0]) + " on \(k[1])"
                            + (k[2].isEmpty ? "" : " (\(k[2]))") : ""
                    if same {
                        decisions[first.offset] = .keep
                        for r in rows.dropFirst() { decisions[r.offset] = .duplicate(of: first.line, key: keyShown) }
                    } else {
                        let lines = rows.map(\.line)
                        for r in rows { decisions[r.offset] = .conflict(lines: lines, field: keyField, key: keyShown) }
                    }
                }
            }
        }

        // Pass 3: validate and deliver.
        if optimistic { seen = HashSet64(capacity: 4096) } else { try source.rewind() }
        // A one-pass read into a sink that finds repeated session ids itself hashes only the
        // rejected session rows' ids (a repeat of one of them is met here; one accepted earlier
        // is the sink's to find).
        let sinkChecksSessions = optimistic && sink.checksRepeatedSessions
        var rejectedSessions = HashSet64(capacity: 16)
        var problems: [Problem] = []
        var kindsSeen = 0
        var acceptedByKind = [Int](repeating: 0, count: RecordKind.allCases.count)
        n = 0
        while try source.next(into: &row) {
            n += 1
            if n & 0xFFF == 0 { source.releaseBehind() }
            summary.read += 1
            let kindBit = 1 << row.kind.index
            if kindsSeen & kindBit == 0 { kindsSeen |= kindBit; summary.kinds.append(row.kind) }
            problems.removeAll(keepingCapacity: true)
            if let p = row.problem {
                problems.append(Problem(cell: nil, field: nil, rule: p.rule, message: p.message, value: nil))
                reject(row, problems, &summary)
                continue
            }
            var sessionKey: UInt64?
            if optimistic, let h = validator.keyHash(row) {
                if sinkChecksSessions && row.kind == .sessions {
                    if rejectedSessions.contains(h) { throw .needsFullRead(file: file, line: row.line) }
                    sessionKey = h
                } else if !seen.insert(h) {
                    throw .needsFullRead(file: file, line: row.line)
                }
            }
            if optimistic {
                if row.kind == .sessions, !validator.noteSessionInOrder(row, ordinal: n - 1) {
                    throw .needsFullRead(file: file, line: row.line)
                }
            } else if !decisions.isEmpty, let d = decisions[row.position.offset] {
                switch d {
                case .keep:
                    break
                case .duplicate(let firstLine, let key):
                    summary.duplicatesSkipped += 1
                    let isCheckIn = row.kind == .checkins || row.derivesID
                    let keyField = isCheckIn ? nil : row.kind.keyFields[0]
                    let column = keyField.flatMap { row.cellIndex($0) }.map { row.names[row.cells[$0].name] } ?? keyField?.name
                    note(Diagnostic(file: file, line: row.line, column: column, field: keyField?.name,
                                    value: key.isEmpty ? nil : key, rule: .duplicate,
                                    message: row.kind == .checkins && !row.derivesID
                                        ? "this check-in repeats \(lineWord) \(firstLine) (same client, day, source and scores); skipped"
                                        : "\(isCheckIn ? "this \(row.kind.singular)" : key) repeats \(lineWord) \(firstLine) exactly; skipped",
                                    severity: .warning, kind: row.kind), &summary)
                    continue
                case .conflict(let lines, let field, let key):
                    let others = lines.filter { $0 != row.line }.map(String.init)
                    let message = "\(key) is also on \(lineWord)\(others.count == 1 ? "" : "s") \(others.joined(separator: ", ")) "
                        + "with different content; \(lines.count == 2 ? "both" : "all \(lines.count)") rows with this \(field) are rejected (keep one and import again)"
                    let c = row.cellIndex(row.kind.keyFields[0])
                    problems.append(Problem(cell: c, field: row.kind.keyFields[0], rule: .conflict, message: message, value: key))
                    reject(row, problems, &summary)
                    continue
                }
            }
            validator.currentRow = n - 1
            let record = validator.validate(row, problems: &problems)
            for w in validator.rowWarnings {
                let column = w.cell.map { row.names[row.cells[$0].name] } ?? w.field?.name
                note(Diagnostic(file: file, line: row.line, column: column, field: w.field?.name, value: w.value,
                                rule: w.rule, message: w.message, severity: .warning, kind: row.kind), &summary)
            }
            validator.rowWarnings.removeAll(keepingCapacity: true)
            if let record {
                do {
                    if let client = validator.takeNamedClient() {
                        try sink.acceptNamedClient(client, line: row.line)
                        summary.namedClients += 1
                    }
                    try sink.accept(record, line: row.line)
                } catch {
                    throw .sinkFailed(file: file, line: row.line, underlying: error)
                }
                summary.accepted += 1
                acceptedByKind[row.kind.index] += 1
                if case .session(let s) = record { summary.scoresFromNotes += s.noteScores.count }
            } else {
                if let h = sessionKey {
                    _ = rejectedSessions.insert(h)
                    if !row.derivesID, let id = row.value(.sessionID) { sink.noteRejectedSession(id: String(decoding: id, as: UTF8.self)) }
                }
                reject(row, problems, &summary)
            }
        }
        validator.currentRow = -1
        summary.noteReview = validator.noteReview.map { NoteReviewRow(file: file, line: $0.line, cells: $0.cells) }
        for k in RecordKind.allCases where acceptedByKind[k.index] > 0 {
            summary.acceptedByKind[k.rawValue] = acceptedByKind[k.index]
        }
        summary.blankLines = source.blankLines
        summary.header = source.header
        summary.delimiter = source.delimiterText
        summary.ignoredColumns = source.ignored
        var notes = validator.identityNotes(file: file, lineWord: lineWord)
        if !source.ignored.isEmpty {
            let warnings = source.ignored.map { name in
                Diagnostic(file: file, line: format == .csv ? 1 : nil, column: name, rule: .unknownColumn,
                           message: "not a Relief field; ignored (rename it or map it to import it)", severity: .warning)
            }
            notes.insert(contentsOf: warnings, at: 0)
        }
        if !notes.isEmpty { summary.diagnostics.insert(contentsOf: notes, at: 0) }
        return summary
    }

    /// What a row's number counts: file lines, or a workbook's rows.
    private var lineWord: String { format == .xlsx ? "row" : "line" }

    private func reject(_ row: Row, _ problems: [Problem], _ summary: inout ReadSummary) {
        summary.rejected += 1
        let raw = row.rawFields()
        for p in problems {
            let cellLine = p.cell.map { Int(row.cells[$0].line) } ?? 0
            let column = p.cell.map { row.names[row.cells[$0].name] } ?? p.field?.name ?? p.fieldName
            note(Diagnostic(file: file, line: cellLine > 0 ? cellLine : row.line, column: column, field: p.field?.name ?? p.fieldName,
                            value: p.value, rule: p.rule, message: p.message, severity: .error, kind: row.kind,
                            row: raw), &summary)
        }
    }

    private func note(_ d: Diagnostic, _ summary: inout ReadSummary) {
        if summary.diagnostics.count < limits.maxDiagnostics {
            summary.diagnostics.append(d)
        } else {
            summary.diagnosticsOmitted += 1
        }
    }
}

extension RecordKind {
    /// 0…3, for arrays indexed by kind.
    var index: Int {
        switch self {
        case .sessions: 0
        case .clients: 1
        case .therapists: 2
        case .checkins: 3
        case .appointments: 4
        }
    }
}
