import ReliefModel
/// A clinic's own names for Relief's canonical fields: header names of its export,
/// and codes of its FHIR server.
///
/// The mapping file is plain text, one `canonical_name = Their Header` a line;
/// `#` starts a comment, blank lines are ignored, and a canonical name may appear on
/// several lines (two exports that spell it differently). Header names match like
/// aliases do: case, spaces and punctuation do not matter. A right-hand side of the
/// form `system|code` maps a FHIR Observation code instead (docs/fhir.md):
///
/// ```
/// # Our practice software's appointment export
/// session_id   = Appointment #
/// client_id    = Client Number
/// pain_before  = Pain (start)
/// pain_after   = Pain (end)
/// mood         = http://clinic.example/codes|MOOD10
/// ```
///
/// A left-hand side `score[answer]` gives a **coded answer** its 0–10 value (a value map): a FHIR
/// Observation whose value is a code (`valueCodeableConcept`, such as LOINC 93038-8's answers)
/// is imported only through one, never turned into a number by Relief (docs/fhir.md):
///
/// ```
/// stress[http://loinc.org|LA6568-5] = 0     # Not at all
/// stress[LA13909-9] = 5                     # Somewhat (any code system)
/// ```
///
/// Form tools head each column with the question's text ("On a scale of 0 to 10 … how would
/// you rate your pain right now?"), so a right-hand side may also be `contains: words` (the header
/// holds the words, any case, HTML tags and runs of spaces ignored) or `matches: pattern` (a
/// regular expression, any case), tried in file order after the exact names:
///
/// ```
/// pain_before = contains: rate your pain right now
/// pain_after  = matches: pain.*(after|post)
/// sleep_quality[Very poor] = 1      # a worded answer's value (any case)
/// ```
///
/// A mapped header takes precedence over the built-in aliases.
public struct ColumnMapping: Sendable, Hashable {
    /// normalized header → canonical name.
    public private(set) var headers: [String: String] = [:]
    /// `system|code` → canonical name (FHIR).
    public private(set) var codes: [String: String] = [:]
    /// Value maps: canonical score → coded answer (`system|code`, or a bare `code` for any
    /// system) → the number it stands for, as written in the mapping file.
    public private(set) var values: [String: [String: String]] = [:]
    /// Measure names of a long-format file (`pain = measure: Back pain`), normalised → canonical.
    public private(set) var measureNames: [String: String] = [:]
    /// `contains:` and `matches:` rules, in file order: (is a regular expression, the text, canonical name).
    public private(set) var headerRules: [HeaderRule] = []

    /// A header rule of a mapping file: `contains: words` or `matches: pattern`.
    public struct HeaderRule: Sendable, Hashable {
        public var isPattern: Bool
        public var text: String
        public var canonical: String

        /// True when `header` (as written) satisfies the rule.
        func matches(_ header: String) -> Bool {
            let cleaned = ColumnMapping.cleanedHeader(header)
            if isPattern {
                guard let regex = try? Regex(text).ignoresCase() else { return false }
                return cleaned.contains(regex)
            }
            return cleaned.lowercased().contains(ColumnMapping.cleanedHeader(text).lowercased())
        }
    }

