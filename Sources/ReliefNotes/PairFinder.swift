/// Finds pairs of readings (inputs.md §4 pattern 9): `from N to M`, `N -> M`, `started at N … now at M`.
enum PairFinder {
    /// Words before `from` that make a lone `from N` an earlier reading: `down from 7/10`.
    private static let changeWords: Set<String> = [
        "down", "up", "improved", "improvement", "decreased", "reduced", "increased", "better", "change", "changed",
        "dropped", "decrease", "reduction", "worse", "lower",
    ]

    static func find(_ readings: inout [Reading], tokens: [Token]) {
        guard readings.count > 0 else { return }
        fromTo(&readings, tokens: tokens)
        readings.removeAll { $0.mergedAway }
        arrows(&readings, tokens: tokens)
        startedNow(&readings, tokens: tokens)
    }

    /// The index of the `from` that leads into the reading at token `i`, if any.
    private static func fromIndex(before i: Int, tokens: [Token]) -> Int? {
        var k = i - 1
        var steps = 0
        while k >= 0, steps < 4, tokens[k].sentence == tokens[i].sentence {
            if tokens[k].isWord("from") { return k }
            guard tokens[k].isWord || tokens[k].isPunct("~") else { return nil }
            k -= 1; steps += 1
        }
        return nil
    }

    private static func fromTo(_ readings: inout [Reading], tokens: [Token]) {
        for a in readings.indices where readings[a].pair == nil {
            guard let from = fromIndex(before: readings[a].tokens.lowerBound, tokens: tokens) else { continue }
            var partner: Int?
            if a + 1 < readings.count, readings[a + 1].sentence == readings[a].sentence {
                let gap = readings[a].tokens.upperBound..<readings[a + 1].tokens.lowerBound
                var k = gap.upperBound - 1
                while k >= gap.lowerBound, tokens[k].isWord(in: Vocabulary.readingLeadIns) || tokens[k].isPunct("~") { k -= 1 }
                let onlyWords = tokens[gap].allSatisfy { $0.isWord || $0.isNumber || $0.isPunct("-") }
                if gap.count <= 7, onlyWords, k >= gap.lowerBound, tokens[k].isWord("to") { partner = a + 1 }
            }
            if let b = partner {
                let (ra, rb) = (readings[a], readings[b])
                // `from 8 per month to 3 per month`: bare numbers with a unit are counts, not scores.
                if followedByUnit(ra, tokens) || followedByUnit(rb, tokens) { continue }
                // `ranging from 2 to 8/10`, `varies from 3 to 6`: a range, not a change.
                if from > 0, tokens[from - 1].isWord(in: rangeWords), rb.value > ra.value {
                    readings[a].high = rb.value
                    readings[a].end = rb.end
                    readings[a].tokens = ra.tokens.lowerBound..<rb.tokens.upperBound
                    if ra.form == .bare { readings[a].form = rb.form }
                    if readings[a].label == nil { readings[a].label = rb.label }
                    readings[b].mergedAway = true
                    continue
                }
                if ra.form == .bare && rb.form == .bare && (ra.value == 0 || ra.value == 1) && rb.value == 10 {
                    readings[a].isAnchor = true; readings[b].isAnchor = true
                    continue
                }
                let painContext = ra.form.hasScale || rb.form.hasScale || ra.label?.isPainLike == true
                    || sentenceHasPainWord(tokens, sentence: ra.sentence, before: ra.tokens.lowerBound)
                guard painContext, rb.score <= 10 || rb.form == .perHundred || rb.form == .millimetres else { continue }
                let between = perfect(before: from, tokens: tokens)
                readings[a].pair = .from; readings[b].pair = .to
                readings[a].pairRule = .pairFromTo; readings[b].pairRule = .pairFromTo
                readings[a].pairBetweenVisits = between; readings[b].pairBetweenVisits = between
                if rb.label == nil { readings[b].label = ra.label }
            } else if from > 0, tokens[from - 1].isWord(in: changeWords) {
                readings[a].pair = .fromAlone
            }
        }
    }

    /// Words before `from` that make `from A to B` a range: `ranging from 2 to 8/10`.
    private static let rangeWords: Set<String> = [
        "ranging", "ranges", "range", "varies", "varying", "varied", "fluctuates", "fluctuating", "fluctuated", "anywhere",
    ]

    /// A bare number followed by a unit or count word (`8 per month`, `3 times`).
    private static func followedByUnit(_ r: Reading, _ tokens: [Token]) -> Bool {
        guard r.form == .bare, r.tokens.upperBound < tokens.count else { return false }
        let next = tokens[r.tokens.upperBound]
        return next.isWord(in: Vocabulary.unitWords) || next.isPunct("%") || next.isPunct("x")
    }

    /// `has improved from`, `have gone from`: a change between visits.
    private static func perfect(before from: Int, tokens: [Token]) -> Bool {
        var k = from - 1
        var steps = 0
        while k >= 0, steps < 4, tokens[k].sentence == tokens[from].sentence {
            if tokens[k].isWord(in: Vocabulary.perfectAuxiliaries) { return true }
            k -= 1; steps += 1
        }
        return false
    }

    private static func sentenceHasPainWord(_ tokens: [Token], sentence: Int, before i: Int) -> Bool {
        var k = i - 1
        while k >= 0, tokens[k].sentence == sentence {
            if let label = Vocabulary.labels[tokens[k].text], tokens[k].isWord, label.isPainLike { return true }
            k -= 1
        }
        return false
    }

    /// `4/10 -> 2/10`, `2/10 → 0/10`, `8/10 => 3/10`.
    private static func arrows(_ readings: inout [Reading], tokens: [Token]) {
        for a in readings.indices.dropLast() where readings[a].pair == nil && readings[a + 1].pair == nil {
            let gap = tokens[readings[a].tokens.upperBound..<readings[a + 1].tokens.lowerBound]
            guard gap.count >= 1, gap.count <= 2, gap.last?.isPunct(">") == true,
                  gap.count == 1 || gap.first?.isPunct("-") == true || gap.first?.isPunct("=") == true,
                  readings[a].sentence == readings[a + 1].sentence else { continue }
            guard readings[a].form.hasScale || readings[a + 1].form.hasScale else { continue }
            readings[a].pair = .from; readings[a + 1].pair = .to
            readings[a].pairRule = .pairArrow; readings[a + 1].pairRule = .pairArrow
            if readings[a + 1].label == nil { readings[a + 1].label = readings[a].label }
        }
    }

    /// `started at a 6 and now … at a 2` (inputs.md §3 row 25): within one session.
    private static func startedNow(_ readings: inout [Reading], tokens: [Token]) {
        for a in readings.indices where readings[a].pair == nil {
            var k = readings[a].tokens.lowerBound - 1
            while k >= 0, tokens[k].isWord(in: ["a", "an", "level"]) { k -= 1 }
            guard k >= 1, tokens[k].isWord("at"), tokens[k - 1].isWord(in: ["started", "began", "start", "starting"]) else { continue }
            for b in readings.indices where b > a && readings[b].sentence == readings[a].sentence && readings[b].pair == nil {
                let gap = tokens[readings[a].tokens.upperBound..<readings[b].tokens.lowerBound]
                guard gap.contains(where: { $0.isWord("now") }) else { continue }
                readings[a].pair = .startedAt; readings[b].pair = .nowAt
                readings[a].pairRule = .startedNow; readings[b].pairRule = .startedNow
                if readings[a].label == nil { readings[a].label = .pain }
                if readings[b].label == nil { readings[b].label = .pain }
                break
            }
        }
    }
}
