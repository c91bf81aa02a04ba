/// One score read from note text, with where it came from.
///
/// `span` is a half-open range of **Unicode scalar offsets** into the original note text
/// (the same offsets Python's `str` uses). `text(in:)` returns the matched text.
public struct ExtractedScore: Sendable, Hashable {
    /// The score on the 0–10 scale (VAS millimetres and /100 scores already divided by 10).
    public var value: Double
    /// The pattern that matched.
    public var rule: NoteRule
    /// Unicode scalar offsets of the matched text in the note.
    public var span: Range<Int>
    /// True when the note hedged the number (`~2/10`, `about 3/10`, `approx. 4/10`).
    public var approximate: Bool
    /// The scale the note used when it is not plain 0–10 (`"1–10 scale"`, `"0–100 scale ÷10"`, `"VAS mm ÷10"`).
    public var scaleNote: String?

    public init(value: Double, rule: NoteRule, span: Range<Int>, approximate: Bool = false, scaleNote: String? = nil) {
        self.value = value
        self.rule = rule
        self.span = span
        self.approximate = approximate
        self.scaleNote = scaleNote
    }

    /// The note text at `span`.
    public func text(in note: String) -> String { ScalarSlice.text(note, span) }
}
