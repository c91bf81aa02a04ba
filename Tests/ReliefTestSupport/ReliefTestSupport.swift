import Foundation
import ReliefModel
import Testing

// One copy of what every test target needs: temporary folders, days, the repository's files.

/// The repository's root folder (for SampleData/, docs/ and Reports/).
public let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `relief` executable built with these tests: `swift build --build-tests` puts it beside the
/// test bundle, in the folder of the configuration being tested (debug for `make test`; release
/// for `swift test -c release -Xswiftc -enable-testing`); `.build/debug/relief` when the bundle
/// runs from elsewhere.
public var reliefExecutable: String {
    let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    let beside = URL(fileURLWithPath: bundle).deletingLastPathComponent()
    for candidate in [beside, beside.deletingLastPathComponent()].map({ $0.appendingPathComponent("relief").path })
    where FileManager.default.isExecutableFile(atPath: candidate) {
        return candidate
    }
    return repositoryRoot.appendingPathComponent(".build/debug/relief").path
}

/// A new empty folder under the system's temporary folder, named after the test that asked;
/// the caller removes it (`try? FileManager.default.removeItem(atPath:)`).
public func temporaryFolder(_ label: String = #function) throws -> String {
    let safe = String(label.filter { $0.isLetter || $0.isNumber }.prefix(40))
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("relief-\(safe)-\(UUID().uuidString.prefix(8))").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// `temporaryFolder` as a file URL.
public func temporaryDirectory(_ label: String = #function) throws -> URL {
    URL(fileURLWithPath: try temporaryFolder(label), isDirectory: true)
}

/// A day from its ISO text ("2026-03-14"); traps on a typo in a test, never on data.
public func day(_ iso: String) -> Day {
    guard let d = Day(iso: iso) else { preconditionFailure("not a date: \(iso)") }
    return d
}

/// The day `offset` days after 2026-03-01 (tests that count days from a fixed start).
public func day(_ offset: Int = 0) -> Day { day("2026-03-01") + offset }

/// A path under SampleData/.
public func sampleDataPath(_ file: String) -> String { repositoryRoot.appendingPathComponent("SampleData/\(file)").path }

/// SplitMix64 (Steele, Lea and Flood 2014): the one seeded generator of the tests, so a failing
/// random test can be replayed from its seed.
public struct SeededGenerator: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A therapist's own spreadsheet as the import issue describes it: no ids, client names (one
/// written twice with different spacing and case), day-first dates, a quoted note.
public let therapistSheet = """
    Client,Date,Pain before,Pain after,Notes
    Anna Kowalska,03/10/2026,7,4,first visit
    Jan Nowak,03/10/2026,5,3,
    Anna Kowalska,10/10/2026,6,3,"better, sleeps well"
    Anna  kowalska,17/10/2026,5,2,
    Jan Nowak,17/10/2026,4.5,2,

    """

/// `shared/data/real-fhir` beside the repository: FHIR files written by others.
public let realFHIRFolder = repositoryRoot.appendingPathComponent("../shared/data/real-fhir").standardized.path

/// The path of a real FHIR file, or nil with an Issue when the folder is missing: a test that
/// needs them never passes silently.
public func realFHIRFile(_ name: String) -> String? {
    let path = realFHIRFolder + "/" + name
    guard FileManager.default.fileExists(atPath: path) else {
        Issue.record("the real FHIR files are missing: \(path) (../shared/data/real-fhir next to the repository)")
        return nil
    }
    return path
}
