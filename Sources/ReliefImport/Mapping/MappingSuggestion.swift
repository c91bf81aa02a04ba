import ReliefModel

/// `relief mapping suggest FILE`: reads a file's header and first rows and proposes a mapping
/// file (`ColumnMapping`'s format) with each guess explained in a comment. Nothing here is
/// used at import: the clinic reads the proposal, fixes it, and passes it to `--mapping`.
///
/// A header Relief already knows is written as an active line (it would be read that way
/// without a mapping too). A header that only *looks like* a field (`Pain level (start)`,
/// `How did you sleep?`) is an active line when its first values fit the field (0–10 for a
/// score), and commented out otherwise. Generic headers (`Id`, `Type`, `Status`) are never
/// taken: they are proposed in a comment, with their first values, for the clinic to decide.
public enum MappingSuggestion {
    /// A file's header and first rows, as text.
    public struct Sample: Sendable, Hashable {
        public var header: [String]
        public var rows: [[String]]
        public init(header: [String], rows: [[String]]) { self.header = header; self.rows = rows }
    }

    /// Reads the header and up to `rows` rows of a CSV file or a workbook's sheet.
    /// - Throws: `ImportError` (unreadable, invalid UTF-8, empty, a damaged workbook).
    public static func sample(path: String, sheet: String? = nil, rows: Int = 20) throws(ImportError) -> Sample {
        let file = try MappedFile(path: path)
        let head = UnsafeBufferPointer(start: file.base, count: file.count)
        let format = RecordReader.detectFormat(path: path, bytes: head)
        if format == .xlsx {
            if WorkbookSniff.isLegacyExcel(head) { throw .workbook(file: path, message: XLSXError.legacyXLS(file: path).description) }
            struct Enough: Error {}
            var all: [[String]] = []
            do {
                let book = try XLSXWorkbook(file: file, name: path)
                let name = try book.sheetName(sheet)
                try book.forEachRow(sheet: name) { row in
                    let cells = row.textValues
                    if cells.allSatisfy(\.isEmpty) { return }
                    all.append(cells)
                    if all.count > rows { throw Enough() }
                }
            } catch is Enough {
            } catch let e as XLSXError {
                throw .workbook(file: path, message: e.description)
            } catch {
                throw .workbook(file: path, message: "\(path): \(error)")
            }
            guard let h = all.first else { throw .empty(file: path) }
            return Sample(header: h.map { $0.trimmingCharacters() }, rows: Array(all.dropFirst()))
        }
        if format != .csv { throw .unsupported(file: path, line: nil, reason: "mapping suggestions read CSV files and Excel workbooks; JSON keys and FHIR codes are mapped by hand (docs/import.md)") }
        if let bad = file.firstInvalidUTF8() {
            throw .invalidUTF8(file: path, offset: bad, line: lineNumber(of: bad, in: file.base))
        }
        let all = try CSVSource.peek(file: file, path: path, rows: rows + 1)
        guard let h = all.first else { throw .empty(file: path) }
        return Sample(header: h, rows: Array(all.dropFirst()))
    }

    /// One column's verdict.
    struct Guess {
        var target: String?
        var active: Bool
        var why: String
    }

