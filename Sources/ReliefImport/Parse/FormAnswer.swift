/// A score written as a form tool writes answers (inputs.md §2–3): `7/10`, `7 / 10`, `7 - Severe`,
/// `7 (severe)`, `7: severe`, or a worded answer (`Very poor`, `Somewhat`) that the clinic's
/// mapping file gives a value (`sleep_quality[Very poor] = 1`). Nothing else is guessed: a worded
/// answer without a value, or `4/5` (another scale), is not read as a 0–10 score.
enum FormAnswer: Equatable {
    case value(Double)
    /// `N/M` with M ≠ 10: a score on another scale.
    case otherScale(Int)

    static func read(_ text: String, field: String, mapping: ColumnMapping?) -> FormAnswer? {
        let t = text.trimmingCharacters()
        if let v = mapping?.value(of: field, answer: t), let d = Double(v) { return .value(d) }
        // A leading number: digits, optionally one decimal part.
        var i = t.startIndex
        while i < t.endIndex, t[i].isASCIIDigit { i = t.index(after: i) }
        guard i > t.startIndex else { return nil }
        if i < t.endIndex, t[i] == ".", t.index(after: i) < t.endIndex, t[t.index(after: i)].isASCIIDigit {
            i = t.index(after: i)
            while i < t.endIndex, t[i].isASCIIDigit { i = t.index(after: i) }
        }
        guard let n = Double(t[t.startIndex..<i]) else { return nil }
        let rest = t[i...].drop { $0 == " " }
        if rest.first == "/" {
            let denominator = rest.dropFirst().drop { $0 == " " }
            guard !denominator.isEmpty, denominator.allSatisfy(\.isASCIIDigit), let top = Int(denominator) else { return nil }
            return top == 10 ? .value(n) : .otherScale(top)
        }
        // `7 - Severe`, `7 – severe`, `7 (severe)`, `7: severe`: the number, then words.
        guard let mark = rest.first, "-–—(:".contains(mark) else { return nil }
        let words = rest.dropFirst().drop { $0 == " " }
        guard let first = words.first, first.isLetter else { return nil }
        return .value(n)
    }
}
