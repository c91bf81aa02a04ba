import Foundation
import ReliefTestSupport
import Testing
import ReliefModel
@testable import ReliefImport

/// Form responses (docs/import.md, "Form responses"): question headers matched by words or
/// patterns, answers as forms write them, timestamps in UTC, the clinic's time zone.
@Suite struct FormResponseTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/forms")

    static func read(_ name: String, mapping: String, _ configure: (inout ImportOptions) -> Void = { _ in })
        throws -> (summary: ReadSummary, sink: RecordCollector) {
        var options = ImportOptions(today: Day(iso: "2026-11-01")!)
        options.mapping = try ColumnMapping.load(path: folder.appendingPathComponent(mapping).path)
        configure(&options)
        var sink = RecordCollector()
        let summary = try RecordReader.read(path: folder.appendingPathComponent(name).path, options: options, into: &sink)
        return (summary, sink)
    }

    @Test func googleFormsQuestionsAndAnswers() throws {
        let (summary, sink) = try Self.read("google-forms.csv", mapping: "google-forms.map") { $0.dateFormat = "M/d/yyyy H:mm:ss" }
        #expect(summary.kinds == [.sessions] && summary.read == 4 && summary.accepted == 3 && summary.rejected == 1)
        let s = sink.sessions
        // `7`, `6 - Moderate`, `4/10` → 7, 6, 4; sleep `6/10`, `Very poor` (mapped to 1), `7`.
        #expect(s.map(\.painBefore) == [7, 6, 4] && s.map(\.sleep) == [6, 1, 7])
        #expect(s.map(\.clientID) == ["anna-kowalska", "anna-kowalska", "anna-kowalska"])
        #expect(s[0].day == day("2026-10-03") && s[0].minute == 9 * 60 + 14)
        // `4/5` is another scale: rejected, saying how to give its value; never rescaled by a guess.
        let e = try #require(summary.errors.first)
        #expect(e.line == 5 && e.rule == Rule.outOfRange.rawValue
                && e.message == "4/5 is on a 0–5 scale, not 0–10; give its 0–10 value in the mapping file (sleep_quality[4/5] = …)")
        // The e-mail column is ignored by the mapping, so it does not join the client's id.
        #expect(summary.ignoredColumns.contains("Email Address"))
    }

    @Test func typeformHeadersWithHTMLAndUTCTimes() throws {
        // Without a clinic time zone the day is the one written, with a warning naming the fix.
        let (plain, plainSink) = try Self.read("typeform.csv", mapping: "typeform.map")
        #expect(plain.kinds == [.checkins] && plain.accepted == 2)
        #expect(plainSink.checkIns.map(\.day) == [day("2026-10-06"), day("2026-10-13")])
        #expect(plainSink.checkIns.map(\.pain) == [5, 3] && plainSink.checkIns.map(\.stress) == [7, 4])
        let w = try #require(plain.diagnostics.first { $0.rule == Rule.timeZone.rawValue })
        #expect(w.line == 2 && w.message.contains("Give --timezone Area/City"))
        // In Warsaw (UTC+2 in October) 23:31 UTC on the 13th is the 14th; 21:41 on the 6th stays the 6th.
        let (zoned, zonedSink) = try Self.read("typeform.csv", mapping: "typeform.map") { $0.timeZone = TimeZone(identifier: "Europe/Warsaw") }
        #expect(zonedSink.checkIns.map(\.day) == [day("2026-10-06"), day("2026-10-14")])
        #expect(!zoned.diagnostics.contains { $0.rule == Rule.timeZone.rawValue })
        // `Start Date (UTC)` is not the date: only the mapped Submit Date is.
        #expect(zoned.ignoredColumns.contains("Start Date (UTC)"))
    }

    @Test func offsetsMoveToTheClinicsClock() throws {
        let p = try DateParser(format: nil, zone: TimeZone(identifier: "America/Chicago"))
        func parse(_ s: String) -> DateParse { Array(s.utf8).withUnsafeBufferPointer { p.parse($0) } }
        // 03:30Z on 4 October is 22:30 on the 3rd in Chicago (UTC−5 in daylight time).
        #expect(parse("2026-10-04T03:30:00Z") == .ok(day("2026-10-03"), minute: 22 * 60 + 30))
        #expect(parse("2026-10-04T03:30:00+02:00") == .ok(day("2026-10-03"), minute: 20 * 60 + 30))
        // A time without an offset is the clinic's own; a day without a time stays that day.
        #expect(parse("2026-10-04T03:30") == .ok(day("2026-10-04"), minute: 210))
        #expect(parse("2026-10-04") == .ok(day("2026-10-04"), minute: nil))
        // In winter Chicago is UTC−6.
        #expect(parse("2026-12-04T03:30:00Z") == .ok(day("2026-12-03"), minute: 21 * 60 + 30))
        let none = try DateParser(format: nil)
        #expect(Array("2026-10-04T03:30:00Z".utf8).withUnsafeBufferPointer { none.parse($0) } == .ok(day("2026-10-04"), minute: 210))
    }

    @Test func answersAsFormsWriteThem() throws {
        let m = try ColumnMapping(parsing: "stress[Somewhat] = 5\n")
        #expect(FormAnswer.read("7/10", field: "pain", mapping: nil) == .value(7))
        #expect(FormAnswer.read("7 / 10", field: "pain", mapping: nil) == .value(7))
        #expect(FormAnswer.read("7 - Severe", field: "pain", mapping: nil) == .value(7))
        #expect(FormAnswer.read("6.5 (moderate)", field: "pain", mapping: nil) == .value(6.5))
        #expect(FormAnswer.read("4 / 5", field: "pain", mapping: nil) == .otherScale(5))
        #expect(FormAnswer.read("somewhat", field: "stress", mapping: m) == .value(5))
        #expect(FormAnswer.read("Somewhat", field: "stress", mapping: nil) == nil)     // never guessed
        #expect(FormAnswer.read("7 -3", field: "pain", mapping: nil) == nil)
        #expect(FormAnswer.read("seven", field: "pain", mapping: nil) == nil)
    }

    @Test func headerRules() throws {
        let m = try ColumnMapping(parsing: "pain_before = contains: rate your PAIN\npain_after = matches: pain.*(after|post)\nignore = Email\n")
        #expect(m.ruleTarget(forHeader: "On a scale of 0 to 10, how would you rate   your pain right now? ") == "pain_before")
        #expect(m.ruleTarget(forHeader: "<strong>Pain</strong> after the session") == "pain_after")
        #expect(m.ruleTarget(forHeader: "Sleep") == nil)
        #expect(HeaderBinding.field(for: "Email", kind: .sessions, mapping: m) == nil)
        #expect(HeaderBinding.identity(for: "Email", kind: .sessions, mapping: m) == nil)
        #expect(importError { _ = try ColumnMapping(parsing: "pain = matches: (unclosed\n") }?.description.contains("not a regular expression") == true)
    }
}
