import ReliefModel

/// The warnings of one rule in a file, counted, with the first few: what a person reads instead
/// of one line per row (`relief import`'s summary, the web app's import page).
public struct WarningGroup: Sendable, Codable, Hashable {
    /// The rule (`duplicate`, `unknown-column` …; `Rule`'s raw values).
    public var rule: String
    /// How many warnings of this rule the file had (those kept in the summary).
    public var count: Int
    /// The lines (or a workbook's rows) of the first few, in file order; empty for whole-file warnings.
    public var lines: [Int]
    /// The first warning of the rule, as `Diagnostic.description` prints it.
    public var first: String
    /// The first few warnings of the rule, in full (as many as `lines` allows).
    public var examples: [String] = []

    /// One line: `14 × duplicate (lines 5, 9, 12, …): sessions.csv:5: session_id: S1 repeats line 3 exactly; skipped`.
    public var line: String {
        var s = "\(count) × \(rule)"
        let distinct = lines.reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
        if count > 1 && !distinct.isEmpty {
            s += " (" + (distinct.count == 1 ? "line " : "lines ") + distinct.map(String.init).joined(separator: ", ")
                + (count > lines.count ? ", …" : "") + ")"
        }
        return s + ": " + first
    }

    /// What a person reads: each warning in full while there are no more than the examples
    /// kept (two different notes of one rule are both seen), else the counted `line`.
    public var printed: [String] { count <= examples.count ? examples : [line] }
}

/// Groups a summary's warnings by rule (`ReadSummary.diagnostics` itself stays complete, for
/// `--json` and `--rejects`).
public enum DiagnosticDigest {
    /// One group per warning rule, in the order the rules first appear; each names its first
    /// `examples` lines.
    public static func warningGroups(_ diagnostics: [Diagnostic], examples: Int = 3) -> [WarningGroup] {
        var order: [String] = []
        var groups: [String: WarningGroup] = [:]
        for d in diagnostics where d.severity == .warning {
            if var g = groups[d.rule] {
                g.count += 1
                if let l = d.line, g.lines.count < examples { g.lines.append(l) }
                if g.examples.count < examples { g.examples.append(d.description) }
                groups[d.rule] = g
            } else {
                order.append(d.rule)
                groups[d.rule] = WarningGroup(rule: d.rule, count: 1, lines: d.line.map { [$0] } ?? [], first: d.description,
                                              examples: [d.description])
            }
        }
        return order.compactMap { groups[$0] }
    }

    /// The rejecting diagnostics, as they print.
    public static func errorLines(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.filter { $0.severity == .error }.map(\.description)
    }
}
