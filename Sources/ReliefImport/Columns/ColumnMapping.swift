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
/// A mapped header takes precedence over the built-in aliases.
public struct ColumnMapping: Sendable, Hashable {
    /// normalized header → canonical name.
    public private(set) var headers: [String: String] = [:]
    /// `system|code` → canonical name (FHIR).
    public private(set) var codes: [String: String] = [:]

    public init() {}

    /// Canonical names a FHIR code may be mapped to: the scores an Observation carries.
    public static let codeTargets: Set<String> = ["pain", "sleep_quality", "mood", "stress", "relief_days"]

    /// Maps a header name, or a `system|code`, to a canonical field name.
    ///
    /// - Throws: `ImportError.badMapping` when `canonical` names no field, or a code targets a non-score field.
    public mutating func map(_ theirs: String, to canonical: String, file: String = "mapping", line: Int = 0)
        throws(ImportError) {
        let canonical = canonical.trimmingCharacters()
        let theirs = theirs.trimmingCharacters()
        guard Field(canonical: canonical) != nil else {
            let known = Field.allCases.map(\.name).joined(separator: ", ")
            throw .badMapping(file: file, line: line, reason: "\"\(canonical)\" is not a Relief field; use one of \(known)")
        }
        guard !theirs.isEmpty else {
            throw .badMapping(file: file, line: line, reason: "\(canonical) is mapped to an empty name")
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
            try map(String(trimmed[trimmed.index(after: eq)...]), to: String(trimmed[..<eq]), file: file, line: lineNumber)
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

    /// The canonical field a header maps to, if the mapping names it.
    func field(forNormalizedHeader h: String) -> Field? {
        headers[h].flatMap(Field.init(canonical:))
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
