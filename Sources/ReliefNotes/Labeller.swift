/// Works out what each reading scores (pain, sleep, mood, stress, something else) from the words beside it.
enum Labeller {
    private static let passThrough: Set<String> = [":", "=", "(", "'", "\"", "~", "-", "."]

    /// Labels every reading that has none yet, then lets unlabelled readings inherit from the one before.
    static func label(_ readings: inout [Reading], tokens: [Token]) {
        for k in readings.indices where readings[k].label == nil {
            let r = readings[k]
            if r.form == .bare {
                if let answer = questionAnswer(r, tokens: tokens) {
                    readings[k].label = answer.label
                    readings[k].statedScale = answer.scale != nil
                    readings[k].statedOneToTen = answer.scale == true
                    continue
                }
                let found = strictLabelAndScale(before: r.tokens.lowerBound, tokens: tokens)
                readings[k].label = found.label
                if found.label != nil, let oneToTen = found.scale {
                    readings[k].statedScale = true
                    readings[k].statedOneToTen = oneToTen
                }
            } else {
                readings[k].label = looseLabel(before: r.tokens.lowerBound, tokens: tokens)
                    ?? labelAfter(r.tokens.upperBound, tokens: tokens)
                    ?? sentenceLabel(before: r.tokens.lowerBound, stop: k > 0 ? readings[k - 1].tokens.upperBound : 0, tokens: tokens)
            }
        }
        for k in readings.indices where readings[k].label == nil && k > 0 {
            let r = readings[k]
            if r.form == .bare {
                // A bare number inherits only straight after pre/post: "pain pre 7 post 3".
                guard r.tokens.lowerBound > 0,
                      tokens[r.tokens.lowerBound - 1].isWord(in: ["pre", "post", "before", "after"]) else { continue }
            }
            if let previous = readings[..<k].last(where: { $0.sentence == r.sentence && $0.label != nil }) {
                readings[k].label = previous.label
            }
        }
    }

    /// A label separated from a bare number only by filler words: `pain level is 4`, `NPRS: 6`.
    static func strictLabel(before i: Int, tokens: [Token]) -> Vocabulary.Label? {
        strictLabelAndScale(before: i, tokens: tokens).label
    }

    /// The label word of a token, allowing one typo in a few long words (`stres`, `slep`).
    static func labelWord(_ t: Token) -> Vocabulary.Label? {
        guard t.isWord else { return nil }
        if let label = Vocabulary.labels[t.text] { return label }
        return Vocabulary.correctedTypo(t.text).flatMap { Vocabulary.labels[$0] }
    }

    /// As `strictLabel`, also stepping over a stated scale between label and number (`Pain (0-10): 6`,
    /// `rates pain on a 1-10 scale as 3`). `scale` is nil when none was stated, else whether it is 1–10.
    static func strictLabelAndScale(before i: Int, tokens: [Token]) -> (label: Vocabulary.Label?, scale: Bool?) {
        var k = i - 1
        var steps = 0
        var scale: Bool?
        while k >= 0, steps < 12, tokens[k].sentence == tokens[i].sentence {
            let t = tokens[k]
            if let (start, oneToTen) = scaleSpan(endingAt: k, tokens: tokens) {
                scale = oneToTen
                k = start - 1; steps += 1
                continue
            }
            if t.kind == .punct {
                guard passThrough.contains(t.text) else { return (nil, scale) }
            } else if t.isWord {
                if let label = labelWord(t) { return (label, scale) }
                let scaleWord = scale != nil && t.isWord(in: ["on", "a", "the", "scale", "point", "of", "using"])
                guard Vocabulary.labelFillers.contains(t.text) || scaleWord else { return (nil, scale) }
            } else {
                return (nil, scale)
            }
            k -= 1; steps += 1
        }
        return (nil, scale)
    }

