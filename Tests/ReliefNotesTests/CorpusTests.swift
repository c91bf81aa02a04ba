import Foundation
import Testing
import ReliefNotes

@Suite("Labelled corpus")
struct CorpusTests {
    @Test("corpus has at least 220 rows and all 38 inputs.md rows")
    func corpusSize() {
        #expect(Corpus.rows.count >= 220)
        #expect(Set(Corpus.rows.compactMap(\.specRow)) == Set(1...38))
    }

    @Test("inputs.md §3 row", arguments: 1...38)
    func specRow(_ number: Int) throws {
        let row = try #require(Corpus.rows.first { $0.specRow == number })
        let e = NoteExtractor.extract(row.text)
        #expect(Corpus.hits(e) == row.expected, "row \(number): \(row.text)")
        #expect(Corpus.others(e) == row.other.sorted(), "row \(number) sub-measures")
        #expect(Set(e.rejections.map(\.measure)) == row.rejected, "row \(number) rejections: \(e.rejections)")
    }

    @Test("precision ≥ 0.98 and recall ≥ 0.90 over the union of all corpora, printed per corpus")
    func precisionAndRecall() {
        func line(_ name: String, _ s: Corpus.Score, _ notes: Int) -> String {
            "NotesExtraction \(name): \(notes) notes, TP \(s.truePositives), FP \(s.falsePositives), FN \(s.falseNegatives), "
                + "precision \(String(format: "%.4f", s.precision)), recall \(String(format: "%.4f", s.recall))"
        }
        let parts: [(String, (CorpusRow) -> Bool)] = [
            ("notes-corpus (in-sample rows)", { $0.corpus == "notes-corpus" && $0.source != "written-heldout" }),
            ("notes-corpus h01-h60 (held-out batch 1)", { $0.corpus == "notes-corpus" && $0.source == "written-heldout" }),
            ("notes-heldout-2 g001-g175 (held-out batch 2)", { $0.corpus == "notes-heldout-2" }),
        ]
        for (name, include) in parts {
            print(line(name, Corpus.evaluate(include), Corpus.rows.filter(include).count))
        }
        let s = Corpus.evaluate()
        print(line("union of all corpora", s, Corpus.rows.count))
        for m in s.mistakes { print("  mistake: \(m)") }
        #expect(s.precision >= 0.98)
        #expect(s.recall >= 0.90)
    }

    @Test("rejections match the labels")
    func rejections() {
        var wrong: [String] = []
        for row in Corpus.rows {
            let got = Set(NoteExtractor.extract(row.text).rejections.map(\.measure))
            if got != row.rejected { wrong.append("\(row.id): got \(got.map(\.rawValue).sorted()), expected \(row.rejected.map(\.rawValue).sorted())") }
        }
        print("NotesExtraction rejections: \(Corpus.rows.count - wrong.count)/\(Corpus.rows.count) rows agree")
        for w in wrong { print("  rejection: \(w)") }
        #expect(Double(wrong.count) <= Double(Corpus.rows.count) * 0.02)
    }
}
