import ChartScene
import ReliefAnalytics
import ReliefModel

/// Every word, plural, number and date format a report prints, and the text's direction.
///
/// Reports never hold a literal sentence: they ask this value (`language.sessions(3)`,
/// `language.monthYear(m)`, `language.summaryParagraph(…)`). English is the only language
/// today; a second one is a second value of this type — its formats as fields, its phrases
/// by `code` in the `ReportLanguage+…` files — and, for right-to-left scripts, `direction`.
///
/// Rules every phrase keeps (tested in WordingTests with 0, 1 and 2 of everything):
/// one decimal at most (a weekly slope: two); a real minus sign; plurals from `plural`; "better"/"worse", never
/// only "up"/"down"; a comparison reads "as" after "the same"; reasons joined with "; "
/// start lowercase after the first.
public struct ReportLanguage: Sendable, Hashable {
    /// Text direction of the language's script.
    public enum Direction: String, Sendable, Hashable { case leftToRight, rightToLeft }

    /// BCP 47 code ("en").
    public var code: String
    public var direction: Direction
    /// Month names, January first.
    public var monthNames: [String]
    /// Abbreviated month names, January first (chart axes and calendars).
    public var shortMonthNames: [String]
    /// Weekday initials, Monday first (the attendance calendar).
    public var weekdayInitials: [String]
    /// The decimal separator ("." in English).
    public var decimalSeparator: String

    public static let english = ReportLanguage(
        code: "en", direction: .leftToRight,
        monthNames: ["January", "February", "March", "April", "May", "June", "July",
                     "August", "September", "October", "November", "December"],
        shortMonthNames: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        weekdayInitials: ["M", "T", "W", "T", "F", "S", "S"],
        decimalSeparator: ".")

    // MARK: - Dates

    /// "October 2026".
    public func monthYear(_ m: Month) -> String { monthNames[m.month - 1] + " " + String(m.year) }

    /// A day as reports print it (ISO 8601, unambiguous in every language).
    public func date(_ d: Day) -> String { d.iso }

    /// The chart theme with this language's month and weekday names.
    public func theme(_ base: Theme = .standard) -> Theme {
        var t = base
        t.monthNames = shortMonthNames
        t.weekdayInitials = weekdayInitials
        return t
    }

    // MARK: - Numbers

    /// `value` with exactly `decimals` decimals and a real minus sign (`NumberFormat.fixed`).
    public func fixed(_ value: Double, decimals: Int) -> String {
        localized(NumberFormat.fixed(value, decimals: decimals))
    }

    /// At most one decimal, none when whole: `3.5`, `4`; "–" for a missing value.
    public func score(_ v: Double?) -> String {
        guard let v else { return "–" }
        return localized(NumberFormat.compact((v * 10).rounded() / 10, maxDecimals: 1))
    }

    /// A signed percent of a share given as a fraction: "−32%", "+5%"; "0%" for no change; nil when missing.
    public func signedPercent(fraction v: Double?) -> String? {
        guard let v, v.isFinite else { return nil }
        return signedPercent(Int((v * 100).rounded()))
    }

    /// A signed percent given in percent: "−32%", "+5%", "0%"; "–" when missing.
    public func signedPercent(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "–" }
        return signedPercent(Int(v.rounded()))
    }

    private func signedPercent(_ p: Int) -> String {
        p < 0 ? "\u{2212}\(-p)%" : p == 0 ? "0%" : "+\(p)%"
    }

    /// A share (0–1) as a whole percent: "45%"; "–" when missing.
    public func share(_ v: Double?) -> String {
        guard let v else { return "–" }
        return "\(Int((v * 100).rounded()))%"
    }

    private func localized(_ s: String) -> String {
        decimalSeparator == "." ? s : s.replacingOccurrences(of: ".", with: decimalSeparator)
    }

    // MARK: - Counting

    /// "1 session", "2 sessions", "0 sessions": `n` and the noun in the right number.
    public func count(_ n: Int, _ singular: String, _ plural: String) -> String {
        "\(n) " + (n == 1 ? singular : plural)
    }

    public func sessions(_ n: Int) -> String { count(n, "session", "sessions") }
    public func clients(_ n: Int) -> String { count(n, "client", "clients") }

    /// "4.5 days", "1 day"; "–" for a missing value.
    public func days(_ v: Double?) -> String {
        guard let v else { return "–" }
        let r = (v * 10).rounded() / 10
        return score(r) + (r == 1 ? " day" : " days")
    }

    public func days(_ n: Int) -> String { count(n, "day", "days") }

    /// "a", "a and b", "a, b and c".
    public func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }

    /// Clauses joined with "; " into one sentence: the first capitalised, the rest as they
    /// are (lowercase), one full stop at the end.
    public func sentence(joining clauses: [String]) -> String {
        guard let first = clauses.first else { return "" }
        let head = first.prefix(1).uppercased() + first.dropFirst()
        return ([head] + clauses.dropFirst()).joined(separator: "; ") + "."
    }
}
