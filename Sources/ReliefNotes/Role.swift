/// What a reading means for this session, once the markers around it are read.
enum Role: Equatable {
    /// Not a reading for this session at all (goal, question, plan), with the reason.
    case ignored(String)
    /// A reading from an earlier time, with the reason.
    case previous(String)
    /// A worst/best/average/usual/conditional pain reading.
    case sub(PainQualifier)
    /// This session's before; tier 1 is explicitly marked (`today`, `pre-session`), tier 2 is not.
    case before(tier: Int)
    /// This session's after; tier 1 is explicitly marked, tier 2 is an unmarked reading in the Assessment.
    case after(tier: Int)
}

/// Attaches markers to readings and gives each reading its role (inputs.md §4, "Assigning before and after").
enum RoleAssigner {
    /// Which markers ended up on one reading.
    private struct Attached {
        var past: Marker?
        var between = false
        var current = false
        var after = false
        /// Set by a session marker (`after the session`, `post-tx`), not by a bare `post`.
        var afterSession = false
        var goal = false
        var qualifiers: [PainQualifier] = []
    }

    /// When several qualifiers sit by one reading: the explicit extremes first, then the condition, then the habitual.
    private static let qualifierPriority: [PainQualifier] = [.worst, .best, .conditional, .average, .usual]

    /// Extra distance for each comma between a marker and a reading, so markers stay in their clause.
    private static let commaPenalty = 20
    /// How far (in scalars) a qualifier may sit from its reading.
    private static let narrowWindow = 16
    private static let wideWindow = 28

    static func assign(_ readings: [Reading], markers: [Marker], tokens: [Token]) -> [Role] {
        var attached = [Attached](repeating: Attached(), count: readings.count)
        var betweenSentences: Set<Int> = []
        let questions = Tokenizer.questionSentences(tokens)

        for m in markers {
            switch m.kind {
            case .neutral:
                continue
            case .goal:
                for k in readings.indices where readings[k].sentence == m.sentence && readings[k].start >= m.start {
                    attached[k].goal = true
                }
            case .barePre, .barePost:
                if let k = adjacent(m, readings, tokens) {
                    if m.kind == .barePre { attached[k].current = true } else { attached[k].after = true }
                }
            case .past:
                if let k = nearest(m, readings, sameClause: true, window: nil) { attached[k].past = m }
            case .between:
                betweenSentences.insert(m.sentence)
                if let k = nearest(m, readings, sameClause: false, window: nil) { attached[k].between = true }
            case .current:
                if let k = nearest(m, readings, sameClause: false, window: nil) { attached[k].current = true }
            case .after:
                if let k = nearest(m, readings, sameClause: false, window: nil) { attached[k].after = true; attached[k].afterSession = true }
            case .qualifier(let q):
                let window = (left: m.isWide ? wideWindow : narrowWindow, right: narrowWindow)
                if let k = nearest(m, readings, sameClause: false, window: window) { attached[k].qualifiers.append(q) }
            }
        }

        propagate(markers, readings, &attached, tokens: tokens)

        return readings.indices.map { k in
            role(readings[k], attached[k], questions: questions, betweenSentences: betweenSentences, tokens: tokens)
        }
    }

    private static func role(_ r: Reading, _ a: Attached, questions: Set<Int>, betweenSentences: Set<Int>, tokens: [Token]) -> Role {
        if questions.contains(r.sentence) { return .ignored("a question or form prompt, not a reading") }
        if a.goal { return .ignored("a goal, not a reading") }
        if r.section == .plan && !a.after && !a.current { return .ignored("in the Plan section, not a reading") }
        let betweenVisits = r.pairBetweenVisits || betweenSentences.contains(r.sentence) || a.between
        if let past = a.past, !a.between { return .previous("a reading from an earlier visit ('\(past.text)')") }
        if r.pair == .from && betweenVisits { return .previous("the earlier end of a change since the last visit") }
        if r.pair == .fromAlone { return .previous("an earlier reading (a change 'from' it)") }
        if let q = qualifierPriority.first(where: { a.qualifiers.contains($0) }) {
            // `pain at rest 2/10 after the session`: a condition does not outweigh an explicit after-session marker.
            if !(q == .conditional && a.afterSession) { return .sub(q) }
        }
        let change = Labeller.changeVerb(before: r.tokens.lowerBound, tokens: tokens)
        if a.after || r.pair == .nowAt { return .after(tier: 1) }
        if r.pair == .to { return betweenVisits ? .before(tier: 1) : .after(tier: 1) }
        if let change { return (change || betweenVisits) ? .before(tier: 1) : .after(tier: 1) }
        if a.between || a.current || r.pair == .from || r.pair == .startedAt { return .before(tier: 1) }
        if r.section == .assessment { return .after(tier: 2) }
        return .before(tier: 2)
    }

