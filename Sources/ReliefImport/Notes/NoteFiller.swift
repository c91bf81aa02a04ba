import ReliefFiles
import ReliefModel
import ReliefNotes

/// Fills a session's empty score fields from its note text (`ImportOptions.scoresFromNotes`).
///
/// The rules, per measure (docs/import.md, "Scores in notes"):
/// - the row gives the score in its column: the column is kept; a note that states another value
///   is a warning (`note-disagrees`), never a silent change;
/// - the column is empty and the note states the score: the note's value is used, and the session
///   remembers the rule and span it came from (`NoteScore`);
/// - the column is empty and the note is ambiguous about the score (two current readings that
///   disagree, a range, a reading from an earlier visit): the row is rejected with the note's
///   reason (`ambiguous-note`) — a clinic types the value in or corrects the note;
/// - a value finer than a tenth (`VAS 3.75 cm`) cannot be stored: rejected (`note-score`).
struct NoteFiller {
    let note: String
    let extraction: NoteExtraction
    /// The scores taken from the note, in field order.
    private(set) var scores: [NoteScore] = []
    /// What happened to each extracted or refused measure, for the review file.
    private(set) var used: [NoteMeasure: String] = [:]

    init(note: String) {
        self.note = note
        extraction = NoteExtractor.extract(note)
    }

    enum Decision {
        /// Nothing to do: the column stands (or stays empty).
        case keep
        /// Use this value from the note.
        case fill(Double)
        /// Reject the row.
        case reject(Rule, message: String, quoted: String)
        /// Keep the column but warn.
        case warn(message: String, quoted: String)
    }

    /// The decision for `measure`, given the column's parsed value (`nil` when empty) and whether the
    /// column held something unusable (already reported; the note does not stand in for it).
    mutating func decide(_ measure: NoteMeasure, column: Double?, invalid: Bool) -> Decision {
        let name = Self.fieldName(measure)
        if let s = extraction[measure] {
            let quoted = s.text(in: note)
            if let column {
                used[measure] = "column kept"
                if abs(column - s.value) > 0.05 {
                    return .warn(message: "\(name) is \(column.plainText) but the note says \"\(quoted)\"; the column is kept",
                                 quoted: quoted)
                }
                return .keep
            }
            if invalid { used[measure] = "column invalid"; return .keep }
            let tenths = (s.value * 10).rounded()
            guard abs(tenths - s.value * 10) < 1e-9, (0...100).contains(tenths) else {
                used[measure] = "refused"
                return .reject(.noteScore, message: "\(name): the note's \"\(quoted)\" gives \(s.value), finer than the tenths "
                    + "a score is kept in; give \(name) in its column", quoted: quoted)
            }
            used[measure] = "filled"
            scores.append(NoteScore(field: Self.field(measure), rule: s.rule.rawValue, span: s.span, approximate: s.approximate))
            return .fill(tenths / 10)
        }
        if let r = extraction.rejections.first(where: { $0.measure == measure }) {
            let quoted = r.text(in: note)
            if column != nil || invalid { used[measure] = "column kept"; return .keep }
            used[measure] = "row rejected"
            return .reject(.ambiguousNote, message: "\(name) cannot be read from the note: \(r.reason); "
                + "give \(name) in its column or correct the note", quoted: quoted)
        }
        return .keep
    }

    /// The canonical column the measure fills.
    static func fieldName(_ m: NoteMeasure) -> String { field(m).rawValue }

    static func field(_ m: NoteMeasure) -> NoteScore.Field {
        switch m {
        case .painBefore: .painBefore
        case .painAfter: .painAfter
        case .sleep: .sleepQuality
        case .mood: .mood
        case .stress: .stress
        }
    }

    /// Review rows for this note (`NoteReview.columns` after file and line): one per score,
    /// sub-measure and refusal; `rowRejected` marks every row of a session that was not stored.
    func reviewRows(sessionID: String?, clientID: String?, date: String?, rowRejected: Bool) -> [[String]] {
        NoteExtractor.reviewRows(noteID: sessionID ?? "", text: note, extraction: extraction).map { r in
            // r: note_id, measure, value, rule, approximate, scale_note, rejection_reason, matched_text, sentence
            let measure = NoteMeasure(rawValue: r[1])
            let use = rowRejected ? "row rejected" : measure.flatMap { used[$0] } ?? "not used"
            return [sessionID ?? "", clientID ?? "", date ?? "", r[1], r[2], use] + r[3...]
        }
    }
}

/// The review file of notes extraction: each score read from a note beside the sentence it came from.
public enum NoteReview {
    /// `file`, `line` (of the row), then the session, the measure, the value, what Relief did with it
    /// (`filled`, `column kept`, `not used` for worst/best sub-measures, `row rejected`, `refused`),
    /// the extraction rule, whether the note hedged it, its scale, the reason a measure was refused,
    /// the matched text and its sentence.
    public static let columns = [
        "file", "line", "session_id", "client_id", "date", "measure", "value", "used",
        "rule", "approximate", "scale_note", "rejection_reason", "matched_text", "sentence",
    ]

    /// Writes the review rows of `summaries` to `path` (owner-only, written whole), formula-neutralised
    /// since the file is opened in a spreadsheet.
    /// - Throws: `FileError.cannotWrite` when the file cannot be written.
    public static func write(_ summaries: [ReadSummary], to path: String) throws(FileError) {
        var writer = try CSVWriter(path: path, options: .init(neutralizeFormulas: true))
        try writer.write(rowToFile: columns)
        for s in summaries { for r in s.noteReview { try writer.write(rowToFile: r.fields) } }
        try writer.close()
    }

    /// The CSV text `write` would produce.
    public static func text(_ summaries: [ReadSummary]) -> String {
        var writer = CSVWriter(options: .init(neutralizeFormulas: true))
        writer.write(row: columns)
        for s in summaries { for r in s.noteReview { writer.write(row: r.fields) } }
        return writer.text
    }
}

/// One row of the review file (`NoteReview.columns`).
public struct NoteReviewRow: Sendable, Codable, Hashable {
    public var file: String
    public var line: Int
    /// The columns after `file` and `line`.
    public var cells: [String]

    /// Every column, `NoteReview.columns` in order.
    public var fields: [String] { [file, String(line)] + cells }
}