    /// A scale statement ending at token `k`: `(0-10)`, `(0 to 10)`, `0-10`, `1 to 10`. Returns its first token
    /// and whether the scale starts at 1.
    static func scaleSpan(endingAt k: Int, tokens: [Token]) -> (Int, Bool)? {
        var end = k
        var open: Int?
        if tokens[k].isPunct(")") {
            guard k >= 4, tokens[k - 4].isPunct("(") else { return nil }
            open = k - 4; end = k - 1
        }
        guard end >= 2, tokens[end].isNumber, tokens[end].value == 10, !tokens[end].isWordNumber,
              tokens[end - 1].isPunct("-") || tokens[end - 1].isWord("to"),
              tokens[end - 2].isNumber, tokens[end - 2].value == 0 || tokens[end - 2].value == 1 else { return nil }
        if open == nil && end + 1 < tokens.count && tokens[end + 1].isPunct("/") { return nil }
        return (open ?? end - 2, tokens[end - 2].value == 1)
    }

    /// A form answer: a bare number alone after a question on its line (`How would you rate your pain today? 6`).
    /// The label is the nearest label word in the question; `scale` as in `strictLabelAndScale`.
    static func questionAnswer(_ r: Reading, tokens: [Token]) -> (label: Vocabulary.Label, scale: Bool?)? {
        let i = r.tokens.lowerBound
        guard i >= 2, tokens[i - 1].isPunct("?"), r.tokens.count == 1 else { return nil }
        if r.tokens.upperBound < tokens.count, tokens[r.tokens.upperBound].kind != .lineBreak { return nil }
        let question = tokens[i - 1].sentence
        var k = i - 2
        var scale: Bool?
        var label: Vocabulary.Label?
        while k >= 0, tokens[k].sentence == question {
            if scale == nil, let (start, oneToTen) = scaleSpan(endingAt: k, tokens: tokens) { scale = oneToTen; k = start - 1; continue }
            if label == nil, let found = labelWord(tokens[k]) { label = found }
            k -= 1
        }
        return label.map { ($0, scale) }
    }

    /// For a `/10`-style reading with no label nearby: the nearest label word earlier in its sentence,
    /// not reaching back past the previous reading (`Stress at work is high, she says 7 out of 10`).
    static func sentenceLabel(before i: Int, stop: Int, tokens: [Token]) -> Vocabulary.Label? {
        var k = i - 1
        while k >= max(0, stop), tokens[k].sentence == tokens[i].sentence {
            if let label = labelWord(tokens[k]), !Vocabulary.adjacentOnlyLabels.contains(tokens[k].text) {
                return questionnaire(after: k, tokens: tokens) ?? label
            }
            k -= 1
        }
        return nil
    }

    /// The nearest label among the five words before a `/10`-style reading, within its clause.
    static func looseLabel(before i: Int, tokens: [Token]) -> Vocabulary.Label? {
        var k = i - 1
        var words = 0
        while k >= 0, words < 5, tokens[k].sentence == tokens[i].sentence {
            let t = tokens[k]
            switch t.kind {
            case .punct: guard passThrough.contains(t.text) else { return nil }
            case .word:
                if words == 0, t.isWord(in: ["session", "massage", "treatment", "visit", "service", "experience"]) {
                    var m = k - 1
                    while m >= 0, tokens[m].isWord(in: ["the", "this", "today's", "her", "his", "their", "my"]) { m -= 1 }
                    if m >= 0, tokens[m].isWord(in: ["rate", "rated", "rates", "rating"]) { return .other("session rating") }
                }
                if let label = labelWord(t), words == 0 || !Vocabulary.adjacentOnlyLabels.contains(t.text) {
                    return questionnaire(after: k, tokens: tokens) ?? label
                }
                words += 1
            default: return nil
            }
            k -= 1
        }
        return nil
    }

