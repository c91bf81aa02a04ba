/// Rows for the clinic's review CSV: one row per extracted, sub-measure or rejected value of a note.
extension NoteExtractor {
    /// The column names of `reviewRows`, in order.
    ///
    /// - `note_id`: the caller's id for the note.
    /// - `measure`: `pain-before`, `pain-after`, `sleep`, `mood`, `stress`, or `pain-worst` / `pain-best` /
    ///   `pain-average` / `pain-usual` / `pain-conditional` for sub-measures (never used as before/after).
    /// - `value`: the 0–10 score (`/100` and VAS mm already ÷10), empty for a rejected measure.
    /// - `rule`: the `NoteRule` raw value that matched (`n-over-10`, `pair-from-to`, …), empty for a rejection.
    /// - `approximate`: `true` when the note hedged the number (`~2/10`, `about 3/10`), else `false`; empty for a rejection.
    /// - `scale_note`: the scale when it is not plain 0–10 (`1–10 scale`, `0–100 scale ÷10`, `VAS mm ÷10`), else empty.
    /// - `rejection_reason`: why the measure was left empty (ambiguous, range, earlier visit), else empty.
    /// - `matched_text`: the exact note text of the reading (for a rejection, the first reading involved).
    /// - `sentence`: the sentence or SOAP line around it (`sentence(around:in:)`).
    ///
    /// Spans are Unicode scalar offsets; the text columns are sliced from `text` by them. Values are not
    /// CSV-quoted here: the caller's CSV writer quotes fields.
    public static let reviewColumns = [
        "note_id", "measure", "value", "rule", "approximate", "scale_note", "rejection_reason", "matched_text", "sentence",
    ]

    /// Extracts `text` and returns one row per value (columns as `reviewColumns`): scores in the order
    /// before, after, sleep, mood, stress, then sub-measures in text order, then rejections.
    public static func reviewRows(noteID: String, text: String) -> [[String]] {
        reviewRows(noteID: noteID, text: text, extraction: extract(text))
    }

    /// As `reviewRows(noteID:text:)`, for an extraction already made from `text`.
    public static func reviewRows(noteID: String, text: String, extraction e: NoteExtraction) -> [[String]] {
        func row(_ measure: String, _ s: ExtractedScore) -> [String] {
            [noteID, measure, format(s.value), s.rule.rawValue, s.approximate ? "true" : "false", s.scaleNote ?? "", "",
             s.text(in: text), sentence(around: s.span, in: text)]
        }
        var rows: [[String]] = []
        for m in NoteMeasure.allCases { if let s = e[m] { rows.append(row(m.rawValue, s)) } }
        for o in e.painOther { rows.append(row("pain-" + o.qualifier.rawValue, o.score)) }
        for r in e.rejections {
            rows.append([noteID, r.measure.rawValue, "", "", "", "", r.reason, ScalarSlice.text(text, r.span),
                         sentence(around: r.span, in: text)])
        }
        return rows
    }

    /// `4` or `4.5`: the shortest decimal form of a 0–10 score.
    static func format(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        let tenths = (x * 10).rounded()
        if abs(tenths - x * 10) > 1e-9 { return String(x) }  // finer than a tenth (`VAS 3.75 cm`): as is
        let whole = Int(tenths) / 10, fraction = Int(tenths) % 10
        return fraction == 0 ? String(whole) : "\(whole).\(fraction)"
    }
}
