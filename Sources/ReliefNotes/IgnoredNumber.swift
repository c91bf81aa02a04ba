/// A number the extractor saw in a score-like position and deliberately did not use.
///
/// Listed in the review file so the clinic can see why, e.g. "a goal, not a reading".
public struct IgnoredNumber: Sendable, Hashable {
    /// Unicode scalar offsets of the number in the note.
    public var span: Range<Int>
    /// Plain words saying why it was not used.
    public var reason: String

    public init(span: Range<Int>, reason: String) {
        self.span = span
        self.reason = reason
    }
}