    private static func isBare(_ a: Attached) -> Bool {
        a.past == nil && !a.between && !a.current && !a.after && !a.goal && a.qualifiers.isEmpty
    }

    /// Markers that cover more than their nearest reading:
    /// - a heading marker (`Post-treatment:`, `Goals:` ending its line) covers the readings of the lines below it,
    ///   up to an empty line, a SOAP section or another heading;
    /// - a marker in front of a list of body regions (`after massage hip 3/10, knee 4/10`) covers every
    ///   region reading after it in its sentence.
    /// Readings with markers of their own keep them.
    private static func propagate(_ markers: [Marker], _ readings: [Reading], _ attached: inout [Attached], tokens: [Token]) {
        func apply(_ kind: Marker.Kind, _ k: Int) {
            switch kind {
            case .after: attached[k].after = true
            case .current: attached[k].current = true
            case .goal: attached[k].goal = true
            default: break
            }
        }
        for m in markers where m.kind == .after || m.kind == .current || m.kind == .goal {
            let colon = m.tokens.upperBound
            if colon + 1 < tokens.count, tokens[colon].isPunct(":"), tokens[colon + 1].kind == .lineBreak, !tokens[colon + 1].isSoftWrap {
                var t = colon + 1
                let section = tokens[colon].section
                while t < tokens.count, tokens[t].section == section, !(tokens[t].kind == .lineBreak && tokens[t].isBlankLine) {
                    if t > colon + 1, tokens[t].isPunct(":"), t + 1 < tokens.count, tokens[t + 1].kind == .lineBreak { break }
                    t += 1
                }
                let end = t < tokens.count ? tokens[t].start : Int.max
                for k in readings.indices where readings[k].start >= m.end && readings[k].end <= end && isBare(attached[k]) {
                    apply(m.kind, k)
                }
                continue
            }
            guard m.kind != .goal, readings.allSatisfy({ $0.sentence != m.sentence || $0.start >= m.end }) else { continue }
            for k in readings.indices where readings[k].sentence == m.sentence && readings[k].region != nil
                && readings[k].pair == nil && isBare(attached[k]) {
                apply(m.kind, k)
            }
        }
    }

    /// The reading right next to a bare `pre`/`post`: the one after it (`pre 7`), else the one before (`7/10 pre`).
    private static func adjacent(_ m: Marker, _ readings: [Reading], _ tokens: [Token]) -> Int? {
        var j = m.tokens.upperBound
        while j < tokens.count, tokens[j].isPunct(":") || tokens[j].isPunct("(") || tokens[j].isPunct("=") || tokens[j].isPunct("-") { j += 1 }
        if let k = readings.firstIndex(where: { $0.tokens.lowerBound == j && $0.sentence == m.sentence }) { return k }
        var i = m.tokens.lowerBound
        while i > 0, tokens[i - 1].isPunct("(") || tokens[i - 1].isPunct("-") { i -= 1 }
        return readings.firstIndex(where: { $0.tokens.upperBound == i && $0.sentence == m.sentence })
    }

    /// The reading nearest to a marker in its sentence, counting a penalty for each comma crossed.
    private static func nearest(_ m: Marker, _ readings: [Reading], sameClause: Bool, window: (left: Int, right: Int)?) -> Int? {
        var best: (k: Int, cost: Int)?
        for (k, r) in readings.enumerated() where r.sentence == m.sentence {
            if sameClause && r.clause != m.clause { continue }
            let distance: Int
            if m.end <= r.start {
                distance = r.start - m.end
                if let window, distance > window.left { continue }
            } else if r.end <= m.start {
                distance = m.start - r.end
                if let window, distance > window.right { continue }
            } else {
                distance = 0
            }
            let cost = distance + commaPenalty * abs(r.clause - m.clause)
            if let current = best, current.cost <= cost { continue }
            best = (k, cost)
        }
        return best?.k
    }
}
