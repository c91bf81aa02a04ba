/// Slicing a String by Unicode scalar offsets, the span unit used throughout this module.
enum ScalarSlice {
    /// The text of `note` between the scalar offsets of `span`, clamped to the note; never traps.
    static func text(_ note: String, _ span: Range<Int>) -> String {
        let scalars = note.unicodeScalars
        let lower = max(0, span.lowerBound)
        guard let start = scalars.index(scalars.startIndex, offsetBy: lower, limitedBy: scalars.endIndex) else { return "" }
        let end = scalars.index(start, offsetBy: max(0, span.upperBound - lower), limitedBy: scalars.endIndex) ?? scalars.endIndex
        return String(scalars[start..<end])
    }
}
