/// Finds numbers written as scores (inputs.md §4 patterns 1–8) and refuses the ones that are not.
///
/// The result still contains bare numbers without a label; `Acceptance` decides which of those stay.
struct ReadingScanner {
    let tokens: [Token]
    private(set) var readings: [Reading] = []
    private(set) var ignored: [IgnoredNumber] = []

    init(tokens: [Token]) {
        self.tokens = tokens
        var i = 0
        while i < tokens.count {
            i = max(i + 1, scan(at: i))
        }
    }

    // MARK: - Token helpers

    private func token(_ i: Int) -> Token? { i >= 0 && i < tokens.count ? tokens[i] : nil }

    private func isNumber(_ i: Int, _ value: Double? = nil) -> Bool {
        guard let t = token(i), t.isNumber else { return false }
        return value.map { t.value == $0 } ?? true
    }

    /// Next index skipping hyphens.
    private func skipHyphens(_ i: Int) -> Int {
        var j = i
        while token(j)?.isPunct("-") == true { j += 1 }
        return j
    }

    // MARK: - Scanning

    /// Scans at token `i`; returns the index to continue from.
    private mutating func scan(at i: Int) -> Int {
        let t = tokens[i]
        if t.isWord("no"), let next = token(i + 1), next.isWord("pain") {
            return wordZero(i..<(i + 2))
        }
        if t.isWord("pain") {
            let j = skipHyphens(i + 1)
            if token(j)?.isWord("free") == true { return wordZero(i..<(j + 1)) }
        }
        if t.isWordNumber && t.value == 0, let next = token(i + 1), next.isWord("pain") {
            return wordZero(i..<(i + 2))
        }
        if t.isWord("painfree") { return wordZero(i..<(i + 1)) }
        // `Current pain: none`: a pain label, a colon, and `none`.
        if t.isWord("none"), token(i - 1)?.isPunct(":") == true, Labeller.strictLabel(before: i, tokens: tokens) == .pain {
            return wordZero(i..<(i + 1))
        }
        guard t.isNumber else { return i + 1 }
        if t.gluedLeft { return i + 1 }
        if let previous = token(i - 1) {
            // 120/80 and __/10: the number after a slash is never a score on its own.
            if previous.isPunct("/") || previous.isPunct("_") { return i + 1 }
            // L4-5, C5-6: the second half of a spinal level.
            if previous.isPunct("-"), previous.start == t.start - 1, let before = token(i - 2),
               before.end == previous.start, before.isWord || before.gluedLeft { return i + 1 }
        }
        if t.gluedRight {
            guard let unit = token(i + 1), unit.isWord("mm") || unit.isWord("cm") else { return i + 1 }
        }
        if t.value.isInfinite { return i + 1 }
        return number(at: i)
    }

    /// `no pain`, `pain-free`, `zero pain`.
    private mutating func wordZero(_ range: Range<Int>) -> Int {
        let next = token(range.upperBound)
        var accepted = true
        if let next, next.isWord {
            if Vocabulary.zeroBlockers.contains(next.text) || !Vocabulary.zeroFollowers.contains(next.text) { accepted = false }
        }
        if let previous = token(range.lowerBound - 1), previous.isWord(in: ["almost", "nearly", "being", "means", "verbalizes", "verbalises"])
            || previous.isPunct("=") {
            accepted = false  // `0 = no pain` is scale wording
        }
        let first = tokens[range.lowerBound], last = tokens[range.upperBound - 1]
        guard accepted else { return range.upperBound }
        var r = Reading(value: 0, form: .wordZero, tokens: range, start: first.start, end: last.end,
                        sentence: first.sentence, clause: first.clause, section: first.section)
        r.label = .pain
        readings.append(r)
        return range.upperBound
    }

