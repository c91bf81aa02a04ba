/// Finds marker phrases in a tokenized note (inputs.md §4, "Assigning before and after").
enum MarkerScanner {
    private static let table: [(Phrase, Marker.Kind)] = {
        let weekdays = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|then|the|last|injury|accident|onset"
        let visit = "visit|session|appointment|treatment|massage|time|tx|week|month|visits"
        let session = "session|treatment|tx|massage|bodywork|visit"
        let lead = "?at|on|during|from|in ?the|her|his|my|our|their"
        var rows: [(String, Marker.Kind)] = [
            ("ago", .past), ("\(lead) last \(visit)", .past), ("\(lead) previous|prior \(visit)", .past), ("previously", .past),
            ("yesterday", .past), ("at intake", .past), ("initial|initially", .past), ("intake", .past), ("at ?the evaluation", .past),
            ("\(lead) initial evaluation|visit|assessment|eval|session|consultation|exam", .past),
            ("\(lead) first visit|session|appointment", .past),
            ("since ?the|my|our|her|his|their last|previous|prior \(visit)", .between),
            ("since then", .between), ("over the past|last", .between), ("between visits|sessions|appointments", .between),
            ("since \(weekdays)", .neutral), ("last night", .neutral),
            ("current", .current), ("currently", .current), ("right now", .current), ("now", .current),
            ("today", .current), ("today's", .current), ("this moment", .current), ("right this moment", .current),
            ("presents|presented|presenting ?today with", .current), ("on|upon arrival", .current),
            ("arrived|arrives|arriving with", .current), ("came|comes in with", .current),
            ("pre \(session)", .current), ("pretreatment|presession|pretx", .current),
            ("before ?the|this|today's|her|his \(session)", .current),
            ("prior to ?the|this|today's \(session)", .current),
            ("at|by ?the start|beginning of ?the|this|today's \(session)", .current),
            ("start|beginning of ?the|this|today's \(session)", .current),
            ("post \(session)", .after), ("posttreatment|postsession|posttx", .after),
            ("at|by ?the end of ?the|this|today's \(session)", .after), ("end of ?the|this|today's \(session)", .after),
            ("at the end", .after), ("?upon|on|after completion of ?the|this|today's \(session)", .after),
            ("similar|same|equal|compared|comparable|unchanged|different to|as|with|from ?the|her|his last|previous|prior \(visit)", .neutral),
            ("than ?the|her|his last|previous|prior \(visit)", .neutral), ("upon|on leaving|departure", .after), ("left at", .after),
            ("goal|goals|stg|ltg|aim|aims|target|targets", .goal), ("will", .goal), ("would like", .goal),
            ("hope|hopes|hoping", .goal), ("wants|want", .goal), ("expected", .goal), ("by discharge", .goal),
            ("decrease|reduce|lower|improve|eliminate|minimize|minimise|resolve ?the|his|her|their|client's|overall pain|stress|sleep|mood|symptoms|discomfort|tension|headaches|headache|lbp|ache|aches|stiffness|tightness", .goal),
            ("worst", .qualifier(.worst)), ("at ?its worst", .qualifier(.worst)), ("max|maximum|peak|peaks|highest", .qualifier(.worst)),
            ("as much|high as", .qualifier(.worst)),
            ("best", .qualifier(.best)), ("at ?its best", .qualifier(.best)), ("least|lowest|minimum", .qualifier(.best)),
            ("as low as", .qualifier(.best)), ("improves throughout|during|through ?the day", .qualifier(.best)),
            ("average|avg|mean", .qualifier(.average)), ("on average", .qualifier(.average)),
            ("usual|usually|normally|typically|typical", .qualifier(.usual)), ("?on most days", .qualifier(.usual)),
            ("most of the time", .qualifier(.usual)),
            ("at rest", .qualifier(.conditional)), ("wakes|waking|wake", .qualifier(.conditional)),
            ("on|upon waking", .qualifier(.conditional)), ("in the morning|mornings|evening|evenings", .qualifier(.conditional)),
            ("at night", .qualifier(.conditional)), ("?at ?the end of ?the day", .qualifier(.conditional)),
            ("by evening", .qualifier(.conditional)), ("?at end range", .qualifier(.conditional)),
            ("first thing", .qualifier(.conditional)),
            ("pre", .barePre), ("before", .barePre), ("post", .barePost), ("after", .barePost),
        ]
        rows.sort { $0.0.count > $1.0.count }
        return rows.map { (Phrase($0.0), $0.1) }
    }()

    /// Phrase indices by the words they can start with.
    private static let index: [String: [Int]] = {
        var map: [String: [Int]] = [:]
        for (k, row) in table.enumerated() {
            for word in row.0.firstWords { map[word, default: []].append(k) }
        }
        return map
    }()

