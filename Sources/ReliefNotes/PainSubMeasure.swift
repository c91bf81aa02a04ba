/// Which kind of pain a qualified reading describes: never this session's before or after.
public enum PainQualifier: String, Sendable, Hashable, CaseIterable, Codable {
    /// `at worst`, `worst pain`, `as much as`, `max`.
    case worst
    /// `at best`, `least`, `lowest`, `improves throughout the day`.
    case best
    /// `on average`, `average pain`.
    case average
    /// `usually`, `on most days`, `normally`, `typically`.
    case usual
    /// Tied to an activity, position or time of day: `after prolonged standing`, `at rest`, `wakes`.
    case conditional
}

/// A pain reading with a qualifier (inputs.md §4: "a sub-measure, not before or after").
public struct PainSubMeasure: Sendable, Hashable {
    /// What the reading describes.
    public var qualifier: PainQualifier
    /// The reading itself.
    public var score: ExtractedScore

    public init(qualifier: PainQualifier, score: ExtractedScore) {
        self.qualifier = qualifier
        self.score = score
    }
}
