/// A number found in a score-like position, before it is given a role.
struct Reading {
    /// The shape the number was written in.
    enum Form: Equatable {
        case overTen, outOfTen, scale(oneToTen: Bool), bare, millimetres, centimetres, perHundred, wordZero

        /// True when the note states a 0–10 (or 1–10, 0–100) scale next to the number.
        var hasScale: Bool {
            switch self {
            case .overTen, .outOfTen, .scale, .perHundred, .millimetres, .centimetres: true
            case .bare, .wordZero: false
            }
        }
    }

    /// How a reading takes part in a pair (inputs.md §4 pattern 9).
    enum PairRole: Equatable {
        case from, to, startedAt, nowAt, fromAlone
    }

    var value: Double
    /// The upper end of a range (`5-6/10`), which is never used as a score.
    var high: Double?
    var form: Form
    var tokens: Range<Int>
    var start: Int
    var end: Int
    var sentence: Int
    var clause: Int
    var section: Section
    var approximate = false
    var label: Vocabulary.Label?
    var isWordNumber = false
    /// A bare number whose label states the scale (`Pain (0-10): 6`, `sleep ... (0-10)? 4`); 1–10 when `statedOneToTen`.
    var statedScale = false
    var statedOneToTen = false
    /// The far end of `ranging from A to B`, folded into the reading before it.
    var mergedAway = false
    /// The body region the reading is about (`neck`, `low back`), when the words beside it name one.
    var region: String?
    /// `0 = no pain`, `10 being the worst`: scale wording, not a reading.
    var isAnchor = false
    var pair: PairRole?
    /// The rule of the pair, when `pair` is set.
    var pairRule: NoteRule?
    /// True when the pair is a change since the last visit, not within the session.
    var pairBetweenVisits = false
    /// `decreased to …` (false) or `has decreased to …` (true), when the reading follows a change verb.
    var changeBetweenVisits: Bool?

    var isRange: Bool { high != nil }

    var rule: NoteRule {
        if let pairRule { return pairRule }
        switch form {
        case .overTen: return .overTen
        case .outOfTen: return .outOfTen
        case .scale: return .scaleOfTen
        case .bare: return .labelled
        case .millimetres: return .vasMillimetres
        case .centimetres: return .vasCentimetres
        case .perHundred: return .perHundred
        case .wordZero: return .wordZero
        }
    }

    /// The score on 0–10.
    var score: Double {
        switch form {
        case .millimetres, .perHundred: value / 10
        default: value
        }
    }

    var scaleNote: String? {
        switch form {
        case .scale(oneToTen: true): "1–10 scale"
        case .perHundred: "0–100 scale ÷10"
        case .millimetres: "VAS mm ÷10"
        case .centimetres: "VAS cm"
        default: nil
        }
    }

    /// The reading as the clinic wrote it, shortened: `4/10`, `5–6/10`.
    var shortText: String {
        func number(_ x: Double) -> String {
            x == x.rounded() && abs(x) < 1e9 ? String(Int(x)) : String(x)
        }
        let base = high.map { "\(number(value))–\(number($0))" } ?? number(value)
        switch form {
        case .overTen, .outOfTen, .scale: return base + "/10"
        case .perHundred: return base + "/100"
        case .millimetres: return base + " mm"
        case .centimetres: return base + " cm"
        case .bare: return base
        case .wordZero: return "no pain"
        }
    }
}
