import Foundation
import ReliefAnalytics
import ReliefReports

/// Reads the numbers and claims out of a client report's text (`pdftotext -raw`, whitespace
/// joined) and checks each against `relief analyze --json` for the same client and month
/// (issue 17): values within the printed precision, directions and "meaningful" only where the
/// JSON's flags say so, durations worded by the kind of number they are, comparisons only
/// where the bounds allow them, one definition of a gap.
///
/// Each violation starts with a code in brackets (`[gap-calendar] …`), so a test can assert
/// which defects an old report shows.
struct ReportClaims {
    let text: String
    let json: [String: Any]
    let w = ReportLanguage.english

    init(pdfText: String, json: [String: Any]) {
        text = pdfText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        self.json = json
    }

    // MARK: - Reading the JSON

    func value(_ path: String) -> Any? {
        var node: Any? = json
        for key in path.split(separator: ".") { node = (node as? [String: Any])?[String(key)] }
        return node is NSNull ? nil : node
    }

    func number(_ path: String) -> Double? { (value(path) as? NSNumber)?.doubleValue }
    func int(_ path: String) -> Int? { (value(path) as? NSNumber)?.intValue }
    func string(_ path: String) -> String? { value(path) as? String }
    func bool(_ path: String) -> Bool? { (value(path) as? NSNumber)?.boolValue }

    /// The period's relief median, as the kind of number the JSON's values make it.
    var reliefNow: DurationEstimate {
        guard (int("reliefDuration.intervals") ?? 0) > 0 else { return .unknown }
        return DurationEstimate(median: number("reliefDuration.medianDays"), medianFrom: number("reliefDuration.medianFromDays"),
                                longestFollowUp: number("reliefDuration.longestFollowUpDays"))
    }

    var reliefFirstMonth: DurationEstimate {
        guard value("reliefDuration.cumulative") != nil else { return .unknown }
        return DurationEstimate(median: number("reliefDuration.cumulative.firstMonthMedianDays"),
                                medianFrom: number("reliefDuration.cumulative.firstMonthMedianFromDays"),
                                longestFollowUp: number("reliefDuration.cumulative.firstMonthLongestFollowUpDays"))
    }

    // MARK: - Reading the text

