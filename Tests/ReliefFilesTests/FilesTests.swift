import Foundation
import ReliefCalendar
import ReliefTestSupport
import Testing
@testable import ReliefFiles

@Suite struct CSVWriterFieldTests {
    @Test func streamingFieldsQuoteOnlyWhatNeedsIt() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/t.csv"
        var w = try CSVWriter(path: path, options: .init(lineEnding: "\n"))
        w.write(row: ["a", "b"])
        w.field("plain"); w.field("with, comma"); w.endRow()
        w.field("say \"hi\""); w.field("two\nlines"); w.endRow()
        w.field(nil as String?); w.field(score: 6.5); w.endRow()
        w.field(score: 0); w.field(day: Day(year: 2026, month: 3, day: 4)!, minute: 9 * 60 + 5); w.endRow()
        w.field("ليلى حداد"); w.field(list: ["neck", "shoulders"]); w.endRow()
        w.field(-3); w.field(score: -2.5); w.endRow()
        #expect(!FileManager.default.fileExists(atPath: path), "no file until close")
        try w.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "a,b\nplain,\"with, comma\"\n\"say \"\"hi\"\"\",\"two\nlines\"\n,6.5\n0,2026-03-04T09:05\n"
                + "ليلى حداد,neck;shoulders\n-3,-2.5\n")
    }

    @Test func aFileLargerThanTheBufferIsWrittenWhole() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/big.csv"
        var w = try CSVWriter(path: path, options: .init(lineEnding: "\n"))
        for i in 0..<200_000 { w.field("row-\(i)"); w.field(score: Double(i % 21) / 2); w.endRow() }
        try w.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 200_000 && lines.last == "row-199999,8")
    }
}

@Suite struct OwnerOnlyFilesTests {
    @Test func filesAreOwnerOnlyAndReplaceWhatWasThere() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/nested/deeper/report.pdf"
        try OwnerOnlyFiles.write("first", to: path)
        try OwnerOnlyFiles.write([UInt8]("second".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        let file = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        let folder = try FileManager.default.attributesOfItem(atPath: dir + "/nested/deeper")[.posixPermissions] as? NSNumber
        #expect(file?.intValue == 0o600 && folder?.intValue == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/nested/deeper") == ["report.pdf"],
                "no temporary name is left beside it")
    }

    @Test func aFileWhereAFolderShouldBeIsNamedInTheError() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try OwnerOnlyFiles.write("x", to: dir + "/blocker")
        #expect(throws: FileError.cannotWrite(path: dir + "/blocker", reason: "exists and is not a folder")) {
            try OwnerOnlyFiles.makeFolder(dir + "/blocker")
        }
        #expect(throws: FileError.self) { try OwnerOnlyFiles.write("x", to: dir + "/blocker/a.png") }
    }

    @Test func safeNamesNeverLeaveTheFolder() {
        for id in ["../../etc/passwd", "a/b", ".hidden", "", String(repeating: "x", count: 200), "C 1"] {
            let stem = SafeName.stem(id)
            #expect(!stem.contains("/") && !stem.hasPrefix(".") && !stem.isEmpty && stem.unicodeScalars.count <= 69, "\(id)")
        }
        #expect(SafeName.stem("C-0042") == "C-0042")
        #expect(SafeName.stem("a/b") != SafeName.stem("a_b"), "a changed id gets a hash, so two ids never collide")
    }
}
