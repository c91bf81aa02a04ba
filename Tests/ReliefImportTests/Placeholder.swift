import Testing
import ReliefModel
@testable import ReliefImport

@Test func smoke() throws {
    var sink = RecordCollector()
    let s = try RecordReader.read(path: "/tmp/imp/s.csv", options: ImportOptions(today: Day(iso: "2026-03-31")!), into: &sink)
    for d in s.diagnostics { print(d) }
    print(s.read, s.accepted, s.rejected, s.duplicatesSkipped)
    for r in sink.records { print(r) }
}
