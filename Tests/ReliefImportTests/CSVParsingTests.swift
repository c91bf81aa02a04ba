import Foundation
import ReliefTestSupport
import Testing
import ReliefModel
@testable import ReliefImport

/// RFC 4180 and the encodings and line endings clinics' exports come in.
@Suite struct CSVParsingTests {
    let header = "session_id,client_id,date,pain_before,notes"

    @Test func quotedFieldsWithDelimitersNewlinesAndQuotes() throws {
        let text = header + "\n"
            + "S1,C1,2026-03-02,5,\"sore, then \"\"better\"\"\"\n"
            + "S2,C1,2026-03-03,4,\"two\nlines\"\n"
            + "S3,C1,2026-03-04,3,\"\"\n"
            + "S4,C1,2026-03-05,x,plain\n"
        let (summary, sink) = try readText(text)
        #expect(sink.sessions.map(\.notes) == ["sore, then \"better\"", "two\nlines", nil])
        // The row after a two-line field starts on line 5, and is named so.
        #expect(summary.errors.map(\.description) == ["sessions.csv:6: pain_before: x is not a number"])
        #expect(sink.lines == [2, 3, 5])
    }

    @Test func quotedEmptyAndQuotedNumbers() throws {
        let (summary, sink) = try readText(header + "\n\"S1\",\"C1\",\"2026-03-02\",\"5\",\"\"\n")
        #expect(summary.errors.isEmpty)
        #expect(sink.sessions.first?.painBefore == 5)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let (summary, sink) = try readBytes([0xEF, 0xBB, 0xBF] + Array((header + "\nS1,C1,2026-03-02,5,\n").utf8))
        #expect(summary.header.first == "session_id")
        #expect(sink.sessions.count == 1)
    }

    @Test func crlfAndLoneCR() throws {
        let (s1, k1) = try readText(header + "\r\nS1,C1,2026-03-02,5,a\r\nS2,C1,2026-03-03,x,b\r\n")
        #expect(k1.sessions.map(\.notes) == ["a"])
        #expect(s1.errors.map(\.description) == ["sessions.csv:3: pain_before: x is not a number"])
        let (_, k2) = try readText(header + "\rS1,C1,2026-03-02,5,a\rS2,C1,2026-03-03,4,b")
        #expect(k2.sessions.map(\.notes) == ["a", "b"])
        #expect(k2.lines == [2, 3])
    }

    @Test func semicolonDelimiterWithDecimalComma() throws {
        let text = "session_id;client_id;date;pain_before;pain_after;technique\n"
            + "S1;C1;2026-03-02;6,5;3,0;\"trigger-point;swedish\"\n"
            + "S2;C1;2026-03-03;6.5;2;\n"
            + "S3;C1;2026-03-04;6,55;2;\n"
        let (summary, sink) = try readText(text)
        #expect(summary.delimiter == ";")
        #expect(sink.sessions.map(\.painBefore) == [6.5, 6.5])
        #expect(sink.sessions.first?.techniques == ["trigger-point", "swedish"])
        #expect(summary.errors.map(\.description) == ["sessions.csv:4: pain_before: 6,55 has more than one decimal"])
    }

    @Test func tabDelimiter() throws {
        let (summary, sink) = try readText("session_id\tclient_id\tdate\tpain_before\nS1\tC1\t2026-03-02\t5\n", name: "s.tsv")
        #expect(summary.delimiter == "\\t")
        #expect(sink.sessions.count == 1)
    }

    @Test func invalidUTF8IsAFileErrorNamingTheByte() {
        var bytes = Array((header + "\nS1,C1,2026-03-02,5,caf").utf8)
        let offset = bytes.count
        bytes += [0xE9, 0x0A]   // Latin-1 é
        let error = importError { _ = try readBytes(bytes) }
        guard case .invalidUTF8(let file, let at, let line)? = error else {
            Issue.record("expected invalidUTF8, got \(String(describing: error))")
            return
        }
        #expect(file == "sessions.csv" && at == offset && line == 2)
        #expect(error?.description == "sessions.csv:2: invalid UTF-8 at byte \(offset); save the file as UTF-8 and import it again")
    }

