/// Everything read from one note: the scores, the measures refused, and the numbers set aside.
public struct NoteExtraction: Sendable, Hashable {
    /// Pain at the start of this session.
    public var painBefore: ExtractedScore?
    /// Pain at the end of this session.
    public var painAfter: ExtractedScore?
    /// Sleep score (0–10), only when the note states the scale.
    public var sleep: ExtractedScore?
    /// Mood score (0–10), only when the note states the scale.
    public var mood: ExtractedScore?
    /// Stress score (0–10), only when the note states the scale.
    public var stress: ExtractedScore?
    /// Worst, best, average, usual and activity-bound pain readings, in text order.
    public var painOther: [PainSubMeasure]
    /// Measures left empty because the note is ambiguous about them.
    public var rejections: [NoteRejection]
    /// Numbers seen in a score-like position and refused, with the reason.
    public var ignored: [IgnoredNumber]

    public init(
        painBefore: ExtractedScore? = nil, painAfter: ExtractedScore? = nil,
        sleep: ExtractedScore? = nil, mood: ExtractedScore? = nil, stress: ExtractedScore? = nil,
        painOther: [PainSubMeasure] = [], rejections: [NoteRejection] = [], ignored: [IgnoredNumber] = []
    ) {
        self.painBefore = painBefore
        self.painAfter = painAfter
        self.sleep = sleep
        self.mood = mood
        self.stress = stress
        self.painOther = painOther
        self.rejections = rejections
        self.ignored = ignored
    }

    /// The score for `measure`, if one was extracted.
    public subscript(measure: NoteMeasure) -> ExtractedScore? {
        switch measure {
        case .painBefore: painBefore
        case .painAfter: painAfter
        case .sleep: sleep
        case .mood: mood
        case .stress: stress
        }
    }

    /// True when nothing was extracted, rejected or ignored.
    public var isEmpty: Bool {
        NoteMeasure.allCases.allSatisfy { self[$0] == nil } && painOther.isEmpty && rejections.isEmpty && ignored.isEmpty
    }
}