    /// A number at `i`: works out its form (`/10`, `out of 10`, scale, range, unit or bare).
    private mutating func number(at i: Int) -> Int {
        let t = tokens[i]
        var form: Reading.Form = .bare
        var end = i + 1
        var high: Double?

        switch denominator(after: i) {
        case .refused(let reason, let last):
            ignored.append(IgnoredNumber(span: t.start..<tokens[last].end, reason: reason))
            return last + 1
        case .form(let f, let last):
            form = f
            end = last + 1
        case .none:
            if let range = range(after: i) {
                if range.isScaleDefinition { return range.last + 1 }
                form = range.form
                high = range.high
                end = range.last + 1
            } else if let unit = token(i + 1), unit.isWord("mm") || unit.isWord("cm") {
                form = unit.text == "mm" ? .millimetres : .centimetres
                end = i + 2
            }
        }

        let last = tokens[end - 1]
        if form == .overTen || form == .outOfTen || form == .scale(oneToTen: false) || form == .scale(oneToTen: true) {
            if t.value > 10 {
                ignored.append(IgnoredNumber(span: t.start..<last.end, reason: "above the top of a 0–10 scale"))
                return end
            }
            if let next = token(end), next.isWord(in: Vocabulary.countNouns) {
                ignored.append(IgnoredNumber(span: t.start..<next.end, reason: "a count (\(next.text)), not a score"))
                return end + 1
            }
        }
        if form == .perHundred && t.value > 100 { return end }
        var r = Reading(value: t.value, high: high, form: form, tokens: i..<end, start: t.start, end: last.end,
                        sentence: t.sentence, clause: t.clause, section: t.section)
        r.isWordNumber = t.isWordNumber
        r.approximate = isApproximate(before: i)
        r.isAnchor = isAnchor(after: end)
        readings.append(r)
        return end
    }

    /// Words that make a following `N/10` a date (`on 3/10`, `starting 5/10`, `next 4/10`).
    static let dateLeads: Set<String> = [
        "on", "dated", "date", "dos", "since", "until", "till", "seen", "starting", "next",
        "rebook", "rebooked", "scheduled", "due", "effective", "dob",
    ]

    private enum Denominator {
        case none
        case form(Reading.Form, last: Int)
        case refused(String, last: Int)
    }

    /// `/10`, `/100`, `/5`, dates, `out of 10`, `on a scale of 10` after the number at `i`.
    private func denominator(after i: Int) -> Denominator {
        let j = i + 1
        if token(j)?.isPunct("/") == true, let d = token(j + 1), d.isNumber, !d.isWordNumber {
            if token(j + 2)?.isPunct("/") == true, isNumber(j + 3) {
                return .refused("a date", last: j + 3)
            }
            if d.value == 10 {
                if let previous = token(i - 1), previous.isWord(in: Self.dateLeads), tokens[i].isInteger {
                    return .refused("a date", last: j + 1)
                }
                // `from 3/10 to 3/17`, `3/10-3/14`: next to a month/day date, it is a date too.
                if tokens[i].isInteger, let joiner = token(j + 2), joiner.isWord("to") || joiner.isPunct("-"),
                   isNumber(j + 3), token(j + 4)?.isPunct("/") == true, let day = token(j + 5), day.isNumber,
                   day.value != 10, day.value <= 31, day.isInteger {
                    return .refused("a date", last: j + 1)
                }
                return .form(.overTen, last: j + 1)
            }
            if d.value == 100 { return .form(.perHundred, last: j + 1) }
            return .refused(fractionReason(tokens[i].value, d.value), last: j + 1)
        }
        if token(j)?.isWord("out") == true, token(j + 1)?.isWord("of") == true, let d = token(j + 2), d.isNumber {
            if d.value == 10 { return .form(.outOfTen, last: j + 2) }
            if d.value == 100 { return .form(.perHundred, last: j + 2) }
            return .refused(fractionReason(tokens[i].value, d.value), last: j + 2)
        }
        if let (last, oneToTen) = scale(at: j) { return .form(.scale(oneToTen: oneToTen), last: last) }
        return .none
    }

    private func fractionReason(_ n: Double, _ d: Double) -> String {
        if d == 5 { return "a score out of 5 (strength or a quiz), not pain" }
        if d == 30 { return "a score out of 30 (e.g. MMSE), not pain" }
        if n >= 60 && d >= 30 { return "blood pressure, not pain" }
        let denominator = d < 1_000_000 ? String(Int(d)) : "a large number"
        return "a score out of \(denominator), not a 0–10 scale"
    }

