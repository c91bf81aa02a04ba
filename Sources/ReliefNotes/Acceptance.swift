/// Decides which labelled readings are scores at all, and records why the others were refused.
enum Acceptance {
    static func filter(_ readings: [Reading], tokens: [Token], ignored: inout [IgnoredNumber]) -> [Reading] {
        var kept: [Reading] = []
        for var r in readings {
            let span = r.start..<r.end
            if r.mergedAway { continue }
            if r.isAnchor {
                ignored.append(IgnoredNumber(span: span, reason: "scale wording ('0 = no pain'), not a reading"))
                continue
            }
            // Whatever the pattern, a score must land on 0–10 (VAS 150 mm, 37 cm, from 99 to 4 do not).
            let top = r.high.map { r.form == .millimetres || r.form == .perHundred ? $0 / 10 : $0 } ?? r.score
            guard r.score >= 0, top <= 10 else {
                if r.label?.isPainLike == true && r.value != 99 {
                    ignored.append(IgnoredNumber(span: span, reason: "outside the 0–10 scale"))
                } else if r.value == 99 && r.label?.isPainLike == true {
                    ignored.append(IgnoredNumber(span: span, reason: "99 means 'unable to respond': recorded as missing"))
                }
                continue
            }
            switch r.form {
            case .wordZero:
                kept.append(r)
            case .bare:
                if r.pair != nil { kept.append(r); continue }
                if r.isWordNumber && r.value == 0 && Labeller.changeVerb(before: r.tokens.lowerBound, tokens: tokens) != nil {
                    r.form = .wordZero
                    r.label = r.label ?? .pain
                    kept.append(r)
                    continue
                }
                guard let label = r.label else { continue }
                guard followerAllowsBare(r, tokens: tokens) else { continue }
                if r.statedScale, r.value <= 10, !isOther(label) {
                    r.form = .scale(oneToTen: r.statedOneToTen)
                    kept.append(r)
                    continue
                }
                switch label {
                case .pain, .symptom:
                    if r.value == 99 {
                        ignored.append(IgnoredNumber(span: span, reason: "99 means 'unable to respond': recorded as missing"))
                    } else if r.value <= 10 && r.high.map({ $0 <= 10 }) ?? true {
                        kept.append(r)
                    }
                case .sleep, .mood, .stress:
                    if r.value <= 10 {
                        ignored.append(IgnoredNumber(span: span, reason: "no 0–10 scale stated next to \(name(label)) (could be hours)"))
                    }
                case .other:
                    continue
                }
            case .millimetres, .centimetres:
                if sentenceMentionsVAS(tokens, r) {
                    if r.label == nil || r.label?.isPainLike == false { r.label = .pain }
                    kept.append(r)
                } else if r.label?.isPainLike == true {
                    ignored.append(IgnoredNumber(span: span, reason: "a length in mm/cm without 'VAS': not read as pain"))
                }
            case .perHundred:
                if r.label?.isPainLike == true || sentenceMentions(tokens, r, ["slider", "vas", "visual"]) {
                    r.label = .pain
                    kept.append(r)
                } else {
                    ignored.append(IgnoredNumber(span: span, reason: "a score out of 100 with no pain label"))
                }
            case .overTen, .outOfTen, .scale:
                if case .other(let word) = r.label {
                    ignored.append(IgnoredNumber(span: span, reason: "a \(word) score, not pain"))
                    continue
                }
                kept.append(r)
            }
        }
        return kept
    }

    private static func isOther(_ label: Vocabulary.Label) -> Bool {
        if case .other = label { return true }
        return false
    }

    /// True when the quote mark at token `i` closes a quotation opened earlier in its sentence (`pain 'about a 5'`),
    /// so it is not a foot or inch mark (`5'8"`).
    private static func isClosingQuote(_ tokens: [Token], _ i: Int) -> Bool {
        let mark = tokens[i].text
        var count = 0
        var k = i - 1
        while k >= 0, tokens[k].sentence == tokens[i].sentence || tokens[k].kind == .lineBreak && k == i - 1 {
            if tokens[k].isPunct(mark), k == 0 || tokens[k - 1].end < tokens[k].start || !tokens[k - 1].isNumber { count += 1 }
            k -= 1
        }
        return count % 2 == 1
    }

    static func name(_ label: Vocabulary.Label) -> String {
        switch label {
        case .pain: "pain"
        case .symptom: "symptom"
        case .sleep: "sleep"
        case .mood: "mood"
        case .stress: "stress"
        case .other(let w): w
        }
    }

    /// A bare number is a score only when no unit, count, time or percentage follows it.
    private static func followerAllowsBare(_ r: Reading, tokens: [Token]) -> Bool {
        let i = r.tokens.upperBound
        guard i < tokens.count, tokens[i].sentence == tokens[i - 1].sentence || tokens[i].kind == .lineBreak else { return true }
        let next = tokens[i]
        switch next.kind {
        case .lineBreak: return true
        case .number: return false
        case .word:
            if Vocabulary.unitWords.contains(next.text) { return false }
            if r.isWordNumber { return Vocabulary.wordNumberFollowers.contains(next.text) }
            return true
        case .punct:
            if (next.text == "'" || next.text == "\"") && isClosingQuote(tokens, i) { return true }
            if ["%", "/", "'", "\"", "+", "x"].contains(next.text) { return false }
            if next.text == ":" && i + 1 < tokens.count && tokens[i + 1].isNumber { return false }
            if next.text == "-" && i + 1 < tokens.count && (tokens[i + 1].isWord || tokens[i + 1].isNumber) && tokens[i + 1].start == next.end {
                return false
            }
            return true
        }
    }

    private static func sentenceMentionsVAS(_ tokens: [Token], _ r: Reading) -> Bool {
        sentenceMentions(tokens, r, ["vas", "visual"])
    }

    private static func sentenceMentions(_ tokens: [Token], _ r: Reading, _ words: Set<String>) -> Bool {
        var k = r.tokens.lowerBound - 1
        while k >= 0, tokens[k].sentence == r.sentence {
            if tokens[k].isWord(in: words) { return true }
            k -= 1
        }
        return false
    }
}
