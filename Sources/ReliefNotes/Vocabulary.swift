/// The words the extractor recognises, grouped by what they mean. All lowercase.
enum Vocabulary {
    /// What a score is about, read from the word next to it.
    enum Label: Equatable {
        /// `pain`, `NPRS`, `VAS`, `ache`, `headache`, `discomfort`.
        case pain
        /// `tension`, `tightness`, `stiffness`, `soreness`: pain unless the note also scores pain.
        case symptom
        case sleep, mood, stress
        /// Any other scored thing (`fatigue`, `RPE`, `satisfaction`, `visit`): never pain.
        case other(String)

        var isPainLike: Bool { self == .pain || self == .symptom }
    }

    static let labels: [String: Label] = {
        var map: [String: Label] = [:]
        for w in ["pain", "pains", "painful", "nprs", "nrs", "nps", "vnrs", "vas", "ache", "aches", "aching",
                  "headache", "headaches", "migraine", "migraines", "discomfort", "lbp", "hurts", "douleur"] { map[w] = .pain }
        for w in ["tension", "tightness", "tight", "stiffness", "stiff", "soreness", "sore", "cramping", "spasm"] { map[w] = .symptom }
        for w in ["sleep", "slept", "sleeping"] { map[w] = .sleep }
        map["mood"] = .mood
        for w in ["stress", "stressed"] { map[w] = .stress }
        for w in ["fatigue", "energy", "anxiety", "depression", "rpe", "exertion", "effort", "confidence", "satisfaction",
                  "satisfied", "function", "psfs", "numbness", "tingling", "dizziness", "nausea", "motivation", "relaxation",
                  "visit", "strength", "balance", "ndi", "odi", "oswestry", "mmse", "quiz", "rom", "flexion", "extension",
                  "rotation", "abduction", "grip", "reps", "sets"] { map[w] = .other(w) }
        return map
    }()

    /// Labels that only count right next to the number (`Visit 4/10`), not a few words away (`first visit to 4/10`).
    static let adjacentOnlyLabels: Set<String> = ["visit", "rom", "flexion", "extension", "rotation", "abduction", "reps", "sets"]

    /// Words after `pain` that name a questionnaire, not a pain score (`pain catastrophizing scale`).
    static let questionnaireWords: Set<String> = [
        "catastrophizing", "catastrophising", "questionnaire", "inventory", "disability", "index", "interference",
        "beliefs", "acceptance", "self",
    ]

    /// Words a label may be separated from its bare number by: `pain level is at a 4`.
    static let labelFillers: Set<String> = [
        "is", "was", "at", "of", "as", "a", "an", "level", "levels", "score", "rating", "intensity", "scale", "rated",
        "rates", "rate", "reported", "reports", "currently", "current", "today", "now", "the", "her", "his", "their",
        "my", "about", "approximately", "approx", "around", "from", "it", "be", "quality", "pre", "post", "still",
        "remains", "decreased", "reduced", "dropped", "down", "improved", "increased", "to", "went", "has", "have",
        "been", "right", "today's", "sits", "stays",
    ]

    /// Verbs that, followed by `to`, mark the reading after them as a result (`decreased to 4/10`).
    static let changeVerbs: Set<String> = [
        "decreased", "decreases", "reduced", "dropped", "drops", "down", "improved", "improves", "increased", "increases",
        "rose", "resolved", "eased", "lowered", "fell", "diminishes", "diminished", "went", "gone", "came", "settled",
    ]

    /// Words that make a change a between-visit change: `has improved`, `have dropped`.
    static let perfectAuxiliaries: Set<String> = ["has", "have", "had", "'s"]

    /// Words before a number that hedge it.
    static let approximators: Set<String> = ["about", "approx", "approximately", "around", "roughly", "circa", "ca", "like"]

    /// Words after a bare number that show it is not a score (`pain 2 days`, `x 20 reps`).
    static let unitWords: Set<String> = [
        "min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs", "h", "day", "days", "week", "weeks", "wk", "wks",
        "month", "months", "mo", "year", "years", "yr", "yrs", "y", "yo", "time", "times", "x", "rep", "reps",
        "repetition", "repetitions", "set", "sets", "session", "sessions", "visit", "visits", "unit", "units", "mg", "kg",
        "lb", "lbs", "in", "inch", "inches", "ft", "feet", "degree", "degrees", "deg", "bpm", "mmhg", "percent", "point",
        "points", "children", "tablet", "tablets", "pills", "cups", "areas", "km", "miles", "mile", "steps", "of", "per",
        "seconds", "secs", "sec", "s", "m", "am", "pm", "o'clock", "nights", "night", "out",
    ]

    /// Nouns after `N out of 10` that make it a count, not a score (`8 out of 10 reps`).
    static let countNouns: Set<String> = [
        "reps", "repetitions", "sets", "sessions", "visits", "times", "attempts", "trials", "days", "weeks", "patients",
        "clients", "items", "questions", "steps",
    ]