    /// The capture groups of every match of `pattern` in the text.
    func matches(_ pattern: String) -> [[String]] {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (1..<m.numberOfRanges).map { i in
                let r = m.range(at: i)
                return r.location == NSNotFound ? "" : ns.substring(with: r)
            }
        }
    }

    func contains(_ phrase: String) -> Bool { text.contains(phrase) }

    /// A printed number ("3.5", "−2", "–" for none) back to a value.
    static func parse(_ s: String) -> Double? {
        Double(s.replacingOccurrences(of: "\u{2212}", with: "-"))
    }

    /// Whether `printed` is `actual` at the precision the report prints (one decimal).
    func agrees(_ printed: String, _ actual: Double?) -> Bool {
        guard let actual else { return printed == "–" }
        return printed == w.score(actual)
    }

    // MARK: - The checks

    func violations() -> [String] {
        var out: [String] = []
        func check(_ ok: Bool, _ message: @autoclosure () -> String) { if !ok { out.append(message()) } }

        let sessions = int("sessions") ?? -1
        let visits = int("consistency.visits") ?? -1
        let longestGap = int("consistency.longestGapDays")

        // Cards.
        for m in matches(#"Sessions this month (\d+)"#) { check(Int(m[0]) == sessions, "[sessions] card \(m[0]), JSON \(sessions)") }
        for m in matches(#"Pain before sessions, now (\S+) / 10"#) {
            check(agrees(m[0], number("pain.current")), "[pain-now] card \(m[0]), JSON \(number("pain.current") as Any)")
        }
        for m in matches(#"at the start (\S+) \(([^)]*)\)"#) {
            check(agrees(m[0], number("pain.baseline")), "[pain-start] card \(m[0]), JSON \(number("pain.baseline") as Any)")
            let expected = w.signedPercent(fraction: number("pain.percentChange").map { $0 / 100 }) ?? "–"
            check(m[1] == expected, "[percent] card (\(m[1])), expected (\(expected))")
        }
        check(!contains("+0%"), "[zero-sign] a change of 0% printed with a sign")
        if contains("a meaningful change") || contains("a clear improvement") {
            check(bool("pain.clinicallyMeaningful") == true, "[meaningful] claimed, JSON clinicallyMeaningful \(bool("pain.clinicallyMeaningful") as Any)")
        }
        for m in matches(#"Pain drop during a session (\S+) points"#) {
            check(agrees(m[0], number("pain.immediateRelief.mean")), "[drop] card \(m[0]), JSON \(number("pain.immediateRelief.mean") as Any)")
        }
        for (label, key) in [("Sleep quality", "sleep"), ("Mood", "mood"), ("Stress", "stress")] {
            for m in matches(label + #" \(10 is (?:best|worst)\) (\S+)"#) {
                check(agrees(m[0], number("\(key).current")), "[\(key)] card \(m[0]), JSON \(number("\(key).current") as Any)")
            }
        }

        // Relief: the card says what kind of number the median is, and never "–".
        for m in matches(#"Relief lasts(?: \(median\)| about| up to)? (.+?) first month (.+?);"#) {
            let now = w.duration(reliefNow)
            check(m[0] != "–", "[empty-card] relief card prints –")
            check(m[0] == now, "[relief-card] card '\(m[0])', the analysis allows '\(now)'")
            let first = w.duration(reliefFirstMonth)
            check(m[1] == first, "[first-month] card '\(m[1])', the analysis allows '\(first)'")
        }
        check(!contains("up to about"), "[hedge] 'up to about' is two kinds of number at once")
        let kind = reliefNow
        if !matches(#"(\d+(?:\.\d)?) days? or more"#).isEmpty {
            switch kind {
            case .exact, .moreThan: break
            default: out.append("[lower-bound-claim] 'or more' where the median is \(kind)")
            }
        }
        if contains("past the longest follow-up") || contains("beyond the longest follow-up") {
            if case .moreThan(let l) = kind { check(l > 0, "[follow-up] relief 'held' past a follow-up of 0 days") }
            else { out.append("[follow-up] relief claimed to outlast the follow-up, but the median is \(kind)") }
        }
        for m in matches(#"now lasts more than (\S+) days?:"#) {
            if case .moreThan(let x) = kind { check(agrees(m[0], x), "[relief-lower] more than \(m[0]), follow-up \(x)") }
            else { out.append("[relief-lower] 'more than' but the median is \(kind)") }
        }
        for m in matches(#"relief had worn off within (\S+) days?"#) {
            if case .atMost(let x) = kind { check(agrees(m[0], x), "[relief-bound] within \(m[0]), median up to \(x)") }
            else { out.append("[relief-bound] 'worn off within' but the median is \(kind)") }
        }
        for m in matches(#"now lasts about (\S+) days? \(the median\)"#) {
            if case .exact(let x) = kind { check(agrees(m[0], x), "[relief-exact] \(m[0]), median \(x)") }
            else { out.append("[relief-exact] 'lasts about' but the median is \(kind)") }
        }
        // Where the estimate comes from.
        let basis = string("reliefDuration.basis") ?? "none"
        if contains("from your pain at each visit") || contains("rests on your pain at each visit") {
            check(basis == "sessionsOnly", "[basis] 'from your pain at each visit', but the estimate rests on \(basis)")
        }
        if contains("rests on the days of relief you reported") || contains("Based on how many days you reported") {
            check(basis == "reportedDays", "[basis] 'the days you reported', but the estimate rests on \(basis)")
        }
        if contains("check-ins between visits") { check(basis == "checkIns", "[basis] 'check-ins', but the estimate rests on \(basis)") }
        // Now against the first month: only where the bounds allow it.
        let allowed = reliefNow.compared(with: reliefFirstMonth)
        if contains("longer than the") || contains("longer than in your first month") {
            check(allowed == .longer, "[compare] 'longer' than the first month, the bounds allow \(allowed.map(\.rawValue) ?? "no comparison")")
        }
        if contains("shorter than the") || contains("shorter than in your first month") {
            check(allowed == .shorter, "[compare] 'shorter' than the first month, the bounds allow \(allowed.map(\.rawValue) ?? "no comparison")")
        }
        for m in matches(#"(\d+) sessions? with relief on record"#) {
            check(Int(m[0]) == int("reliefDuration.intervals"), "[relief-count] \(m[0]), JSON \(int("reliefDuration.intervals") as Any)")
        }

        // Attendance: one definition of a gap.
        for m in matches(#"longest gap (\d+) days?"#) { check(Int(m[0]) == longestGap, "[gap-card] \(m[0]), JSON \(longestGap as Any)") }
        for m in matches(#"the longest gap was (\d+) days?"#) { check(Int(m[0]) == longestGap, "[gap-paragraph] \(m[0]), JSON \(longestGap as Any)") }
        for m in matches(#"1 gap over \d+ days: (\d+) days|gaps over \d+ days, the longest (\d+) days"#) {
            let printed = Int(m[0]) ?? Int(m[1])
            check(printed == longestGap, "[gap-calendar] calendar \(printed.map(String.init) ?? "?"), JSON \(longestGap as Any)")
        }
        if contains("Attendance Steady") { check(bool("consistency.consistent") == true, "[attendance] 'Steady', JSON not consistent") }
        if contains("Attendance Irregular") { check(visits >= 2 && bool("consistency.consistent") == false, "[attendance] 'Irregular' with \(visits) visit(s)") }
        if contains("spread out") { check(visits >= 2, "[spread-out] 'spread out' with \(visits) visit(s)") }

        // The paragraph.
        for m in matches(#"you came to (\d+) sessions?"#) { check(Int(m[0]) == sessions, "[paragraph-sessions] \(m[0]), JSON \(sessions)") }
        for m in matches(#", (\d+) in all since you started"#) {
            check(Int(m[0]) == int("sessionsOnRecord"), "[paragraph-total] \(m[0]), JSON \(int("sessionsOnRecord") as Any)")
        }
        for m in matches(#"now (\S+) out of 10, against (\S+) when you started"#) {
            check(agrees(m[0], number("pain.current")) && agrees(m[1], number("pain.baseline")), "[paragraph-pain] \(m)")
        }
        if contains("has been falling") { check(string("pain.trend.direction") == "improving", "[trend] 'falling', JSON \(string("pain.trend.direction") ?? "nil")") }
        if contains("has been rising") { check(string("pain.trend.direction") == "worsening", "[trend] 'rising', JSON \(string("pain.trend.direction") ?? "nil")") }
        for m in matches(#"lowered your pain by (\S+) points"#) {
            check(agrees(m[0], number("pain.immediateRelief.mean")), "[paragraph-drop] \(m[0]), JSON \(number("pain.immediateRelief.mean") as Any)")
        }
        return out
    }
}
