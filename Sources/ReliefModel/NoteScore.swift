/// A session score that was read out of the session's note text, not given in a column, with
/// where in the note it was read (Relief's notes extraction; docs/import.md, "Scores in notes").
///
/// Reports mark such a score; the store keeps the rule and span, so the clinic can always go
/// back from a number to the words it came from.
public struct NoteScore: Hashable, Sendable, Codable {
    /// The session field the note filled.
    public enum Field: String, Hashable, Sendable, Codable, CaseIterable {
        case painBefore = "pain_before"
        case painAfter = "pain_after"
        case sleepQuality = "sleep_quality"
        case mood
        case stress
    }

    public var field: Field
    /// The extraction rule that matched (`n-over-10`, `pair-from-to`, …: docs/notes-extraction.md).
    public var rule: String
    /// Unicode scalar offsets of the matched text in the session's `notes`.
    public var span: Range<Int>
    /// True when the note hedged the number (`~2/10`, `about 3/10`).
    public var approximate: Bool

    public init(field: Field, rule: String, span: Range<Int>, approximate: Bool = false) {
        self.field = field
        self.rule = rule
        self.span = span
        self.approximate = approximate
    }

    /// The stored form of a session's note scores: `pain_before n-over-10 12-16 ~;pain_after …`
    /// (field, rule, scalar span, `~` when approximate), or `nil` for none.
    public static func storageText(_ scores: [NoteScore]) -> String? {
        guard !scores.isEmpty else { return nil }
        return scores.map { s in
            "\(s.field.rawValue) \(s.rule) \(s.span.lowerBound)-\(s.span.upperBound)" + (s.approximate ? " ~" : "")
        }.joined(separator: ";")
    }

    /// Parses `storageText`; `nil` when any part is malformed (the store reports it).
    public static func parse(storageText text: String) -> [NoteScore]? {
        var scores: [NoteScore] = []
        for part in text.split(separator: ";") {
            let words = part.split(separator: " ")
            guard words.count == 3 || (words.count == 4 && words[3] == "~"),
                  let field = Field(rawValue: String(words[0])) else { return nil }
            let bounds = words[2].split(separator: "-")
            guard bounds.count == 2, let lower = Int(bounds[0]), let upper = Int(bounds[1]), 0 <= lower, lower <= upper
            else { return nil }
            scores.append(NoteScore(field: field, rule: String(words[1]), span: lower..<upper, approximate: words.count == 4))
        }
        return scores
    }
}
