import Foundation
import ReliefTestSupport
import Testing
import ReliefModel
@testable import ReliefSample
import ReliefImport

@Suite struct SampleCSVTests {
    /// data.md's canonical headers, copied here on purpose rather than read from the code.
    static let headers = [
        "therapists.csv": "therapist_id,name",
        "clients.csv": "client_id,name,segment,complaint,regions,intake_date,therapist_id",
        "sessions.csv": "session_id,client_id,therapist_id,date,duration_min,kind,technique,pressure,regions,"
            + "pain_before,pain_after,sleep_quality,mood,stress,relief_days,notes",
        "checkins.csv": "client_id,date,pain,sleep_quality,mood,stress,source",
    ]

    static func written(_ config: SampleClinic, name: String = #function) throws -> (SampleData, [String: Data]) {
        let data = SampleGenerator.generate(config)
        let dir = try temporaryFolder(name)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try data.writeCSV(to: dir)
        var files: [String: Data] = [:]
        for name in SampleData.csvFileNames {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(leftovers == SampleData.csvFileNames.sorted(), "no temporary files left behind")
        return (data, files)
    }

    @Test func sameSeedSameBytes() throws {
        let config = SampleClinic(seed: 5, clients: 40, months: 6, therapists: 3)
        let (_, a) = try Self.written(config, name: "a")
        let (_, b) = try Self.written(config, name: "b")
        #expect(a == b)
        let (_, c) = try Self.written(SampleClinic(seed: 6, clients: 40, months: 6, therapists: 3), name: "c")
        #expect(a["sessions.csv"] != c["sessions.csv"])
    }

    /// Fingerprints of a small clinic. They change only when the generator's model or the
    /// CSV layout changes on purpose: then update them (and regenerate SampleData/) in the
    /// same commit, and say why. (They rest on libm's log and exp, correctly rounded in
    /// practice on the platforms the project runs on.)
    @Test func goldenFingerprintsOfASmallClinic() throws {
        let (_, files) = try Self.written(SampleClinic(seed: 7, clients: 12, months: 3, therapists: 2))
        let fingerprints = files.mapValues { SampleTestSupport.hex(SampleTestSupport.fnv1a($0)) }
        #expect(fingerprints == [
            "therapists.csv": "5884d7358a8ee1d5",
            "clients.csv": "01056f211234109a",
            "sessions.csv": "7e28d6b62cb1c00a",
            "checkins.csv": "510fd58bd8bef2ca",
        ])
    }

    @Test func headersAreExactlyDataMdsAndLinesEndInLF() throws {
        let (_, files) = try Self.written(SampleClinic(seed: 1, clients: 60))
        for (name, bytes) in files {
            #expect(!bytes.starts(with: [0xEF, 0xBB, 0xBF]), "no BOM in \(name)")
            #expect(!bytes.contains(0x0D), "no CR in \(name)")
            #expect(bytes.last == 0x0A, "\(name) ends with a newline")
            let firstLine = bytes.prefix { $0 != 0x0A }
            #expect(String(decoding: firstLine, as: UTF8.self) == Self.headers[name], "\(name)")
            #expect(String(data: bytes, encoding: .utf8) != nil, "\(name) is UTF-8")
        }
    }

    /// Reading the files back with an RFC 4180 reader gives the records that were written,
    /// field for field, including notes with commas, quotes and line breaks.
    @Test func filesReadBackAsTheRecords() throws {
        let (data, files) = try Self.written(SampleClinic(seed: 1, clients: 120))
        let sessions = SampleTestSupport.parseCSV(files["sessions.csv"]!)
        #expect(sessions.count == data.sessions.count + 1)
        #expect(sessions.allSatisfy { $0.count == 16 })
        func score(_ v: Double?) -> String { v.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "" }
        for (row, s) in zip(sessions.dropFirst(), data.sessions) {
            let expected = [
                s.id, s.clientID, s.therapistID ?? "",
                s.day.iso + "T" + SampleGenerator.pad(s.minute! / 60, 2) + ":" + SampleGenerator.pad(s.minute! % 60, 2),
                String(s.durationMinutes!), s.kind.rawValue, s.techniques.joined(separator: ";"),
                s.pressure?.rawValue ?? "", s.regions.joined(separator: ";"), score(s.painBefore),
                score(s.painAfter), score(s.sleep), score(s.mood), score(s.stress), s.reliefDays?.text ?? "",
                s.notes ?? "",
            ]
            #expect(row == expected)
        }
        let notes = data.sessions.compactMap(\.notes)
        #expect(notes.contains { $0.contains(",") } && notes.contains { $0.contains("\"") }
                && notes.contains { $0.contains("\n") }, "the sample exercises RFC 4180 quoting")

        let clients = SampleTestSupport.parseCSV(files["clients.csv"]!)
        #expect(clients.dropFirst().map { $0[1] } == data.clients.map { $0.name ?? "" })
        #expect(clients.dropFirst().map { $0[5] } == data.clients.map { $0.intakeDate?.iso ?? "" })
        let checkIns = SampleTestSupport.parseCSV(files["checkins.csv"]!)
        #expect(checkIns.count == data.checkIns.count + 1 && checkIns.allSatisfy { $0.count == 7 })
    }

    @Test func groundTruthStaysOutOfTheFiles() throws {
        let (_, files) = try Self.written(SampleClinic(seed: 1, clients: 120))
        for (name, bytes) in files {
            let text = String(decoding: bytes, as: UTF8.self)
            for word in ["consistent", "irregular", "non-responder", "worsening", "nonResponder"] {
                #expect(!text.contains(word), "\(name) mentions \(word)")
            }
        }
    }

    @Test func writingCreatesFoldersAndReportsWhatFailed() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = SampleGenerator.generate(SampleClinic(seed: 1, clients: 3, months: 1))
        try data.writeCSV(to: dir + "/nested/deeper/")
        #expect(FileManager.default.fileExists(atPath: dir + "/nested/deeper/sessions.csv"))
        // Writing again replaces the files.
        try data.writeCSV(to: dir + "/nested/deeper")

        let blocker = dir + "/file"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
        #expect {
            try data.writeCSV(to: blocker)
        } throws: { error in
            guard case .cannotCreateDirectory(let path, _) = error as? SampleError else { return false }
            return path == blocker
        }
    }
}
