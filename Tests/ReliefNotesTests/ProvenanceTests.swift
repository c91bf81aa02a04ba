import Foundation
import ReliefTestSupport
import Testing
import ReliefNotes

@Suite("Provenance and robustness")
struct ProvenanceTests {
    /// Every extracted score's span (Unicode scalar offsets) covers text that contains its number.
    @Test func spansContainTheNumber() {
        for row in Corpus.rows {
            let e = NoteExtractor.extract(row.text)
            let scores = NoteMeasure.allCases.compactMap { e[$0] } + e.painOther.map(\.score)
            for s in scores {
                let matched = s.text(in: row.text).lowercased()
                let ok = matched.contains(where: \.isNumber) || matched.contains("pain") || matched.contains("zero")
                    || ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"].contains { matched.contains($0) }
                #expect(ok, "\(row.id): span \(s.span) is '\(matched)'")
            }
        }
    }

    @Test("spans are Unicode scalar offsets, also after emoji and combining marks")
    func scalarOffsets() throws {
        let text = "Clie\u{0301}nt 👍🏽 pain 4/10"
        let s = try #require(NoteExtractor.extract(text).painBefore)
        #expect(s.text(in: text) == "4/10")
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[s.span])) == "4/10")
    }

    @Test func reviewSentence() throws {
        let text = "S: Neck pain 5/10. O: BP 120/80. A: Pain 2/10 post-session."
        let after = try #require(NoteExtractor.extract(text).painAfter)
        #expect(NoteExtractor.sentence(around: after.span, in: text) == "A: Pain 2/10 post-session.")
    }

    @Test("deterministic")
    func deterministic() {
        for row in Corpus.rows.prefix(50) {
            #expect(NoteExtractor.extract(row.text) == NoteExtractor.extract(row.text))
        }
    }

    /// Random strings of digits, slashes, dashes, words and Unicode never crash, and spans stay in bounds.
    @Test func randomInputNeverCrashes() {
        var generator = SeededGenerator(seed: 0x5EED)
        let pieces = ["0", "1", "4", "10", "99", "100", "/", "/10", " / ", "-", "–", "—", ".", ",", ";", ":", "(", ")",
                      " ", "\n", "\r\n", "~", "→", "->", "%", "x", "×", "pain", "no pain", "pain-free", "from", "to",
                      "out of", "on a scale of", "1 to 10", "VAS", "mm", "cm", "after", "post", "pre", "session", "last week",
                      "ago", "goal", "worst", "S:", "A:", "P:", "sleep", "mood", "stress", "zero", "ten", "a", "an", "started at",
                      "now", "👍🏽", "é", "\u{0301}", "痛み", "\u{00A0}", "⁄", "…", "'", "\"", "=", "being", "?", "\u{0}", "9999999999999"]
        for round in 0..<20_000 {
            let count = Int(generator.next() % 40)
            var text = ""
            for _ in 0..<count {
                if round % 2 == 0 {
                    text += pieces[Int(generator.next() % UInt64(pieces.count))]
                } else if let scalar = Unicode.Scalar(UInt32(generator.next() % 0x3000)) {
                    text.unicodeScalars.append(scalar)  // raw scalars, controls and combining marks included
                }
            }
            let e = NoteExtractor.extract(text)
            let length = text.unicodeScalars.count
            let spans = NoteMeasure.allCases.compactMap { e[$0]?.span } + e.rejections.map(\.span) + e.ignored.map(\.span)
                + e.painOther.map(\.score.span)
            for span in spans { #expect(span.lowerBound >= 0 && span.upperBound <= length, "\(text.debugDescription)") }
            for m in NoteMeasure.allCases { if let v = e[m]?.value { #expect(v >= 0 && v <= 10) } }
        }
        // Empty and pathological inputs.
        _ = NoteExtractor.extract("")
        _ = NoteExtractor.extract(String(repeating: "4/10 ", count: 2_000))
        _ = NoteExtractor.extract(String(repeating: "/", count: 500))
        _ = NoteExtractor.sentence(around: 5..<900, in: "short")
    }
}