    /// The mapping file text proposed for `sample` (read as `file`); `kind` as `--kind` would give it.
    public static func suggest(_ sample: Sample, file: String, kind given: RecordKind? = nil) -> String {
        let header = sample.header
        let values: [[String]] = header.indices.map { i in
            sample.rows.compactMap { $0.indices.contains(i) ? $0[i].trimmingCharacters() : nil }.filter { !$0.isEmpty }
        }
        let kind = given ?? (looksLikeSessions(header) ? .sessions : HeaderBinding.detectKind(header: header, mapping: nil) ?? fuzzyKind(header))
        let hasSessionID = kind == .sessions && header.contains { HeaderBinding.field(for: $0, kind: kind, mapping: nil) == .sessionID }
        var taken: Set<String> = []
        var guesses: [Guess] = []
        // Known names first, so that a fuzzy guess never takes a field a known header has.
        for h in header {
            if let f = HeaderBinding.field(for: h, kind: kind, mapping: nil) {
                let n = HeaderAliases.normalizedHeader(h)
                if kind == .sessions && f == .clientID && !hasSessionID && HeaderAliases.bareClient.contains(n) {
                    taken.insert("client_name")
                } else {
                    taken.insert(f.name)
                }
            } else if let f = HeaderBinding.identity(for: h, kind: kind, mapping: nil) {
                taken.insert(f.name)
            }
        }
        var fuzzyTaken: Set<String> = []
        for (i, h) in header.enumerated() {
            let n = HeaderAliases.normalizedHeader(h)
            let v = values[i]
            // The values' shape, never the values: a mapping file is printed and kept, and a
            // column may hold names, e-mails or scores (docs/security.md).
            let example = MappingSuggestion.shape(v)
            if let f = HeaderBinding.field(for: h, kind: kind, mapping: nil) {
                if kind == .sessions && f == .clientID && !hasSessionID && HeaderAliases.bareClient.contains(n) {
                    guesses.append(Guess(target: "client_name", active: true,
                        why: "without a session id column, \"\(h)\" is read as the client's name and client ids are derived from it (\(example)); write client_id instead if it holds ids"))
                } else {
                    guesses.append(Guess(target: f.name, active: true, why: "a name Relief knows for \(f.name) (\(example))"))
                }
                continue
            }
            if let f = HeaderBinding.identity(for: h, kind: kind, mapping: nil) {
                guesses.append(Guess(target: f.name, active: true,
                                     why: "a name Relief knows for the client's \(f.name.replacingUnderscores) (\(example)); client ids are derived from it when there is no client id column"))
                continue
            }
            if HeaderAliases.generic.contains(n) {
                guesses.append(generic(h, n, v, kind: kind, example: example, taken: taken))
                continue
            }
            if var g = fuzzy(n, kind: kind, question: isQuestion(h)), let t = g.target {
                let fits = fitsValues(t, v)
                if taken.contains(t) || fuzzyTaken.contains(t) {
                    g.active = false
                    g.why = "looks like \(t), but another column already is (\(example))"
                } else if !fits.ok {
                    g.active = false
                    g.why = "looks like \(t), but \(fits.why) (\(example)); check before using it"
                } else {
                    g.active = true
                    g.why = "looks like \(t) from its name\(fits.why.isEmpty ? "" : "; " + fits.why) (\(example))"
                    fuzzyTaken.insert(t)
                }
                guesses.append(g)
                continue
            }
            guesses.append(Guess(target: nil, active: false, why: "no guess (\(example)); ignored unless you map it"))
        }

        var out: [String] = []
        out.append("# Relief mapping for \(file), suggested by `relief mapping suggest` (read as \(kind.rawValue)).")
        out.append("# Each line is `relief_field = Your Header`; a line starting with # is off. Check every line,")
        out.append("# fix or delete wrong ones, then: relief import \(file) --mapping THIS_FILE" + dateOption(header, values, kind))
        for note in notes(header, values, kind: kind, hasSessionID: hasSessionID, guesses: guesses) { out.append("# " + note) }
        out.append("")
        let width = min(24, (guesses.compactMap { $0.target?.count }.max() ?? 10) + 2)
        for (h, g) in zip(header, guesses) {
            let safe = h.filter { $0 != "#" && $0 != "\n" && $0 != "\r" }.trimmingCharacters()
            if let t = g.target {
                let left = (g.active ? "" : "# ") + t.padding(toLength: width)
                out.append(left + "= " + safe + "   # " + g.why)
            } else {
                out.append("# " + "\"\(safe)\"".padding(toLength: width) + "  " + g.why)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Guesses

    /// A pain score before or after: a session file, whatever else the header has.
    private static func looksLikeSessions(_ header: [String]) -> Bool {
        header.contains { h in
            let f = HeaderBinding.field(for: h, kind: .sessions, mapping: nil)
            let t = fuzzy(HeaderAliases.normalizedHeader(h), kind: .sessions)?.target
            return f == .painBefore || f == .painAfter || t == "pain_before" || t == "pain_after"
        }
    }

    private static func fuzzyKind(_ header: [String]) -> RecordKind {
        let guessed = header.compactMap { fuzzy(HeaderAliases.normalizedHeader($0), kind: .sessions)?.target }
        if guessed.contains("pain_before") || guessed.contains("pain_after") { return .sessions }
        return guessed.contains("client_name") ? .clients : .sessions
    }

    private static func has(_ n: String, _ words: [String]) -> Bool { words.contains { n.contains($0) } }

    /// A header that is a form's question ("Anything else you want your therapist to know?"): a
    /// question mark, or six words or more. Only a score is guessed from one: its words name what
    /// is asked about, not which id or name the column holds.
    static func isQuestion(_ header: String) -> Bool {
        header.contains("?") || header.split(whereSeparator: { $0.isWhitespace }).count >= 6
    }

    /// A field a header may mean, from the words in it; for a question, only a score.
    static func fuzzy(_ n: String, kind: RecordKind, question: Bool = false) -> Guess? {
        func g(_ t: String) -> Guess { Guess(target: t, active: false, why: "") }
        if question {
            guard let guess = fuzzy(n, kind: kind), let t = guess.target,
                  scores.contains(t) || t == "relief_days" else { return nil }
            return guess
        }
        if has(n, ["birth", "dob"]) { return g(kind == .therapists ? "" : "birth_date") }
        if has(n, ["mail"]) { return g("email") }
        if has(n, ["pain", "nprs", "vas", "nrs"]) {
            if has(n, ["after", "post", "end", "final", "exit"]) { return g(kind == .sessions ? "pain_after" : "pain") }
            return g(kind == .sessions ? "pain_before" : "pain")
        }
        if has(n, ["sleep"]) { return g("sleep_quality") }
        if has(n, ["mood"]) { return g("mood") }
        if has(n, ["stress", "anxiety"]) { return g("stress") }
        if has(n, ["relief"]) { return g("relief_days") }
        if has(n, ["note", "comment", "soap", "remark", "observation"]) { return g("notes") }
        if has(n, ["therapist", "practitioner", "staff", "provider", "employee", "calendar", "clinician"]) { return g("therapist_id") }
        if has(n, ["duration", "minutes", "length"]) { return g("duration_min") }
        if has(n, ["pressure"]) { return g("pressure") }
        if has(n, ["region", "area", "bodypart", "location", "site"]) { return g("regions") }
        if has(n, ["technique", "modality", "service", "treatment", "massage"]) { return g("technique") }
        if has(n, ["scheduled", "created", "booked", "modified", "updated", "submitted", "end"]) { return nil }
        if has(n, ["date", "time", "timestamp", "start", "when", "day"]) { return g("date") }
        if has(n, ["name", "client", "patient", "customer"]) { return g(kind == .clients ? "name" : "client_name") }
        return nil
    }

    private static let scores: Set<String> = ["pain_before", "pain_after", "pain", "sleep_quality", "mood", "stress"]

    /// Whether the first values fit the field (scores 0–10, a number of minutes, a date).
    private static func fitsValues(_ t: String, _ v: [String]) -> (ok: Bool, why: String) {
        if v.isEmpty { return (true, "") }
        if scores.contains(t) {
            // Numbers, and answers as forms write them (`7/10`, `7 - Severe`: FormAnswer).
            var numbers: [Double] = []
            var worded = 0, otherScale = 0
            for x in v {
                if let d = Double(x.replacingComma) { numbers.append(d) }
                else if case .value(let d)? = FormAnswer.read(x, field: t, mapping: nil) { numbers.append(d) }
                else if case .otherScale? = FormAnswer.read(x, field: t, mapping: nil) { otherScale += 1 }
                else { worded += 1 }
            }
            if numbers.contains(where: { $0 < 0 || $0 > 10 }) { return (false, "a value is outside 0–10") }
            if otherScale > 0 { return (false, "a value is on another scale than 0–10 (such as 4/5)") }
            if worded > 0 {
                return (false, "\(worded) value\(worded == 1 ? " is" : "s are") worded answers: give each its 0–10 value in a line such as `\(t)[Answer] = 4`")
            }
            return (true, numbers.count == v.count && v.allSatisfy { Double($0.replacingComma) != nil }
                ? "the values are 0–10" : "the values are 0–10 scores as forms write them (7/10, 7 - Severe)")
        }
        if t == "duration_min" {
            let numbers = v.compactMap { Double($0) }
            return numbers.count == v.count ? (true, "the values are numbers") : (false, "not every value is a number of minutes")
        }
        if t == "date" || t == "birth_date" {
            let digits = v.allSatisfy { s in s.contains { $0.isNumber } }
            return digits ? (true, "") : (false, "the values do not look like dates")
        }
        return (true, "")
    }

    private static func generic(_ h: String, _ n: String, _ v: [String], kind: RecordKind, example: String,
                                taken: Set<String>) -> Guess {
        switch n {
        case "id", "code", "number", "no":
            let t = kind == .sessions ? "session_id" : kind == .therapists ? "therapist_id" : "client_id"
            if taken.contains(t) { return Guess(target: nil, active: false, why: "a generic name; not read (\(example))") }
            let unique = Set(v).count == v.count
            return Guess(target: t, active: false,
                         why: "\"\(h)\" is too generic to take without your word; if it is each \(kind == .sessions ? "session's" : "record's") own id"
                            + (unique ? " (the first values are all different)" : "") + ", remove the leading # (\(example))")
        case "type":
            let kinds = Set(Vocabulary.kindNames)
            if !v.isEmpty && v.allSatisfy({ kinds.contains($0.lowercased()) }) {
                return Guess(target: "kind", active: false, why: "\"\(h)\" holds medical/relaxation, so it may be the session kind; remove the leading # if so (\(example))")
            }
            return Guess(target: "technique", active: false,
                         why: "\"\(h)\" is often an appointment type (a service name), not the session kind; remove the leading # to keep it as the technique (\(example))")
        default:
            return Guess(target: nil, active: false,
                         why: "not a Relief field (\(example)); every row is imported, so remove cancelled and no-show rows first")
        }
    }

    /// Lines about the file as a whole: ids, and the date layout.
    private static func notes(_ header: [String], _ values: [[String]], kind: RecordKind, hasSessionID: Bool,
                              guesses: [Guess]) -> [String] {
        var out: [String] = []
        let targets = Set(guesses.filter(\.active).compactMap(\.target))
        if kind == .sessions && !hasSessionID && !targets.contains("session_id") {
            out.append("No session id column: each session's id is derived from its client, date and time, so importing")
            out.append("the file again (or a corrected copy) updates the same sessions (docs/import.md, \"Files without ids\").")
        }
        if !targets.contains("client_id") && (targets.contains("client_name") || targets.contains("name")) {
            out.append("No client id column: client ids are derived from the names (with birth date or e-mail when given).")
        }
        if let layout = dateLayout(header, values, kind) { out.append(layout.note) }
        return out
    }

    private static func dateOption(_ header: [String], _ values: [[String]], _ kind: RecordKind) -> String {
        guard let l = dateLayout(header, values, kind) else { return "" }
        return l.option.map { " --date-format \"\($0)\"" } ?? " --date-format dd/MM/yyyy (or MM/dd/yyyy)"
    }

    /// The layout of the date column's values when they are not ISO 8601.
    private static func dateLayout(_ header: [String], _ values: [[String]], _ kind: RecordKind)
        -> (option: String?, note: String)? {
        guard let i = header.indices.first(where: {
            HeaderBinding.field(for: header[$0], kind: kind, mapping: nil) == .date
                || fuzzy(HeaderAliases.normalizedHeader(header[$0]), kind: kind)?.target == "date"
        }) else { return nil }
        var dayFirst = false, monthFirst = false, slashed: String?
        var separator: Character = "/"
        var singleFirst = false, singleSecond = false
        var time = ""   // the time part's layout, when the values have one
        for v in values[i] {
            let pieces = v.split(separator: " ", omittingEmptySubsequences: true)
            let date = pieces.first.map(String.init) ?? v
            guard let sep = date.first(where: { $0 == "/" || $0 == "." || $0 == "-" }) else { continue }
            let parts = date.split(separator: sep)
            guard parts.count == 3, parts[2].count == 4, let a = Int(parts[0]), let b = Int(parts[1]) else { continue }
            slashed = slashed ?? v
            separator = sep
            if a > 12 { dayFirst = true }
            if b > 12 { monthFirst = true }
            if parts[0].count == 1 { singleFirst = true }
            if parts[1].count == 1 { singleSecond = true }
            if pieces.count >= 2, time.isEmpty {
                let clock = pieces[1].split(separator: ":")
                let twelve = pieces.count >= 3 && ["am", "pm", "a.m.", "p.m."].contains(pieces[2].lowercased())
                if clock.count >= 2 {
                    let hour = twelve ? "h" : "H"   // one digit or two
                    time = " " + hour + ":mm" + (clock.count == 3 ? ":ss" : "") + (twelve ? " a" : "")
                }
            }
        }
        guard slashed != nil else { return nil }
        let s = String(separator)
        let example = "nn\(s)nn\(s)yyyy" + (time.isEmpty ? "" : " and a time")
        // `d` and `M` read one digit or two, so they fit every row, written either way.
        _ = (singleFirst, singleSecond)
        let day1 = "d", month1 = "M", day2 = "d", month2 = "M"
        let dayFirstLayout = "\(day1)\(s)\(month2)\(s)yyyy\(time)", monthFirstLayout = "\(month1)\(s)\(day2)\(s)yyyy\(time)"
        if dayFirst && !monthFirst {
            return (dayFirstLayout, "Dates are written day first (\(example), a first part over 12 seen): import with --date-format \"\(dayFirstLayout)\".")
        }
        if monthFirst && !dayFirst {
            return (monthFirstLayout, "Dates are written month first (\(example), a second part over 12 seen): import with --date-format \"\(monthFirstLayout)\".")
        }
        return (nil, "Dates look like \(example), and no value in the first rows tells the day from the month: import with "
            + "--date-format \"\(dayFirstLayout)\" (day first) or \"\(monthFirstLayout)\" (month first); Relief never guesses.")
    }
}

extension String {
    fileprivate func padding(toLength n: Int) -> String { count >= n ? self + " " : self + String(repeating: " ", count: n - count) }
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
    fileprivate var replacingComma: String { String(map { $0 == "," ? "." : $0 }) }
}

extension MappingSuggestion {
    /// What a column's first values look like, without them: "numbers within 0–10", "dates",
    /// "text, 3 different", "no values in the first rows".
    static func shape(_ values: [String]) -> String {
        guard !values.isEmpty else { return "no values in the first rows" }
        let numbers = values.compactMap { Double($0.replacingOccurrences(of: ",", with: ".")) }
        if numbers.count == values.count {
            return numbers.allSatisfy { (0...10).contains($0) } ? "numbers within 0–10" : "numbers"
        }
        let datey = values.allSatisfy { v in
            v.contains(where: \.isNumber) && v.contains(where: { $0 == "/" || $0 == "-" || $0 == "." })
                && v.allSatisfy { $0.isNumber || "/-.:T ".contains($0) }
        }
        if datey { return "dates" }
        let distinct = Set(values).count
        return "text, \(distinct) different in \(values.count) value\(values.count == 1 ? "" : "s")"
    }
}