    /// Words that may follow a bare number written as a word (`pain zero today`).
    static let wordNumberFollowers: Set<String> = [
        "today", "now", "currently", "this", "and", "at", "on", "before", "after", "pre", "post", "reported", "with", "since",
    ]

    /// Words that may follow `no pain` / `pain-free` when it is a reading, not a description (`pain-free ROM`).
    static let zeroFollowers: Set<String> = [
        "today", "now", "currently", "after", "post", "following", "since", "at", "this", "on", "upon", "and", "reported",
        "with", "during", "when", "while", "throughout", "by", "following", "all", "overall", "before", "pre", "in", "tonight",
    ]

    /// Words that make `no pain` something else (`no pain medication`, `no pain relief`).
    static let zeroBlockers: Set<String> = [
        "medication", "medications", "meds", "med", "relief", "killers", "killer", "pills", "tablets", "management",
        "clinic", "scale", "score", "diary", "history", "behaviours", "behaviors",
    ]

    /// Words naming the treatment itself, for `after …`, `before …`, `post-…`.
    static let sessionWords: Set<String> = [
        "session", "treatment", "tx", "massage", "bodywork", "manipulation", "tissue", "therapy", "release", "craniosacral",
        "mobilisation", "mobilization", "work-on", "visit", "appointment", "rx",
    ]

    /// Activities, positions and provocations that make a reading conditional.
    static let activityWords: Set<String> = [
        "standing", "stand", "sitting", "sit", "walking", "walk", "running", "driving", "lifting", "reaching", "bending",
        "stairs", "movement", "moving", "activity", "activities", "exercise", "exercising", "work", "working", "typing",
        "gardening", "cough", "coughing", "sneezing", "palpation", "pressure", "rotation", "flexion", "extension", "overhead",
        "squatting", "kneeling", "prolonged", "rest", "resting", "waking", "weight", "loading", "use", "sleeping",
        "sport", "training", "running", "climbing", "lift", "lifts", "carrying", "carries", "bends", "runs", "walks",
        "sits", "stands", "reaches", "chewing",
    ]

    /// Time units that make `after …` an interval, not the session (`after 3 weeks of treatment`).
    static let timeUnits: Set<String> = [
        "week", "weeks", "day", "days", "month", "months", "year", "years", "wk", "wks", "visits", "sessions", "treatments",
    ]

    /// Words before `with`/`after`/`when` that make the phrase an aggravating factor, not a condition.
    static let aggravators: Set<String> = [
        "worse", "worsens", "worsened", "better", "aggravated", "aggravates", "eased", "eases", "relieved", "relieves",
        "increases", "increased", "improves", "improved", "decreases", "decreased", "flares", "flared",
    ]

    /// Body regions, for telling apart readings of different regions (`neck 6/10, low back 4/10`).
    static let regions: Set<String> = [
        "neck", "back", "shoulder", "shoulders", "hip", "hips", "knee", "knees", "ankle", "ankles", "foot", "feet",
        "wrist", "wrists", "forearm", "forearms", "elbow", "elbows", "arm", "arms", "leg", "legs", "calf", "calves",
        "thigh", "thighs", "jaw", "tmj", "head", "headache", "headaches", "migraine", "glute", "glutes", "buttock",
        "lumbar", "cervical", "thoracic", "trap", "traps", "lbp", "hamstring", "hamstrings", "heel", "hand", "hands",
        "sacrum", "si", "groin", "chest", "rib", "ribs",
    ]
    /// Words in front of a region that make it a different region (`low back` vs `upper back`).
    static let regionModifiers: Set<String> = ["low", "lower", "upper", "mid", "middle", "l", "r", "left", "right"]

    /// Close misspellings (one edit) are accepted for these words only: long enough that one edit
    /// does not land on another common word.
    static let typoTolerant: [String] = ["stress", "sleep", "massage", "session", "treatment", "headache", "discomfort"]

    /// The typo-tolerant word `word` is one edit (insertion, deletion, substitution, transposition) away from.
    static func correctedTypo(_ word: String) -> String? {
        let w = Array(word.utf8)
        guard w.count >= 4 else { return nil }
        for target in typoTolerant where abs(target.utf8.count - w.count) <= 1 && target != word {
            if withinOneEdit(w, Array(target.utf8)) { return target }
        }
        return nil
    }

    private static func withinOneEdit(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a.count == b.count {
            var diffs: [Int] = []
            for k in a.indices where a[k] != b[k] { diffs.append(k); if diffs.count > 2 { return false } }
            if diffs.count <= 1 { return true }
            return diffs[1] == diffs[0] + 1 && a[diffs[0]] == b[diffs[1]] && a[diffs[1]] == b[diffs[0]]
        }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        var i = 0, j = 0, skipped = false
        while i < short.count && j < long.count {
            if short[i] == long[j] { i += 1; j += 1; continue }
            if skipped { return false }
            skipped = true; j += 1
        }
        return true
    }

    /// Words that may precede a reading's number without breaking it from its marker: `to a 3`, `to about 2`.
    static let readingLeadIns: Set<String> = ["a", "an", "about", "approximately", "approx", "around", "level", "of", "roughly"]
}
