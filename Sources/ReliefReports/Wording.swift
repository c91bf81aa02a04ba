import ReliefModel

/// Numbers into plain words for a client who is not a statistician.
///
/// Rules: say "better" or "worse", never only "up" or "down"; never claim more than
/// the data show ("not enough sessions yet to see a trend"); one decimal at most.
public enum Wording {
    /// `3.5`, `4`, or "–" for a missing value.
    public static func score(_ v: Double?) -> String {
        guard let v else { return "–" }
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format1(r))
    }

    static func format1(_ v: Double) -> String {
        let scaled = Int((abs(v) * 10).rounded())
        return (v < 0 ? "-" : "") + String(scaled / 10) + "." + String(scaled % 10)
    }

    /// "−32%" with a true minus sign, or nil.
    public static func percent(_ v: Double?) -> String? {
        guard let v, v.isFinite else { return nil }
        let p = Int((v * 100).rounded())
        return p < 0 ? "−\(-p)%" : "+\(p)%"
    }

    /// "4.5 days", "1 day", "more than 14 days" style durations.
    public static func days(_ v: Double?) -> String {
        guard let v else { return "–" }
        let r = (v * 10).rounded() / 10
        let text = r == r.rounded() ? String(Int(r)) : format1(r)
        return text + (r == 1 ? " day" : " days")
    }

    public static func sessions(_ n: Int) -> String { n == 1 ? "1 session" : "\(n) sessions" }

    /// Whether a change in a measure is better, worse or about the same.
    /// Changes under half a point are "about the same": single 0–10 items have no
    /// validated minimal change (metrics.md, thresholds).
    public static func tone(of change: Double?, for measure: Measure) -> KeyFigure.Tone {
        guard let change, abs(change) >= 0.5 else { return .neutral }
        let improved = measure.better == .lower ? change < 0 : change > 0
        return improved ? .better : .worse
    }

    public static func compare(_ change: Double?, for measure: Measure) -> String {
        switch tone(of: change, for: measure) {
        case .better: "better"
        case .worse: "worse"
        case .neutral: "about the same"
        }
    }

    /// "last month 4.2" or "no sessions last month".
    public static func lastMonth(_ v: Double?, sessionsLastMonth: Int) -> String {
        if let v { return "last month \(score(v))" }
        return sessionsLastMonth == 0 ? "no sessions last month" : "last month –"
    }

    /// The short paragraph at the top of the client report.
    public static func summaryParagraph(name: String, _ s: ClientSummary) -> String {
        var parts: [String] = []
        parts.append("In \(s.month.longName) you came to \(sessions(s.sessionsThisMonth))" +
                     (s.sessionsTotal > s.sessionsThisMonth ? ", \(s.sessionsTotal) in all since you started." : "."))
        if let base = s.pain.baseline, let cur = s.pain.current, s.sessionsTotal >= 2 {
            var p = "Your pain before sessions is now \(score(cur)) out of 10, against \(score(base)) when you started"
            if s.clinicallyMeaningful == true {
                p += " — a clear improvement, large enough to matter in everyday life."
            } else if cur < base - 0.25 {
                p += " — better, though not yet by the 2 points and 30% that usually make a noticeable difference."
            } else if cur > base + 0.25 {
                p += " — higher than at the start; this is worth talking through with your therapist."
            } else {
                p += " — about the same as at the start."
            }
            parts.append(p)
        }
        if s.trendPoints < 4 {
            parts.append("There are not enough sessions yet to see a trend; after four or more it becomes clearer.")
        } else if let d = s.pain.direction {
            switch d {
            case "improving": parts.append("Across your sessions, pain before each visit has been falling steadily.")
            case "worsening": parts.append("Across your sessions, pain before each visit has been rising.")
            default: parts.append("Across your sessions, pain before each visit has not yet moved clearly in either direction.")
            }
        }
        if let r = s.immediateRelief, s.sessionsThisMonth > 0 {
            parts.append(r >= 0.5 ? "On average a session this month lowered your pain by \(score(r)) points straight away."
                                  : "This month's sessions changed your pain little straight away (\(score(r)) points on average).")
        }
        if let now = s.reliefDaysNow {
            var p = s.reliefFromReports ? "Relief after a session now lasts about \(days(now))"
                                        : "Relief after a session now lasts up to about \(days(now))"
            if let first = s.reliefDaysFirstMonth, first != now {
                p += now > first ? ", longer than the \(days(first)) of your first month." : ", shorter than the \(days(first)) of your first month."
            } else { p += "." }
            if !s.reliefFromReports {
                p += " This is estimated from your pain at each visit: it shows pain had come back by the next visit, not the day it did. Noting how many days relief lasts makes it precise."
            }
            parts.append(p)
        }
        var wellbeing: [String] = []
        for (label, item, measure) in [("sleep", s.sleep, Measure.sleep), ("mood", s.mood, .mood), ("stress", s.stress, .stress)] {
            guard let c = item.current, let b = item.baseline, s.sessionsTotal >= 2 else { continue }
            wellbeing.append("\(label) is \(compare(c - b, for: measure))")
        }
        if !wellbeing.isEmpty {
            parts.append("Since you started, " + list(wellbeing) + ".")
        }
        if let consistent = s.consistent {
            parts.append(consistent ? "You kept a steady rhythm of visits this month, which is what lets the effect build up."
                                    : "Visits this month were spread out" + (s.longestGapDays.map { " (the longest gap was \($0) days)" } ?? "") +
                                      "; a steadier rhythm usually lets relief build up.")
        }
        return parts.joined(separator: " ")
    }

    /// "a, b and c".
    public static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }
}