    /// A header without HTML tags (Typeform's `<strong>`), with runs of spaces made one.
    static func cleanedHeader(_ header: String) -> String {
        var out = ""
        var inTag = false
        for c in header {
            if c == "<" { inTag = true; continue }
            if c == ">" && inTag { inTag = false; continue }
            if !inTag { out.append(c) }
        }
        return out.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The canonical name the first `contains:`/`matches:` rule gives `header`, if any.
    func ruleTarget(forHeader header: String) -> String? {
        headerRules.first { $0.matches(header) }?.canonical
    }

    public init() {}

    /// Gives the coded answer `answer` (`system|code` or `code`) of `canonical` the value `value`.
    ///
    /// - Throws: `ImportError.badMapping` when `canonical` is not a score or `value` is not a number.
    public mutating func mapValue(_ answer: String, of canonical: String, to value: String, file: String = "mapping",
                                  line: Int = 0) throws(ImportError) {
        let canonical = canonical.trimmingCharacters(), answer = answer.trimmingCharacters()
        let value = value.trimmingCharacters()
        guard ColumnMapping.answerTargets.contains(canonical) else {
            throw .badMapping(file: file, line: line, reason:
                "a value map is for a score (\(ColumnMapping.answerTargets.sorted().joined(separator: ", "))), not \(canonical)")
        }
        guard !answer.isEmpty else { throw .badMapping(file: file, line: line, reason: "\(canonical)[] names no answer code") }
        guard !value.isEmpty, Double(value) != nil, value.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) else {
            throw .badMapping(file: file, line: line, reason:
                "\(canonical)[\(answer)] = \(value.isEmpty ? "(nothing)" : value): the value of an answer must be a number such as 0, 2.5 or 10")
        }
        values[canonical, default: [:]][answer] = value
    }

    /// The number the mapping gives a worded answer of `canonical` (`Very poor`), any case and spacing.
    func value(of canonical: String, answer: String) -> String? {
        guard let map = values[canonical] else { return nil }
        if let v = map[answer] { return v }
        let key = ColumnMapping.cleanedHeader(answer).lowercased()
        return map.first { ColumnMapping.cleanedHeader($0.key).lowercased() == key }?.value
    }

    /// The number the mapping gives a coded answer of `canonical`: by `system|code`, else by `code`.
    func value(of canonical: String, system: String?, code: String) -> String? {
        guard let map = values[canonical] else { return nil }
        if let system, let v = map[system + "|" + code] { return v }
        return map[code]
    }

    /// Canonical names a value map may give answers of: every score.
    public static let answerTargets: Set<String> = codeTargets.union(["pain_before", "pain_after"])

    /// Canonical names a FHIR code may be mapped to: the scores an Observation carries.
    public static let codeTargets: Set<String> = ["pain", "sleep_quality", "mood", "stress", "relief_days"]

    /// Maps a header name, or a `system|code`, to a canonical field name.
    ///
    /// - Throws: `ImportError.badMapping` when `canonical` names no field, or a code targets a non-score field.
    public mutating func map(_ theirs: String, to canonical: String, file: String = "mapping", line: Int = 0)
        throws(ImportError) {
        let canonical = canonical.trimmingCharacters()
        let theirs = theirs.trimmingCharacters()
        guard Field(canonical: canonical) != nil || IdentityField(canonical: canonical) != nil
                || canonical == ColumnMapping.ignore else {
            let known = (Field.allCases.map(\.name) + IdentityField.mappable.map(\.name) + [ColumnMapping.ignore]).joined(separator: ", ")
            throw .badMapping(file: file, line: line, reason: "\"\(canonical)\" is not a Relief field; use one of \(known)")
        }
        guard !theirs.isEmpty else {
            throw .badMapping(file: file, line: line, reason: "\(canonical) is mapped to an empty name")
        }
        if theirs.lowercased().hasPrefix("measure:") {
            let name = String(theirs.dropFirst("measure:".count)).trimmingCharacters()
            guard ColumnMapping.answerTargets.contains(canonical), !name.isEmpty else {
                throw .badMapping(file: file, line: line, reason:
                    "a measure name maps to a score (\(ColumnMapping.answerTargets.sorted().joined(separator: ", "))), not \(canonical)")
            }
            measureNames[HeaderAliases.normalizedHeader(name)] = canonical
            return
        }
        for (prefix, isPattern) in [("contains:", false), ("matches:", true)] where theirs.lowercased().hasPrefix(prefix) {
            let text = String(theirs.dropFirst(prefix.count)).trimmingCharacters()
            guard !text.isEmpty else {
                throw .badMapping(file: file, line: line, reason: "\(canonical) = \(prefix) names nothing to look for")
            }
            if isPattern, (try? Regex(text)) == nil {
                throw .badMapping(file: file, line: line, reason: "\(canonical) = matches: \(text): not a regular expression Relief can read")
            }
            headerRules.append(HeaderRule(isPattern: isPattern, text: text, canonical: canonical))
            return
        }
        if let bar = theirs.firstIndex(of: "|"), theirs.contains(":") || theirs.hasPrefix("urn") {
            guard ColumnMapping.codeTargets.contains(canonical) else {
                throw .badMapping(file: file, line: line, reason:
                    "a FHIR code can be mapped only to \(ColumnMapping.codeTargets.sorted().joined(separator: ", ")), not \(canonical)")
            }
            let system = String(theirs[..<bar]).trimmingCharacters()
            let code = String(theirs[theirs.index(after: bar)...]).trimmingCharacters()
            codes[system + "|" + code] = canonical
        } else {
            headers[HeaderAliases.normalizedHeader(theirs)] = canonical
        }
    }

