/// What a FHIR read did not import, counted: **one warning per kind of thing per file** (a
/// resource type, an unknown code, a coded answer without a value), naming how many resources
/// it covers and the line of the first, instead of one warning a line (a bulk export has
/// hundreds of Observations Relief does not read; the one line that matters must not drown).
///
/// Lines are the source's (global, for several files read as one); `diagnostics` turns them
/// into the file and line a clinic opens.
struct FHIRNotices {
    private struct Key: Hashable {
        var part: Int
        var column: String?
        var key: String
    }

    private struct Entry {
        var count = 0
        var line: Int?
        var one: String
        var many: (Int) -> String
        /// For coded answers: answer → (display, count), in order of first appearance.
        var answers: [(code: String, display: String?, count: Int)] = []
        var answerSystem: String?
        var measure = ""
        var observationCode = ""
    }

    private var entries: [Key: Entry] = [:]
    private var order: [Key] = []

    var isEmpty: Bool { entries.isEmpty }

    private mutating func bump(_ key: Key, line: Int?, one: String, many: @escaping (Int) -> String) {
        if entries[key] == nil {
            entries[key] = Entry(line: line, one: one, many: many)
            order.append(key)
        }
        entries[key]?.count += 1
    }

    /// A notice counted under `key` within one file: `one` when it happens once, `many` (prefixed
    /// with the count) when more often; the line is the first one's.
    mutating func note(part: Int, line: Int?, column: String?, key: String, one: String, many: String) {
        bump(Key(part: part, column: column, key: key), line: line, one: one, many: { "\($0) " + many })
    }

    mutating func unknownCode(_ shown: String, part: Int, line: Int) {
        bump(Key(part: part, column: "Observation.code", key: "unknown " + shown), line: line,
             one: "\(shown) is not a code Relief reads; ignored (map it if it is a 0–10 score)",
             many: { "\(shown) is not a code Relief reads; \($0) Observations ignored, the first on this line (map it if it is a 0–10 score)" })
    }

    mutating func promis(part: Int, line: Int) {
        let one = "PROMIS sleep disturbance is a T-score (mean 50, SD 10), not a 0–10 sleep quality; not imported. "
            + "If your clinic records a 0–10 sleep quality under this code, map it: sleep_quality = \(FHIRCodes.loinc)|\(FHIRCodes.promisSleep)"
        bump(Key(part: part, column: "Observation \(FHIRCodes.promisSleep)", key: "promis"), line: line,
             one: one, many: { "\($0) Observations, the first on this line: " + one })
    }

    mutating func ignoredType(_ type: String, part: Int) {
        bump(Key(part: part, column: type, key: "type"), line: nil,
             one: "1 \(type) resource ignored (Relief reads Patient, Practitioner, Encounter, Observation)",
             many: { "\($0) \(type) resources ignored (Relief reads Patient, Practitioner, Encounter, Observation)" })
    }

    /// An Observation whose value is a code the mapping file gives no number: one warning per
    /// observation code and file, naming every answer seen and how to map it.
    mutating func codedAnswer(observation code: String, measure: String, system: String?, answer: String,
                              display: String?, part: Int, line: Int) {
        let key = Key(part: part, column: "Observation \(code)", key: "coded " + measure)
        bump(key, line: line, one: "", many: { _ in "" })
        guard var e = entries[key] else { return }
        e.measure = measure
        e.observationCode = code
        if e.answerSystem == nil { e.answerSystem = system }
        if let i = e.answers.firstIndex(where: { $0.code == answer }) {
            e.answers[i].count += 1
        } else {
            e.answers.append((answer, display, 1))
        }
        entries[key] = e
    }

    private static func codedMessage(_ e: Entry) -> String {
        let seen = e.answers.map { a in
            a.code + (a.display.map { " \"\($0)\"" } ?? "") + (a.count > 1 ? " ×\(a.count)" : "")
        }.joined(separator: ", ")
        var s = "\(e.count) coded answer\(e.count == 1 ? "" : "s") not imported (\(seen))\(e.count > 1 ? ", the first on this line" : ""): "
        if e.observationCode == FHIRCodes.stress {
            s += "LOINC \(FHIRCodes.stress) (Stress level) is answered with codes ("
                + FHIRCodes.stressAnswers.map(\.display).joined(separator: ", ") + "), not a 0–10 score"
        } else {
            s += "\(e.observationCode) is answered with a code, not a 0–10 number"
        }
        let example = e.answers.first.map { a in (e.answerSystem.map { $0 + "|" } ?? "") + a.code } ?? "CODE"
        s += ", and Relief does not turn a code into a number. To import them as \(e.measure), give each answer its "
            + "value in the mapping file, e.g. \(e.measure)[\(example)] = <0–10>"
        return s
    }

    /// The warnings, in file order then line; `locate` turns a source line into (file, line in it),
    /// `file` names a part whose notice has no line.
    func diagnostics(file: (Int) -> String, locate: (Int) -> (file: String, line: Int)) -> [Diagnostic] {
        let sorted = order.sorted { a, b in
            if a.part != b.part { return a.part < b.part }
            return (entries[a]?.line ?? 0) < (entries[b]?.line ?? 0)
        }
        return sorted.compactMap { k in
            guard let e = entries[k] else { return nil }
            let message = k.key.hasPrefix("coded ") ? Self.codedMessage(e) : (e.count == 1 ? e.one : e.many(e.count))
            var path = file(k.part)
            var line: Int?
            if let l = e.line {
                let at = locate(l)
                path = at.file
                line = at.line
            }
            return Diagnostic(file: path, line: line, column: k.column, rule: .fhir, message: message, severity: .warning)
        }
    }
}
