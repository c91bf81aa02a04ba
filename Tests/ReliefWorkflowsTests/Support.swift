import ReliefTestSupport
import Foundation
import ReliefModel
import ReliefStore
@testable import ReliefWorkflows



func sample(_ file: String) -> String { repositoryRoot.appendingPathComponent("SampleData/\(file)").path }

let sampleCSVs = ["therapists.csv", "clients.csv", "sessions.csv", "checkins.csv"].map(sample)

/// Imports files into a database through the same service `relief import` uses.
@discardableResult
func importFiles(_ paths: [String], into db: ReliefDatabase, today: String = "2026-11-01", strict: Bool = false) throws -> [FileOutcome] {
    var request = ImportRequest(paths: paths, today: Day(iso: today)!)
    request.strict = strict
    return try ImportService.run(request, store: db).outcomes
}

/// Every row of every table as sorted text: equal dumps mean equal database contents.
func dump(_ db: ReliefDatabase) throws -> [String] {
    var lines: [String] = []
    for t in try db.therapists() { lines.append("T \(t.id) \(t.name ?? "")") }
    for c in try db.clients() { lines.append("C \(c)") }
    try db.forEachSession { lines.append("S \($0)") }
    try db.forEachCheckIn { lines.append("K \($0)") }
    return lines.sorted()
}

/// pdftotext's text of a PDF (poppler-utils, which `make test` installs); `raw` keeps the
/// order the text was drawn in (a card's label, value and detail together).
func pdfText(_ path: String, raw: Bool = false) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
    p.arguments = ["-enc", "UTF-8"] + (raw ? ["-raw"] : []) + [path, "-"]
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
