/// The pattern that produced an extracted score (inputs.md §4, "Patterns to recognise").
///
/// The raw values are stable identifiers: they are written to review files and reports,
/// so never rename one.
public enum NoteRule: String, Sendable, Hashable, CaseIterable, Codable {
    /// `N/10` or `N / 10` (pattern 1).
    case overTen = "n-over-10"
    /// `N out of 10` (pattern 2).
    case outOfTen = "n-out-of-10"
    /// `N on a scale of 10`, `N on a 0-10 scale`, `an N on a scale of 1 to 10` (pattern 3).
    case scaleOfTen = "scale-of-10"
    /// A bare number right after a pain label: `pain 4`, `NPRS: 6`, `pain at 4` (pattern 4).
    case labelled = "labelled"
    /// `VAS … NN mm`, divided by 10 (pattern 7).
    case vasMillimetres = "vas-mm"
    /// `VAS … N.N cm`, kept as is (pattern 7).
    case vasCentimetres = "vas-cm"
    /// `N/100` after a pain label, divided by 10.
    case perHundred = "per-100"
    /// `no pain`, `pain-free`, `zero pain`, `to zero` (pattern 8).
    case wordZero = "word-zero"
    /// `from N to M` (pattern 9).
    case pairFromTo = "pair-from-to"
    /// `N/10 -> M/10` or `N/10 → M/10`.
    case pairArrow = "pair-arrow"
    /// `started at (a) N … now … at (a) M` (pattern 9).
    case startedNow = "started-now"
}
