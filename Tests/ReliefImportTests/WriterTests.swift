import Foundation
import ReliefTestSupport
import Testing
import ReliefFiles
import ReliefModel
@testable import ReliefImport

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhatNeedsQuoting() {
        var w = CSVWriter()
        w.write(row: ["plain", "a,b", "say \"hi\"", "two\nlines", " padded", "", "é"])
        #expect(w.text == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",,é\r\n")
    }

    @Test func neutralizesFormulasButNotNumbers() {
        let o = CSVWriter.Options(neutralizeFormulas: true, lineEnding: "\n")
        #expect(["=1+1", "+A1", "-cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx", "-1", "+2.5", "-0,5", "-", "--1", "1-2", "ok"]
            .map { CSVWriter.escape($0, options: o) }
            == ["'=1+1", "'+A1", "'-cmd|' /C calc'!A0", "'@SUM(A1)", "'\tx", "\"'\rx\"", "-1", "+2.5", "\"-0,5\"", "'-", "'--1", "1-2", "ok"])
        // Off by default.
        #expect(CSVWriter.escape("=1+1") == "=1+1")
    }

    @Test func semicolonDelimiterAndBOM() {
        var w = CSVWriter(options: .init(delimiter: ";", lineEnding: "\n", byteOrderMark: true))
        w.write(row: ["a;b", "6,5"])
        #expect(w.text == "\u{FEFF}\"a;b\";6,5\n")
    }

    @Test func roundTripsThroughTheReader() throws {
        var w = CSVWriter()
        w.write(row: ["session_id", "client_id", "date", "pain_before", "notes"])
        let note = "He said \"ouch\",\nthen laughed; =cmd"
        w.write(row: ["S1", "C1", "2026-03-02", "5", note])
        let (_, sink) = try readText(w.text)
        #expect(sink.sessions.first?.notes == note)
    }

    @Test func writesFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.csv").path
        var w = try CSVWriter(path: path)
        for i in 0..<20_000 { try w.write(rowToFile: ["row\(i)", "x"]) }
        try w.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("row0,x\r\nrow1,x\r\n") && text.hasSuffix("row19999,x\r\n"))
    }

    /// A file appears whole or not at all: until `close()` the rows go to a file with no name
    /// (`O_TMPFILE`), and a writer given up halfway leaves the earlier file as it was and
    /// nothing else (a kill cannot leave a partial file either: there is no name to leave).
    @Test func aFileAppearsWholeAtCloseAndAnAbandonedOneLeavesNoTrace() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("rejects.csv").path
        try "old,file\r\n".write(toFile: path, atomically: false, encoding: .utf8)
        func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }

        do {
            var w = try CSVWriter(path: path)
            for i in 0..<20_000 { try w.write(rowToFile: ["row\(i)", "x"]) }   // several flushes
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "old,file\r\n", "still the old file mid-write")
            #expect(try entries() == ["rejects.csv"], "the new rows are in a file with no name yet")
        }   // dropped without close()
        #expect(try entries() == ["rejects.csv"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old,file\r\n")

        var w = try CSVWriter(path: path)
        try w.write(rowToFile: ["new", "file"])
        try w.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new,file\r\n")
        #expect(try entries() == ["rejects.csv"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}

