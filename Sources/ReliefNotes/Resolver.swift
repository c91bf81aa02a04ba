/// Turns readings with roles into one `NoteExtraction`: picks, rejects, or sets aside each measure.
struct Resolver {
    let readings: [Reading]
    let roles: [Role]
    let note: String
    var ignored: [IgnoredNumber] = []
    private var result = NoteExtraction()

    init(readings: [Reading], roles: [Role], note: String) {
        self.readings = readings
        self.roles = roles
        self.note = note
    }

    mutating func resolve() -> NoteExtraction {
        let pain = painIndices()
        resolvePain(pain)
        result.sleep = resolveSingle(indices(for: .sleep), measure: .sleep, name: "sleep")
        result.mood = resolveSingle(indices(for: .mood), measure: .mood, name: "mood")
        result.stress = resolveSingle(indices(for: .stress), measure: .stress, name: "stress")
        ignored.sort { ($0.span.lowerBound, $0.span.upperBound) < ($1.span.lowerBound, $1.span.upperBound) }
        result.ignored = ignored
        return result
    }

    // MARK: - Which readings score what

    /// Pain readings; tension/stiffness-type readings only count when the note does not score pain itself.
    private mutating func painIndices() -> [Int] {
        let painLike = readings.indices.filter { readings[$0].label == nil || readings[$0].label?.isPainLike == true }
        let explicit = painLike.contains { k in
            guard readings[k].label == .pain else { return false }
            switch roles[k] {
            case .before, .after: return true  // a current pain score; a sub-measure or old reading does not count
            default: return false
            }
        }
        guard explicit else { return painLike }
        var kept: [Int] = []
        for k in painLike {
            if readings[k].label == .symptom {
                ignore(k, "a tension/stiffness-type score; the note scores pain separately")
            } else {
                kept.append(k)
            }
        }
        return kept
    }

    private func indices(for label: Vocabulary.Label) -> [Int] {
        readings.indices.filter { readings[$0].label == label }
    }

    // MARK: - Pain

    private mutating func resolvePain(_ indices: [Int]) {
        var before: [[Int]] = [[], []], after: [[Int]] = [[], []]
        var previous: [(Int, String)] = []
        for k in indices {
            switch roles[k] {
            case .ignored(let reason): ignore(k, reason)
            case .previous(let reason): previous.append((k, reason))
            case .sub(let q):
                if let high = readings[k].high {
                    ignore(k, "a range (\(rangeText(k, high))) in a \(q.rawValue) reading, not one score")
                } else {
                    result.painOther.append(PainSubMeasure(qualifier: q, score: score(k)))
                }
            case .before(let tier): before[tier - 1].append(k)
            case .after(let tier): after[tier - 1].append(k)
            }
        }
        result.painBefore = choose(before, measure: .painBefore, what: "current pain", supersededBy: "marked current")
        result.painAfter = choose(after, measure: .painAfter, what: "after-session pain", supersededBy: "marked after the session")
        for (k, reason) in previous { ignore(k, reason) }
        if result.painBefore == nil, !result.rejections.contains(where: { $0.measure == .painBefore }), let (k, reason) = previous.first {
            result.rejections.append(NoteRejection(measure: .painBefore, reason: reason + ", not this session", span: span(k)))
        }
    }

    // MARK: - Sleep, mood, stress

    private mutating func resolveSingle(_ indices: [Int], measure: NoteMeasure, name: String) -> ExtractedScore? {
        var current: [[Int]] = [[], []]
        var previous: [(Int, String)] = []
        for k in indices {
            switch roles[k] {
            case .ignored(let reason): ignore(k, reason)
            case .previous(let reason): previous.append((k, reason))
            case .after: ignore(k, "an after-session \(name) reading: only pain has an after score")
            case .sub: current[1].append(k)
            case .before(let tier): current[tier - 1].append(k)
            }
        }
        let chosen = choose(current, measure: measure, what: name, supersededBy: "marked current")
        for (k, reason) in previous { ignore(k, reason) }
        if chosen == nil, !result.rejections.contains(where: { $0.measure == measure }), let (k, reason) = previous.first {
            result.rejections.append(NoteRejection(measure: measure, reason: reason + ", not this session", span: span(k)))
        }
        return chosen
    }

    // MARK: - Choosing

    /// Picks the score from tiered candidates, or rejects the measure for a range or a disagreement.
    private mutating func choose(_ tiers: [[Int]], measure: NoteMeasure, what: String, supersededBy: String) -> ExtractedScore? {
        var chosen = tiers[0].isEmpty ? tiers[1] : tiers[0]
        if !tiers[0].isEmpty {
            for k in tiers[1] {
                // Another body region's reading is not superseded by a marked one: the note scores two regions.
                if let region = readings[k].region, tiers[0].contains(where: { j in
                    readings[j].region.map { $0 != region } == true && abs(readings[j].score - readings[k].score) >= 0.05
                }) {
                    chosen.append(k)
                } else {
                    ignore(k, "superseded by a reading \(supersededBy)")
                }
            }
        }
        guard let first = chosen.first else { return nil }
        if let k = chosen.first(where: { readings[$0].high != nil }), let high = readings[k].high {
            result.rejections.append(NoteRejection(measure: measure, reason: "a range (\(rangeText(k, high))), not one score", span: span(k)))
            return nil
        }
        var distinct: [Int] = []
        for k in chosen where !distinct.contains(where: { abs(readings[$0].score - readings[k].score) < 0.05 }) {
            distinct.append(k)
        }
        if distinct.count > 1 {
            let listed = distinct.prefix(3).map { "'\(ScalarSlice.text(note, span($0)))'" }
            let reason = "\(distinct.count == 2 ? "two" : "several") \(what) readings that disagree: " + listed.joined(separator: " and ")
            result.rejections.append(NoteRejection(measure: measure, reason: reason, span: span(distinct[0])))
            return nil
        }
        return score(first)
    }

    // MARK: - Helpers

    private func span(_ k: Int) -> Range<Int> { readings[k].start..<readings[k].end }

    private func score(_ k: Int) -> ExtractedScore {
        let r = readings[k]
        return ExtractedScore(value: r.score, rule: r.rule, span: span(k), approximate: r.approximate, scaleNote: r.scaleNote)
    }

    private func rangeText(_ k: Int, _ high: Double) -> String {
        ScalarSlice.text(note, span(k))
    }

    private mutating func ignore(_ k: Int, _ reason: String) {
        ignored.append(IgnoredNumber(span: span(k), reason: reason))
    }
}