    /// `on a scale of (0|1) to 10`, `on a 0-10 scale`, `on the 1-10 scale`, `on a 10-point scale`
    /// starting at `j`; returns the last token and whether the scale starts at 1.
    private func scale(at j: Int) -> (Int, Bool)? {
        guard token(j)?.isWord("on") == true else { return nil }
        var k = j + 1
        if token(k)?.isWord("a") == true || token(k)?.isWord("the") == true { k += 1 }
        if token(k)?.isWord("scale") == true {
            k += 1
            if token(k)?.isWord("of") == true || token(k)?.isWord("from") == true { k += 1 }
            if let (last, low) = span(from: k) { return (last, low == 1) }
            if isNumber(k, 10) { return (k, false) }
            return nil
        }
        if let (last, low) = span(from: k) {
            var m = skipHyphens(last + 1)
            if token(m)?.isWord("point") == true { m = m + 1 }
            if token(m)?.isWord("scale") == true { return (m, low == 1) }
            return nil
        }
        if isNumber(k, 10) {
            let m = skipHyphens(k + 1)
            if token(m)?.isWord("point") == true, token(m + 1)?.isWord("scale") == true { return (m + 1, false) }
        }
        return nil
    }

    /// `0 to 10`, `1-10`, `zero to ten` at `k`: the last token and the low end.
    private func span(from k: Int) -> (Int, Double)? {
        guard let low = token(k), low.isNumber, low.value == 0 || low.value == 1 else { return nil }
        var m = k + 1
        if token(m)?.isPunct("-") == true || token(m)?.isWord("to") == true { m += 1 } else { return nil }
        guard isNumber(m, 10) else { return nil }
        return (m, low.value)
    }

    private struct RangeMatch {
        var form: Reading.Form
        var high: Double
        var last: Int
        var isScaleDefinition: Bool
    }

    /// `A-B/10`, `A to B out of 10`, `A and B on a scale of 10`, `A or B`, and a bare `A-B`.
    private func range(after i: Int) -> RangeMatch? {
        let a = tokens[i]
        guard let joiner = token(i + 1) else { return nil }
        let isJoiner = joiner.isPunct("-") || joiner.isWord("to") || joiner.isWord("and") || joiner.isWord("or")
        guard isJoiner, let b = token(i + 2), b.isNumber, !b.gluedRight || token(i + 3)?.isWord("mm") == true else { return nil }
        if joiner.isWord("to") && hasFrom(before: i) { return nil }
        if joiner.isWord("and") && !(token(i - 1)?.isWord("between") == true) {
            // "A and B" is a range only when a scale follows: "1 and 2 on a scale of 10".
            if case .form = denominator(after: i + 2) {} else { return nil }
        }
        guard b.value > a.value, b.value <= 100 else { return nil }
        switch denominator(after: i + 2) {
        case .form(let f, let last):
            return RangeMatch(form: f, high: b.value, last: last, isScaleDefinition: false)
        case .refused:
            return nil
        case .none:
            if (a.value == 0 || a.value == 1) && b.value == 10 {
                return RangeMatch(form: .bare, high: 10, last: i + 2, isScaleDefinition: true)
            }
            guard b.value <= 10 else { return nil }
            return RangeMatch(form: .bare, high: b.value, last: i + 2, isScaleDefinition: false)
        }
    }

    /// True when `from` comes shortly before token `i` (a pair, not a range).
    func hasFrom(before i: Int) -> Bool {
        var k = i - 1
        var steps = 0
        while k >= 0, steps < 4, tokens[k].sentence == tokens[i].sentence {
            if tokens[k].isWord("from") { return true }
            guard tokens[k].isWord || tokens[k].isPunct("~") else { return false }
            k -= 1; steps += 1
        }
        return false
    }

    /// `~`, `about`, `approx.`, `more like` just before the number.
    private func isApproximate(before i: Int) -> Bool {
        var k = i - 1
        var steps = 0
        while k >= 0, steps < 3 {
            let t = tokens[k]
            if t.isPunct("~") { return true }
            if t.isWord(in: Vocabulary.approximators) { return true }
            guard t.isWord(in: ["a", "an", "at", "level", "is", "be"]) || t.isPunct(".") else { return false }
            k -= 1; steps += 1
        }
        return false
    }

    /// `0 = no pain`, `10 being the worst`, `4 just being annoying`.
    private func isAnchor(after end: Int) -> Bool {
        guard let next = token(end) else { return false }
        if next.isPunct("=") { return true }
        if next.isWord("being") || next.isWord("means") { return true }
        if next.isWord("just") && token(end + 1)?.isWord("being") == true { return true }
        if next.isWord("is"), token(end + 1)?.isWord("the") == true, token(end + 2)?.isWord(in: ["worst", "best"]) == true { return true }
        return false
    }
}
