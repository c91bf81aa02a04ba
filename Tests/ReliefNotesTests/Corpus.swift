import Foundation
import ReliefNotes

/// One labelled row of `Corpus/notes-corpus.tsv` or `Corpus/notes-heldout-2.tsv` (format at the top of notes-corpus.tsv).
struct CorpusRow: Sendable, CustomStringConvertible {
    /// The file the row comes from, without extension: `notes-corpus` or `notes-heldout-2`.
    let corpus: String
    let id: String
    let source: String
    let expected: [NoteMeasure: Double]
    let other: [String]
    let rejected: Set<NoteMeasure>
    let text: String

    var description: String { id }

    /// The 38 rows of inputs.md §3 are `s01`…`s38`.
    var specRow: Int? { id.hasPrefix("s") ? Int(id.dropFirst()) : nil }
}

enum Corpus {
    /// The labelled files under `Corpus/`, in load order. `notes-heldout-2` was written before the
    /// extractor ran on it (see its header and docs/notes-extraction.md).
    static let files = ["notes-corpus", "notes-heldout-2", "notes-heldout-3"]

    /// Every row of every file.
    static let rows: [CorpusRow] = files.flatMap(load)

    static func row(_ id: String) -> CorpusRow? { rows.first { $0.id == id } }

    private static let columns: [(String, NoteMeasure)] = [
        ("before", .painBefore), ("after", .painAfter), ("sleep", .sleep), ("mood", .mood), ("stress", .stress),
    ]
    private static let rejectNames: [String: NoteMeasure] = [
        "before": .painBefore, "after": .painAfter, "sleep": .sleep, "mood": .mood, "stress": .stress,
    ]

    private static func load(_ file: String) -> [CorpusRow] {
        guard let url = Bundle.module.url(forResource: file, withExtension: "tsv", subdirectory: "Corpus"),
              let data = try? Data(contentsOf: url), let content = String(data: data, encoding: .utf8) else { return [] }
        var rows: [CorpusRow] = []
        for line in content.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") || line.hasPrefix("id\t") { continue }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 10 else { continue }
            var expected: [NoteMeasure: Double] = [:]
            for (k, (_, measure)) in columns.enumerated() {
                if let v = Double(f[2 + k]) { expected[measure] = v }
            }
            let other = f[7] == "-" ? [] : f[7].split(separator: ";").map(String.init)
            let rejected = f[8] == "-" ? [] : Set(f[8].split(separator: ",").compactMap { rejectNames[String($0)] })
            let text = f[9].replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\r", with: "\r")
                .replacingOccurrences(of: "\\t", with: "\t")
            rows.append(CorpusRow(corpus: file, id: f[0], source: f[1], expected: expected, other: other, rejected: rejected, text: text))
        }
        return rows
    }

    /// The extracted (measure, value) pairs of one note.
    static func hits(_ e: NoteExtraction) -> [NoteMeasure: Double] {
        var result: [NoteMeasure: Double] = [:]
        for m in NoteMeasure.allCases { if let s = e[m] { result[m] = s.value } }
        return result
    }

    /// Sub-measures as `qualifier=value`, sorted, for comparison with the `other` column.
    static func others(_ e: NoteExtraction) -> [String] {
        e.painOther.map { "\($0.qualifier.rawValue)=\(format($0.score.value))" }.sorted()
    }

    static func format(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }

    struct Score {
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        var precision: Double { Double(truePositives) / Double(max(1, truePositives + falsePositives)) }
        var recall: Double { Double(truePositives) / Double(max(1, truePositives + falseNegatives)) }
        var mistakes: [String] = []
    }

    /// Precision and recall over (measure, value) hits, as defined in the issue.
    static func evaluate(_ include: (CorpusRow) -> Bool = { _ in true }) -> Score {
        var score = Score()
        for row in rows where include(row) {
            let got = hits(NoteExtractor.extract(row.text))
            for m in NoteMeasure.allCases {
                switch (got[m], row.expected[m]) {
                case let (g?, e?) where abs(g - e) <= 0.05: score.truePositives += 1
                case let (g?, e?):
                    score.falsePositives += 1; score.falseNegatives += 1
                    score.mistakes.append("\(row.id) \(m.rawValue): got \(g), expected \(e)")
                case let (g?, nil):
                    score.falsePositives += 1
                    score.mistakes.append("\(row.id) \(m.rawValue): got \(g), expected none")
                case let (nil, e?):
                    score.falseNegatives += 1
                    score.mistakes.append("\(row.id) \(m.rawValue): missed \(e)")
                case (nil, nil): break
                }
            }
        }
        return score
    }
}
