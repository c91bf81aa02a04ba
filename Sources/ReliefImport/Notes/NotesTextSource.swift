import ReliefModel

/// Reads therapists' notes kept as plain text (`.txt`, e.g. `pdftotext` of a notes PDF): one or
/// more notes, each a block of header lines naming the client and the date, then the note's text.
///
/// ```text
/// Client: Anna Kowalska        Date: 2026-10-03
/// Therapist: t1
/// S: neck pain 6/10 since Monday …
/// A: pain reduced to 2/10 post-session.
///
/// Client: Ben Okafor
/// Date: 2026-10-04
/// …
/// ```
///
/// A header line is one or more `Label: value` pairs (separated by a tab or two spaces) whose
/// labels are session columns in any spelling `relief import` accepts for a column header
/// (`Client`, `Patient`, `Client ID`, `Date of service`, `DOS`, `Therapist`, `Technique` …), or a
/// client's identity (`Name`, `DOB`, `Email`). A note's text is every other line until the next
/// note; a client or date line that names a client or date the note already has starts the
/// next note. Scores are read from the text (`NoteFiller`), never from a score label. Each note is
/// one session row, named by the line of its first header; lines before the first note are
/// counted in a warning, never dropped silently.
struct NotesTextSource: BuiltRowSource {
    private(set) var rows: [BuiltRow] = []
    /// Lines before the first note's header that hold text: (first line, last line).
    private(set) var preamble: (first: Int, last: Int)?
    private(set) var ignored: [String] = []
    var index = 0
    let names = NameTable()
    var header: [String] { names.names }
    var delimiterText: String? { nil }
    var blankLines: Int { 0 }

    /// What a header label means.
    enum Label: Equatable {
        case field(Field)
        case identity(IdentityField)
    }

    /// Session columns a note header may give; scores and notes come from the text itself.
    static let headerFields: Set<Field> = [.sessionID, .clientID, .therapistID, .date, .durationMin, .kind, .technique,
                                           .pressure, .regions]

    static func label(_ text: Substring) -> Label? {
        let n = HeaderAliases.normalizedHeader(text)
        if n.isEmpty { return nil }
        if HeaderAliases.bareClient.contains(n) { return .identity(.clientName) }
        if let f = HeaderAliases.identityTable[.sessions]?[n] { return .identity(f) }
        if let f = HeaderAliases.table[.sessions]?[n], headerFields.contains(f) { return .field(f) }
        return nil
    }

    init(text: String) {
        // A form feed (pdftotext's page break) starts a page, not a line: it is whitespace here.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        var current: Note?
        var ignoredLabels: [String] = []
        for (k, line) in lines.enumerated() {
            let number = k + 1
            let pairs = Self.pairs(line)
            let known = pairs.compactMap { p in Self.label(p.label).map { (p, $0) } }
            // A header line: every pair's label known, or (above a note's text) at least one.
            if !known.isEmpty && (known.count == pairs.count || current?.bodyStarted != true) {
                for p in pairs where Self.label(p.label) == nil { ignoredLabels.append(String(p.label)) }
                let startsNote = current == nil || known.contains { current!.conflicts(with: $0.1) }
                    || (current!.bodyStarted && known.contains { $0.1 == .identity(.clientName) || $0.1 == .field(.clientID) })
                if startsNote {
                    if let c = current { rows.append(c.row()) }
                    current = Note(line: number)
                }
                for (p, label) in known { current!.set(label, String(p.label), String(p.value), line: number) }
            } else if current != nil {
                current!.append(line, line: number)
            } else if !line.allSatisfy(\.isWhitespace) {
                preamble = (preamble?.first ?? number, number)
            }
        }
        if let c = current { rows.append(c.row()) }
        var seen = Set<String>()
        ignored = ignoredLabels.filter { seen.insert($0).inserted }
    }

    /// True when one of the first 20 lines with text (within the first 4 KiB) is a note header:
    /// `Label: value` pairs, one of them a client or a date (`Client: Anna Kowalska`,
    /// `Date of service: 2026-10-03`), as a letterhead may come first.
    static func looksLikeNotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        let head = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(bytes.count, start + 4096)]), as: UTF8.self)
        let lines = head.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .filter { !$0.allSatisfy(\.isWhitespace) }.prefix(20)
        return lines.contains { line in
            pairs(line).contains { p in
                switch label(p.label) {
                case .identity(.clientName)?, .field(.clientID)?, .field(.date)?: true
                default: false
                }
            }
        }
    }

    /// `Label: value` pairs of a line, split at tabs and runs of two or more spaces; empty when any
    /// part of the line is not such a pair (then the line is text).
    static func pairs(_ line: Substring) -> [(label: Substring, value: Substring)] {
        var parts: [Substring] = []
        var start = line.startIndex, i = line.startIndex, spaces = 0
        while i < line.endIndex {
            let c = line[i]
            if c == "\t" || (c == " " && spaces >= 1) {
                let end = line.index(i, offsetBy: c == "\t" ? 0 : -1)
                if start < end { parts.append(line[start..<end]) }
                while i < line.endIndex, line[i] == " " || line[i] == "\t" { i = line.index(after: i) }
                start = i
                spaces = 0
                continue
            }
            spaces = c == " " ? spaces + 1 : 0
            i = line.index(after: i)
        }
        if start < line.endIndex { parts.append(line[start...]) }
        var out: [(Substring, Substring)] = []
        for part in parts.map({ $0.trimmingWhitespace() }) where !part.isEmpty {
            guard let colon = part.firstIndex(of: ":") else { return [] }
            let label = part[..<colon].trimmingWhitespace(), value = part[part.index(after: colon)...].trimmingWhitespace()
            guard !label.isEmpty, label.count <= 40, !value.isEmpty else { return [] }
            out.append((label, value))
        }
        return out
    }

    /// One note as it is read: its header values and its text lines.
    struct Note {
        var line: Int
        var labels: [Label] = []
        var built: BuiltRow
        var body: [Substring] = []
        var bodyLine = 0
        var bodyStarted: Bool { body.contains { !$0.allSatisfy(\.isWhitespace) } }

        init(line: Int) {
            self.line = line
            built = BuiltRow(kind: .sessions, line: line)
        }

        /// True when the note already has a value for this label's field.
        func conflicts(with label: Label) -> Bool { labels.contains(label) }

        mutating func set(_ label: Label, _ text: String, _ value: String, line: Int) {
            labels.append(label)
            switch label {
            case .field(let f): built.add(f, text, value, line: line)
            case .identity(let f): built.identity.append((f, text, value, line))
            }
        }

        mutating func append(_ text: Substring, line: Int) {
            if !bodyStarted && text.allSatisfy(\.isWhitespace) { return }
            if body.isEmpty { bodyLine = line }
            body.append(text)
        }

        /// The session row: header cells, the text as `notes`, derived ids where none are given.
        func row() -> BuiltRow {
            var r = built
            var lines = body
            while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
            if !lines.isEmpty { r.add(.notes, "text", lines.joined(separator: "\n"), line: bodyLine) }
            r.derivesIDs = !labels.contains(.field(.sessionID))
            // A note without a client or a date is rejected by the validator ("date: missing").
            if lines.isEmpty {
                r.problems.append(("text", line, .required, "the note has no text below its header lines"))
            }
            return r
        }
    }

}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return s
    }
}
