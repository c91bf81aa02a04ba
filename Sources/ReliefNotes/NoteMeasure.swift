/// A score the extractor can fill for one note.
public enum NoteMeasure: String, Sendable, Hashable, CaseIterable, Codable {
    /// Pain at the start of this session.
    case painBefore = "pain-before"
    /// Pain at the end of this session.
    case painAfter = "pain-after"
    /// Sleep, on a stated 0–10 scale.
    case sleep
    /// Mood, on a stated 0–10 scale.
    case mood
    /// Stress, on a stated 0–10 scale.
    case stress
}