    @Test func overlongAndSurrogateEncodingsAreInvalid() {
        #expect(firstInvalidUTF8Of([0x41, 0xC0, 0xAF]) == 1)          // overlong "/"
        #expect(firstInvalidUTF8Of([0xED, 0xA0, 0x80]) == 0)          // UTF-16 surrogate
        #expect(firstInvalidUTF8Of([0xF4, 0x90, 0x80, 0x80]) == 0)    // past U+10FFFF
        #expect(firstInvalidUTF8Of(Array("héllo wörld ✓ 𝄞".utf8)) == nil)
        #expect(firstInvalidUTF8Of(Array("abcdefghijklmnop".utf8) + [0xE2, 0x9C]) == 16)   // truncated at the end
    }

    func firstInvalidUTF8Of(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8($0.baseAddress!, count: $0.count) }
    }

    @Test func unterminatedQuoteIsAFileError() {
        let error = importError { _ = try readText(header + "\nS1,C1,2026-03-02,5,ok\nS2,C1,2026-03-03,5,\"never closed\nS3\n") }
        #expect(error?.description == "sessions.csv:3: a quoted field opened here never closes (a missing \" ?)")
    }

    @Test func textAfterClosingQuoteRejectsOnlyThatRow() throws {
        let (summary, sink) = try readText(header + "\nS1,C1,2026-03-02,5,\"a\"b\nS2,C1,2026-03-03,5,ok\n")
        #expect(summary.errors.map(\.description) == [
            "sessions.csv:2: text after the closing quote of field 5; a quote inside a quoted field is written twice (\"\")",
        ])
        #expect(sink.sessions.map(\.id) == ["S2"])
    }

    @Test func quoteInsideUnquotedFieldIsKept() throws {
        let (_, sink) = try readText(header + "\nS1,C1,2026-03-02,5,5'10\" tall\n")
        #expect(sink.sessions.first?.notes == "5'10\" tall")
    }

    @Test func fieldCountMismatchRejectsTheRow() throws {
        let (summary, sink) = try readText(header + "\nS1,C1,2026-03-02,5,sore, stiff\nS2,C1,2026-03-03,5\nS3,C1,2026-03-04,5,ok\n")
        #expect(summary.errors.map(\.description) == [
            "sessions.csv:2: the row has 6 fields; the header has 5 (an unquoted , or line break inside a value?)",
            "sessions.csv:3: the row has 4 fields; the header has 5 (an unquoted , or line break inside a value?)",
        ])
        #expect(summary.errors.map(\.rule) == [Rule.fieldCount.rawValue, Rule.fieldCount.rawValue])
        #expect(sink.sessions.map(\.id) == ["S3"])
        #expect(summary.isBalanced && summary.read == 3)
    }

    @Test func blankLinesAndEmptyRowsAreNotRecords() throws {
        let text = "\n" + header + "\n\nS1,C1,2026-03-02,5,a\n,,,,\n\r\nS2,C1,2026-03-03,x,b\n\n"
        let (summary, sink) = try readText(text)
        #expect(sink.sessions.map(\.id) == ["S1"])
        #expect(summary.read == 2 && summary.blankLines == 4)
        #expect(summary.errors.map(\.description) == ["sessions.csv:7: pain_before: x is not a number"])
        #expect(sink.lines == [4])
    }

    @Test func lastRowWithoutNewline() throws {
        let (_, sink) = try readText(header + "\nS1,C1,2026-03-02,5,")
        #expect(sink.sessions.count == 1 && sink.sessions[0].notes == nil)
    }

    @Test func emptyFile() {
        #expect(importError { _ = try readText("") }?.description == "sessions.csv: the file is empty (no header row)")
        #expect(importError { _ = try readText("\n\r\n") } != nil)
    }

    @Test func headerOnlyFileReadsNothing() throws {
        let (summary, _) = try readText(header + "\n")
        #expect(summary.read == 0 && summary.isBalanced)
    }

    @Test func fieldLargerThanTheLimitIsRefused() {
        let big = String(repeating: "x", count: 100)
        let e1 = importError { _ = try readText(header + "\nS1,C1,2026-03-02,5,\(big)\n") { $0.limits.maxFieldBytes = 64 } }
        #expect(e1?.description == "sessions.csv:2: a field is larger than the limit of 64; the file was not imported")
        let e2 = importError { _ = try readText(header + "\nS1,C1,2026-03-02,5,\"\(big)\"\n") { $0.limits.maxFieldBytes = 64 } }
        #expect(e2?.description == "sessions.csv:2: a field is larger than the limit of 64; the file was not imported")
    }

    @Test func tooManyColumnsIsRefused() {
        let wide = header + "," + (0..<50).map { "x\($0)" }.joined(separator: ",") + "\n"
        let e = importError { _ = try readText(wide) { $0.limits.maxColumns = 20 } }
        #expect(e?.description == "sessions.csv:1: a row with more than 20 fields is larger than the limit of 20; the file was not imported")
    }

    @Test func defaultLimitsRefuseTenThousandColumnsAndTenMegabyteFields() {
        let wide = (0...10_000).map { "c\($0)" }.joined(separator: ",")
        #expect(importError { _ = try readText(wide) } != nil)
        let huge = header + "\nS1,C1,2026-03-02,5,\"" + String(repeating: "n", count: 10 * 1024 * 1024 + 1) + "\"\n"
        guard case .limitExceeded(_, let line, _, let limit)? = importError({ _ = try readText(huge) }) else {
            Issue.record("expected limitExceeded")
            return
        }
        #expect(line == 2 && limit == 10 * 1024 * 1024)
    }

    @Test func readsARealFileThroughMmap() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sessions.csv").path
        try (header + "\nS1,C1,2026-03-02,5,a\n").write(toFile: path, atomically: true, encoding: .utf8)
        var sink = RecordCollector()
        let summary = try RecordReader.read(path: path, options: makeOptions(), into: &sink)
        #expect(summary.file == path && summary.accepted == 1 && summary.format == .csv)
    }

    @Test func readsAPipe() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let text = header + "\nS1,C1,2026-03-02,5,piped\n"
        _ = text.withCString { write(fds[1], $0, strlen($0)) }
        close(fds[1])
        defer { close(fds[0]) }
        var sink = RecordCollector()
        let summary = try RecordReader.read(path: "/dev/fd/\(fds[0])", options: makeOptions { $0.format = .csv }, into: &sink)
        #expect(summary.accepted == 1 && sink.sessions.first?.notes == "piped")
    }

    @Test func missingFileIsUnreadable() {
        var sink = RecordCollector()
        let e = importError { _ = try RecordReader.read(path: "/nonexistent/x.csv", options: makeOptions(), into: &sink) }
        #expect(e?.description == "/nonexistent/x.csv: cannot read: No such file or directory")
    }

    @Test func sinkErrorsStopTheRead() {
        struct Failing: RecordSink {
            struct Full: Error {}
            mutating func accept(_ record: Record, line: Int) throws { if line == 3 { throw Full() } }
        }
        var sink = Failing()
        let e = importError {
            _ = try RecordReader.read(bytes: Array((header + "\nS1,C1,2026-03-02,5,\nS2,C1,2026-03-03,5,\n").utf8),
                                      name: "s.csv", options: makeOptions(), into: &sink)
        }
        guard case .sinkFailed(let file, let line, _)? = e else { Issue.record("expected sinkFailed"); return }
        #expect(file == "s.csv" && line == 3)
    }
}
