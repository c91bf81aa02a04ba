import ReliefTestSupport
import Foundation
import ReliefModel
@testable import ReliefImport

/// "Today" in every test: dates after it are in the future.
let testToday = Day(iso: "2026-03-31")!

func makeOptions(_ configure: (inout ImportOptions) -> Void = { _ in }) -> ImportOptions {
    var o = ImportOptions(today: testToday)
    configure(&o)
    return o
}

/// Reads `text` as the file `name`, collecting the accepted records.
func readText(_ text: String, name: String = "sessions.csv",
              _ configure: (inout ImportOptions) -> Void = { _ in }) throws -> (summary: ReadSummary, sink: RecordCollector) {
    try readBytes(Array(text.utf8), name: name, configure)
}

func readBytes(_ bytes: [UInt8], name: String = "sessions.csv",
               _ configure: (inout ImportOptions) -> Void = { _ in }) throws -> (summary: ReadSummary, sink: RecordCollector) {
    var sink = RecordCollector()
    let summary = try RecordReader.read(bytes: bytes, name: name, options: makeOptions(configure), into: &sink)
    return (summary, sink)
}

/// The thrown `ImportError`, or nil.
func importError(_ body: () throws -> Void) -> ImportError? {
    do {
        try body()
        return nil
    } catch let e as ImportError {
        return e
    } catch {
        return nil
    }
}

let sessionHeader = "session_id,client_id,therapist_id,date,duration_min,kind,technique,pressure,regions,"
    + "pain_before,pain_after,sleep_quality,mood,stress,relief_days,notes"

/// Two good session rows for client C9 that surround a row under test.
let goodRowA = "G1,C9,T1,2026-03-02,60,medical,trigger-point,firm,neck,6,3,5,6,7,,ok"
let goodRowB = "G2,C9,T1,2026-03-09,45,relaxation,swedish,light,back,5,2.5,6,6,5,3,"

/// A session file: header, good row (line 2), `row` (line 3), good row (line 4).
func sessionsAround(_ row: String) -> String {
    [sessionHeader, goodRowA, row, goodRowB].joined(separator: "\n") + "\n"
}