    /// A label right after a reading: `4/10 pain`, `6/10 on pain scale`, `10/10 satisfaction`.
    static func labelAfter(_ i: Int, tokens: [Token]) -> Vocabulary.Label? {
        var k = i
        if k < tokens.count, tokens[k].isWord(in: ["on", "for", "in", "of", "with"]) { k += 1 }
        if k < tokens.count, tokens[k].isWord("the") { k += 1 }
        guard k < tokens.count, tokens[k].isWord, tokens[k].sentence == tokens[i - 1].sentence else { return nil }
        return Vocabulary.labels[tokens[k].text].map { questionnaire(after: k, tokens: tokens) ?? $0 }
    }

    /// `pain catastrophizing scale`, `pain disability index`: a questionnaire named after pain is not a pain score.
    private static func questionnaire(after k: Int, tokens: [Token]) -> Vocabulary.Label? {
        guard k + 1 < tokens.count, tokens[k + 1].isWord(in: Vocabulary.questionnaireWords) else { return nil }
        return .other(tokens[k + 1].text)
    }

    /// `decreased to 4/10` → false, `has decreased to 3/10` → true (a change since the last visit); nil otherwise.
    static func changeVerb(before i: Int, tokens: [Token]) -> Bool? {
        var k = i - 1
        while k >= 0, tokens[k].isWord(in: Vocabulary.readingLeadIns) || tokens[k].isPunct("~") { k -= 1 }
        guard k >= 0, tokens[k].isWord("to") else { return nil }
        k -= 1
        while k >= 0, tokens[k].isWord(in: ["it", "pain", "them", "further", "all", "the", "way"]) { k -= 1 }
        guard k >= 0, tokens[k].isWord(in: Vocabulary.changeVerbs) else { return nil }
        while k > 0, tokens[k - 1].isWord(in: Vocabulary.changeVerbs) { k -= 1 }
        var steps = 0
        var j = k - 1
        while j >= 0, steps < 3, tokens[j].sentence == tokens[i].sentence {
            if tokens[j].isWord(in: Vocabulary.perfectAuxiliaries) { return true }
            j -= 1; steps += 1
        }
        return false
    }

    /// The body region named next to a reading: before it in its clause (`low back 4/10`, `neck pain 6/10`)
    /// or right after it (`4/10 (neck)`, `4/10 in the neck`).
    static func region(of r: Reading, tokens: [Token]) -> String? {
        var k = r.tokens.lowerBound - 1
        var steps = 0
        while k >= 0, steps < 6, tokens[k].sentence == r.sentence {
            let t = tokens[k]
            if t.isNumber { break }
            if t.kind == .punct && !["(", ":", "-", "'", "&"].contains(t.text) { break }
            if let key = regionKey(tokens, k) { return key }
            k -= 1; steps += 1
        }
        k = r.tokens.upperBound
        steps = 0
        while k < tokens.count, steps < 4, tokens[k].sentence == r.sentence {
            let t = tokens[k]
            if let key = regionKey(tokens, k) { return key }
            guard t.isPunct("(") || t.isWord(in: ["in", "the", "her", "his", "at", "of", "l", "r", "left", "right", "low", "lower", "upper", "mid"]) else { break }
            k += 1; steps += 1
        }
        return nil
    }

    private static func regionKey(_ tokens: [Token], _ k: Int) -> String? {
        let t = tokens[k]
        guard t.isWord, Vocabulary.regions.contains(t.text) else { return nil }
        switch t.text {
        case "lbp": return "low back"
        case "headache", "headaches", "migraine", "head": return "head"
        default: break
        }
        var noun = t.text
        if noun.count > 3, noun.hasSuffix("s") { noun.removeLast() }
        if k > 0, tokens[k - 1].isWord(in: Vocabulary.regionModifiers) {
            var modifier = tokens[k - 1].text
            if modifier == "lower" { modifier = "low" }
            if modifier == "l" { modifier = "left" }
            if modifier == "r" { modifier = "right" }
            return modifier + " " + noun
        }
        return noun
    }
}