    /// Parses a mapping file's text.
    ///
    /// - Throws: `ImportError.badMapping` naming the line of the first bad entry.
    public init(parsing text: String, file: String = "mapping") throws(ImportError) {
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = String(line).trimmingCharacters()
            if trimmed.isEmpty { continue }
            guard let eq = trimmed.firstIndex(of: "=") else {
                throw .badMapping(file: file, line: lineNumber, reason:
                    "expected `canonical_name = Their Header`, found \"\(trimmed)\"")
            }
            let left = String(trimmed[..<eq]).trimmingCharacters()
            let right = String(trimmed[trimmed.index(after: eq)...])
            if let open = left.firstIndex(of: "["), left.hasSuffix("]") {
                let answer = String(left[left.index(after: open)..<left.index(before: left.endIndex)])
                try mapValue(answer, of: String(left[..<open]), to: right, file: file, line: lineNumber)
            } else {
                try map(right, to: left, file: file, line: lineNumber)
            }
        }
    }

    /// Reads a mapping file.
    ///
    /// - Throws: `ImportError.unreadable`, `.invalidUTF8` or `.badMapping`.
    public static func load(path: String) throws(ImportError) -> ColumnMapping {
        let file = try MappedFile(path: path)
        if let bad = firstInvalidUTF8(file.base, count: file.count) {
            throw .invalidUTF8(file: path, offset: bad, line: lineNumber(of: bad, in: file.base))
        }
        let text = String(decoding: UnsafeBufferPointer(start: file.base, count: file.count), as: UTF8.self)
        return try ColumnMapping(parsing: text, file: path)
    }

    /// Adds `other`'s entries, replacing this mapping's for the same header, code or answer.
    mutating func overlay(_ other: ColumnMapping) {
        headers.merge(other.headers) { _, new in new }
        headerRules = other.headerRules + headerRules
        measureNames.merge(other.measureNames) { _, new in new }
        codes.merge(other.codes) { _, new in new }
        for (k, v) in other.values { values[k, default: [:]].merge(v) { _, new in new } }
    }

    /// The left-hand side that makes a column ignored, even one whose name is an alias
    /// (`ignore = Email Address`: the form's e-mail would otherwise join the client's id).
    public static let ignore = "ignore"

    /// True when the mapping says to ignore this header.
    func ignores(normalizedHeader h: String) -> Bool { headers[h] == ColumnMapping.ignore }

    /// The canonical field a header maps to, if the mapping names it.
    func field(forNormalizedHeader h: String) -> Field? {
        headers[h].flatMap(Field.init(canonical:))
    }

    /// The identity column (client_name, first_name, last_name, email, birth_date) a header maps to.
    func identity(forNormalizedHeader h: String) -> IdentityField? {
        headers[h].flatMap(IdentityField.init(canonical:))
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks (and a BOM).
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" || f == "\u{FEFF}" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
