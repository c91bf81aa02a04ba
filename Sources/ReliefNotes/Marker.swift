/// A phrase that says something about a nearby reading: when it was taken, or what it describes.
struct Marker {
    enum Kind: Equatable {
        /// `ago`, `last week`, `previous visit`: the reading belongs to an earlier visit.
        case past
        /// `since last visit`, `over the past two weeks`: a change between visits; the reading is current.
        case between
        /// `today`, `currently`, `presents with`, `pre-session`, `on arrival`: this session's before.
        case current
        /// `post-session`, `after the massage`, `by the end of the session`: this session's after.
        case after
        /// `goal`, `STG`, `will`, `decrease pain to`: the rest of the sentence is a goal.
        case goal
        /// `at worst`, `usually`, `after prolonged standing`: a sub-measure.
        case qualifier(PainQualifier)
        /// Bare `pre` / `before`, only for the reading right next to it.
        case barePre
        /// Bare `post` / `after`, only for the reading right next to it.
        case barePost
        /// A phrase matched only to stop a shorter one (`since yesterday` is not `yesterday`).
        case neutral
    }

    let kind: Kind
    /// Token indices of the phrase.
    let tokens: Range<Int>
    /// Scalar offsets of the phrase.
    let start: Int
    let end: Int
    let sentence: Int
    let clause: Int
    /// The phrase as folded text, for reasons ("a reading from an earlier visit ('last week')").
    let text: String

    /// Qualifiers that usually sit in front of the word pain (`worst pain … 8/10`) get a wider window.
    var isWide: Bool {
        if case .qualifier(let q) = kind { return q != .conditional }
        return false
    }
}