    private static let conditionalLeads: Set<String> = ["with", "on", "during", "when", "while", "upon"]

    static func scan(_ tokens: [Token]) -> [Marker] {
        var markers: [Marker] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            guard token.isWord else { i += 1; continue }
            if let (kind, end) = special(tokens, i) {
                if let kind { markers.append(marker(kind, tokens, i..<end)) }
                i = max(end, i + 1)
                continue
            }
            var best: (end: Int, kind: Marker.Kind)?
            for k in index[token.text] ?? [] {
                if let end = table[k].0.match(tokens, at: i), end > i, end > (best?.end ?? i) {
                    best = (end, table[k].1)
                }
            }
            if let best {
                var kind = best.kind
                if kind == .barePre || kind == .barePost, !bareMarkerStandsAlone(tokens, best.end) {
                    i = best.end
                    continue
                }
                if case .qualifier(.conditional) = kind, isAggravated(tokens, i) { kind = .neutral }
                markers.append(marker(kind, tokens, i..<best.end))
                i = best.end
            } else {
                i += 1
            }
        }
        return markers
    }

    /// `after …`, `following …`, `before …` and `with/on/during … <activity>`, which need a look-ahead.
    /// Returns nil when the word is not one of these; `(nil, end)` consumes words without a marker.
    private static func special(_ tokens: [Token], _ i: Int) -> (Marker.Kind?, Int)? {
        let word = tokens[i].text
        let isAfter = word == "after" || word == "following"
        let isBefore = word == "before"
        guard isAfter || isBefore || conditionalLeads.contains(word) else { return nil }
        let reach = isAfter ? 5 : (isBefore ? 3 : 2)
        var j = i + 1
        var seen = 0
        var earlier = false
        while j < tokens.count, seen < reach, tokens[j].sentence == tokens[i].sentence {
            let t = tokens[j]
            if t.isPunct("-") { j += 1; continue }
            guard t.isWord || t.isNumber else { break }
            seen += 1
            if t.isWord {
                if (isAfter || isBefore) && Vocabulary.timeUnits.contains(t.text) { return (nil, i + 1) }
                // `after last week's session`: an earlier session, not this one.
                if t.isWord(in: ["last", "previous", "prior", "first", "initial", "yesterday's", "earlier"]) { earlier = true }
                if (isAfter || isBefore) && isSessionWord(t.text) {
                    if earlier { return (.past, j + 1) }
                    return (isAfter ? .after : .current, j + 1)
                }
                if !isBefore && Vocabulary.activityWords.contains(t.text) {
                    return (isAggravated(tokens, i) ? .neutral : .qualifier(.conditional), j + 1)
                }
            }
            j += 1
        }
        return nil
    }

    /// A session word, allowing one typo (`massgae`, `sesion`).
    private static func isSessionWord(_ word: String) -> Bool {
        Vocabulary.sessionWords.contains(word) || Vocabulary.correctedTypo(word).map { Vocabulary.sessionWords.contains($0) } == true
    }

    /// A bare `pre`/`post`/`before`/`after` marks a reading only when it stands alone: followed by punctuation,
    /// a number, the end, a conjunction, a label or a session word (`3/10 post`, `pre 7 post 3`, `4/10 pre and 2/10 post`),
    /// not by some other word (`7/10 after runs longer than 10 km`).
    private static func bareMarkerStandsAlone(_ tokens: [Token], _ end: Int) -> Bool {
        var k = end
        while k < tokens.count, tokens[k].isPunct("-") { k += 1 }
        guard k < tokens.count, tokens[k].isWord else { return true }
        let t = tokens[k]
        if t.isWord(in: ["and", "or", "then", "but", "vs", "versus", "was", "is", "pain", "of"]) { return true }
        if Labeller.labelWord(t) != nil { return true }
        return isSessionWord(t.text)
    }

    /// True when the word before token `i` makes what follows an aggravating factor (`worse with sitting`).
    private static func isAggravated(_ tokens: [Token], _ i: Int) -> Bool {
        var k = i - 1
        while k >= 0, tokens[k].isWord(in: ["and", "or", "especially", "mostly", "much", "significantly"]) { k -= 1 }
        return k >= 0 && tokens[k].isWord(in: Vocabulary.aggravators) && tokens[k].sentence == tokens[i].sentence
    }

    private static func marker(_ kind: Marker.Kind, _ tokens: [Token], _ range: Range<Int>) -> Marker {
        let first = tokens[range.lowerBound], last = tokens[range.upperBound - 1]
        let text = tokens[range].filter { $0.kind != .punct }.map(\.text).joined(separator: " ")
        return Marker(kind: kind, tokens: range, start: first.start, end: last.end,
                      sentence: first.sentence, clause: first.clause, text: text)
    }
}