@Suite struct RejectsWriterTests {
    @Test func rejectsFileHasReasonsAndCanBeFixedAndReimported() throws {
        let text = sessionsAround("S1,C1,T1,2026-03-03,60,sport,,,,12,3,,,,,\"=HYPERLINK(\"\"x\"\")\"")
        let (summary, _) = try readText(text)
        let csv = RejectsWriter.text([summary])
        #expect(csv == "file,line,reason," + sessionHeader + "\r\n"
                + "sessions.csv,3,\"kind: sport is not one of medical, relaxation; pain_before: 12 is outside 0–10\","
                + "S1,C1,T1,2026-03-03,60,sport,,,,12,3,,,,,\"'=HYPERLINK(\"\"x\"\")\"\r\n")
        // The clinic fixes the row; the three leading columns are ignored on import.
        let fixed = csv.replacingOccurrences(of: "sport", with: "medical").replacingOccurrences(of: ",12,", with: ",2,")
        let (again, sink) = try readText(fixed, name: "rejects.csv")
        #expect(again.accepted == 1 && again.errors.isEmpty && sink.sessions.first?.painBefore == 2)
        #expect(again.ignoredColumns == ["file", "line", "reason"])
    }

    @Test func severalFilesShareOneRejectsFile() throws {
        let (a, _) = try readText("client_id,name\n,Ann\n", name: "clients.csv")
        let (b, _) = try readText("therapist_id,name\n,Bo\n", name: "therapists.csv")
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("rejects.csv").path
        try RejectsWriter.write([a, b], to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "file,line,reason,client_id,name,therapist_id\r\n"
                + "clients.csv,2,client_id: missing (required for a client),,Ann,\r\n"
                + "therapists.csv,2,therapist_id: missing (required for a therapist),,Bo,\r\n")
    }

    @Test func duplicatesAreNotRejects() throws {
        let row = "S1,C1,T1,2026-03-03,60,medical,,,,5,3,,,,,"
        let (summary, _) = try readText([sessionHeader, row, row].joined(separator: "\n"))
        #expect(RejectsWriter.text([summary]) == "file,line,reason," + sessionHeader + "\r\n")
    }
}

@Suite struct AccountingTests {
    /// Every row read is accepted, rejected or a skipped duplicate, whatever the mix.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func countsAlwaysAddUp(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)   // seeded, so a failure can be replayed
        var lines = [sessionHeader]
        let variants = [goodRowA, goodRowB, "X1,C1,T1,2026-02-30,60,medical,,,,5,3,,,,,", "X2,C1,T1,2026-03-03,60,medical,,,,12,,,,,,",
                        "X3,C1", "X4,C1,T1,2026-03-03,60,medical,,,,5,3,,,,,", "X4,C1,T1,2026-03-03,60,medical,,,,6,3,,,,,",
                        "\"X5\",C1,T1,2026-03-03,60,medical,,,,5,3,,,,,\"a\nb\"", ",,,,,,,,,,,,,,,", ""]
        for _ in 0..<500 { lines.append(variants[Int.random(in: 0..<variants.count, using: &rng)]) }
        // A file's final line break ends the last row; it is not a blank line of its own.
        lines.append(goodRowA)
        let (summary, sink) = try readText(lines.joined(separator: "\n"))
        #expect(summary.isBalanced)
        #expect(summary.accepted == sink.records.count)
        #expect(summary.read == lines.count - 1 - summary.blankLines)
    }
}

/// Paths that are not plain files: a symbolic link keeps pointing at the file it named, and a
/// device is written in place (renaming over /dev/null would replace it with a file).
@Suite struct AtomicFileWriterPathTests {
    @Test func aSymbolicLinkIsFollowedAndKept() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("real.csv").path
        let link = dir.appendingPathComponent("link.csv").path
        try "old\r\n".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        var w = try CSVWriter(path: link)
        try w.write(rowToFile: ["new"])
        try w.close()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\r\n")
    }

    @Test func aDeviceIsWrittenInPlaceAndAFailedWriteThrowsOnce() throws {
        var null = try CSVWriter(path: "/dev/null")
        try null.write(rowToFile: ["x"])
        try null.close()
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "still the device")

        // /dev/full refuses every write: the flush throws, and close() afterwards neither
        // crashes nor throws again.
        var full = try CSVWriter(path: "/dev/full")
        #expect(throws: FileError.self) {
            for i in 0..<100_000 { try full.write(rowToFile: ["row \(i)", String(repeating: "x", count: 50)]) }
        }
        try full.close()
    }
}
