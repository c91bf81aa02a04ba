import Foundation
import ReliefTestSupport
import Testing
@testable import ReliefSample
import ReliefImport

/// SampleData/ in the repository is exactly what `relief sample --out SampleData --seed 1`
/// writes. When the generator changes on purpose, re-record it with
/// `RELIEF_RECORD_SAMPLE=1 swift test --filter SampleDataFilesTests` (the recording run
/// fails, so nobody re-records by accident) and commit the files with the change.
@Suite struct SampleDataFilesTests {
    static let directory = repositoryRoot.path + "/SampleData"

    @Test func committedSampleIsWhatTheGeneratorMakes() throws {
        let data = SampleGenerator.generate(SampleClinic(seed: 1))
        if ProcessInfo.processInfo.environment["RELIEF_RECORD_SAMPLE"] == "1" {
            try data.writeCSV(to: Self.directory)
            Issue.record("Re-recorded \(Self.directory); run again without RELIEF_RECORD_SAMPLE to check it.")
            return
        }
        let scratch = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try data.writeCSV(to: scratch)
        for name in SampleData.csvFileNames {
            let committed = try Data(contentsOf: URL(fileURLWithPath: Self.directory + "/" + name))
            let fresh = try Data(contentsOf: URL(fileURLWithPath: scratch + "/" + name))
            #expect(committed == fresh, "SampleData/\(name) is out of date: re-record it (see this test's comment)")
        }
    }
}
