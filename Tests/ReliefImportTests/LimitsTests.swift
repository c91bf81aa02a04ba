import Foundation
import Testing
import ReliefModel
import ReliefImport

/// Hostile sizes and shapes (issue 8, "Limits"): each is refused with
/// `ImportError.limitExceeded` and a message naming the file, the line and the limit,
/// never a crash, a stack overflow or memory growing with the input.
@Suite struct LimitsTests {
    static func limitError(_ bytes: [UInt8], name: String, _ configure: (inout ImportOptions) -> Void = { _ in })
        -> (what: String, limit: Int, line: Int, message: String)? {
        var o = ImportOptions(today: Day(iso: "2026-03-31")!)
        configure(&o)
        var sink = RecordCounter()
        do {
            _ = try RecordReader.read(bytes: bytes, name: name, options: o, into: &sink)
            return nil
        } catch {
            guard case .limitExceeded(_, let line, let what, let limit) = error else { return nil }
            return (what, limit, line, error.description)
        }
    }

    static let header = Array("session_id,client_id,date,pain_before,notes\n".utf8)

    @Test func aTenMegabyteFieldIsRefusedNamingTheLine() {
        var bytes = Self.header + Array("S1,C1,2026-03-01,5,ok\nS2,C1,2026-03-02,5,\"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 10 * 1024 * 1024 + 1)
        bytes += Array("\"\n".utf8)
        let e = Self.limitError(bytes, name: "notes.csv")
        #expect(e?.limit == 10 * 1024 * 1024)
        #expect(e?.line == 3)
        #expect(e?.message.hasPrefix("notes.csv:3: ") == true, "\(e?.message ?? "no error")")
        #expect(e?.message.contains("not imported") == true)
    }

    @Test func aFieldJustUnderTheLimitIsRead() throws {
        var bytes = Self.header + Array("S1,C1,2026-03-01,5,".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 1024 * 1024)
        bytes += [0x0A]
        var sink = RecordCollector()
        let s = try RecordReader.read(bytes: bytes, name: "n.csv", options: ImportOptions(today: Day(iso: "2026-03-31")!), into: &sink)
        #expect(s.accepted == 1)
        #expect(sink.sessions.first?.notes?.utf8.count == 1024 * 1024)
    }

    @Test func aTenMegabyteJSONStringIsRefused() {
        var bytes = Array("[{\"session_id\": \"S1\", \"client_id\": \"C1\", \"date\": \"2026-03-01\", \"pain_before\": 5, \"notes\": \"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "y"), count: 10 * 1024 * 1024 + 1)
        bytes += Array("\"}]".utf8)
        let e = Self.limitError(bytes, name: "s.json")
        #expect(e?.limit == 10 * 1024 * 1024)
        #expect(e?.message.hasPrefix("s.json:1: ") == true)
    }

    @Test func aMillionColumnsAreRefused() {
        var bytes = Array("session_id,client_id,date,pain_before".utf8)
        bytes.reserveCapacity(8_000_000)
        for i in 0..<1_000_000 { bytes += Array(",c\(i)".utf8) }
        bytes += Array("\nS1,C1,2026-03-01,5\n".utf8)
        let e = Self.limitError(bytes, name: "wide.csv")
        #expect(e?.limit == 10_000)
        #expect(e?.line == 1)
        #expect(e?.message.hasPrefix("wide.csv:1: ") == true, "\(e?.message ?? "no error")")
    }

    @Test func aMillionFieldsInADataRowAreRefused() {
        var bytes = Self.header
        bytes += Array("S1,C1,2026-03-01,5,".utf8) + [UInt8](repeating: UInt8(ascii: ","), count: 1_000_000) + [0x0A]
        var sink = RecordCounter()
        // Either refused as a limit or rejected as a field-count error: never read by position, never a crash.
        do {
            let s = try RecordReader.read(bytes: bytes, name: "row.csv", options: ImportOptions(today: Day(iso: "2026-03-31")!), into: &sink)
            #expect(s.rejected == 1 && s.accepted == 0)
            #expect(s.errors.first?.description.hasPrefix("row.csv:2: ") == true)
        } catch {
            guard case .limitExceeded = error else { Issue.record("unexpected \(error)"); return }
        }
    }

    @Test func aJSONObjectWithAMillionKeysIsRefused() {
        var bytes = Array("[{\"session_id\": \"S1\"".utf8)
        for i in 0..<1_000_000 { bytes += Array(", \"k\(i)\": 1".utf8) }
        bytes += Array("}]".utf8)
        let e = Self.limitError(bytes, name: "keys.json")
        #expect(e?.limit == 10_000)
    }

    static let record = "{\"session_id\": \"S1\", \"client_id\": \"C1\", \"date\": \"2026-03-01\", \"pain_before\": 5, \"notes\": "

    @Test(arguments: [("deep.json", "[" + record, "}]"), ("deep.ndjson", record, "}\n"),
                      ("deep-fhir.json", "{\"resourceType\": \"Bundle\", \"entry\": ", "}")])
    func deeplyNestedJSONIsRefusedWithoutExhaustingTheStack(name: String, prefix: String, suffix: String) {
        let depth = 200_000
        var bytes = Array(prefix.utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "["), count: depth) + [UInt8](repeating: UInt8(ascii: "]"), count: depth)
        bytes += Array(suffix.utf8)
        var o = ImportOptions(today: Day(iso: "2026-03-31")!)
        o.format = name.hasSuffix(".ndjson") ? .ndjson : (name.contains("fhir") ? .fhir : .json)
        var sink = RecordCounter()
        do {
            let s = try RecordReader.read(bytes: bytes, name: name, options: o, into: &sink)
            // NDJSON lines are independent: the deep line may be rejected as a row instead.
            #expect(o.format == .ndjson && s.accepted == 0 && s.rejected == 1 && s.isBalanced, "\(name) was read: \(s.accepted) accepted")
            #expect(s.errors.first?.description.hasPrefix("deep.ndjson:1: ") == true)
        } catch {
            guard case .limitExceeded(_, let line, let what, let limit) = error else { Issue.record("\(name): \(error)"); return }
            #expect(what == "JSON nesting")
            #expect(limit == 64)
            #expect(line == 1)
            #expect(error.description.contains("JSON nesting is larger than the limit of 64"))
        }
    }

    @Test func nestingAtTheLimitIsFineAndOneMoreIsNot() {
        func nested(_ depth: Int) -> [UInt8] {
            [UInt8](repeating: UInt8(ascii: "["), count: depth) + [UInt8](repeating: UInt8(ascii: "]"), count: depth)
        }
        let extra = Array("{\"sessions\": [], \"x\": ".utf8)
        #expect(Self.limitError(extra + nested(62) + Array("}".utf8), name: "ok.json") == nil)
        #expect(Self.limitError(extra + nested(200) + Array("}".utf8), name: "no.json")?.what == "JSON nesting")
    }

    @Test func aFHIRBundleOverItsLimitIsRefusedBeforeItIsParsed() {
        let bundle = Array("{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": []}".utf8)
            + [UInt8](repeating: 0x20, count: 4096)
        let e = Self.limitError(bundle, name: "big.json") { $0.limits.maxFHIRBytes = 1024 }
        #expect(e?.what == "a FHIR bundle (read whole)")
        #expect(e?.message == "big.json:1: a FHIR bundle (read whole) is larger than the limit of 1024; the file was not imported")
    }

    /// A 2 GB file (sparse: no disk used) that starts like a session file and then holds
    /// nothing but NUL bytes: the importer maps it, never copies it, and refuses the
    /// 2 GB "field" at the 10 MB limit. (Memory is measured on the `relief` binary in
    /// ReliefCLITests/SecurityTests, where a child's peak RSS can be read.)
    @Test func aTwoGigabyteFileIsRefusedAtTheFieldLimit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("relief-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("huge.csv").path
        try Self.sparseFile(path: path, prefix: Self.header, size: 2 << 30)
        var sink = RecordCounter()
        do {
            _ = try RecordReader.read(path: path, options: ImportOptions(today: Day(iso: "2026-03-31")!), into: &sink)
            Issue.record("a 2 GB file of NULs was read")
        } catch {
            guard case .limitExceeded(_, let line, _, let limit) = error else { Issue.record("\(error)"); return }
            #expect(line == 2)
            #expect(limit == 10 * 1024 * 1024)
            #expect(error.description.hasPrefix(path + ":2: "))
        }
        #expect(sink.count == 0)
    }

    /// Writes `prefix` and extends the file to `size` bytes with a hole (ftruncate), as `truncate -s` does.
    static func sparseFile(path: String, prefix: [UInt8], size: Int) throws {
        FileManager.default.createFile(atPath: path, contents: Data(prefix))
        let fd = open(path, O_WRONLY)
        defer { close(fd) }
        guard fd >= 0, ftruncate(fd, off_t(size)) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
