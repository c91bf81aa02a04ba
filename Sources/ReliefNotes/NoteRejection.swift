/// A measure the extractor refused to fill because the note is ambiguous about it.
///
/// Nothing is guessed for a rejected measure; `reason` is written for the clinic.
public struct NoteRejection: Sendable, Hashable {
    /// The measure left empty.
    public var measure: NoteMeasure
    /// Plain words, e.g. "two current pain readings that disagree: 4/10 and 6/10".
    public var reason: String
    /// Unicode scalar offsets of the first reading involved.
    public var span: Range<Int>

    public init(measure: NoteMeasure, reason: String, span: Range<Int>) {
        self.measure = measure
        self.reason = reason
        self.span = span
    }

    /// The note text at `span`.
    public func text(in note: String) -> String { ScalarSlice.text(note, span) }
}
