import Foundation
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// The month's manifests and index.html written a report at a time (`ManifestFiles`,
/// `EntrySpool`) are the bytes the whole-file encoders gave: `JSONEncoder` for the manifests,
/// the page as it was built in one string before.
@Suite struct ManifestFilesTests {
    static func entry(_ k: Int) -> ReportManifest.Entry {
        // Each kind of value an entry holds: no client id, no images, a null headline number,
        // names with quotes, slashes, right-to-left text and an empty string.
        let names = ["Clinic outcomes · October 2026", "O\"Brien / Ann", "مريم الحسن", "", "李 小龙"]
        return ReportManifest.Entry(
            kind: k == 0 ? "clinic" : "client", clientID: k == 0 ? nil : "C\(k)", name: names[k % names.count],
            pdf: k == 0 ? "clinic.pdf" : "clients/C\(k).pdf", pages: k % 4,
            images: (0..<(k % 3)).map { ReportManifest.Image(file: "clients/C\(k)-\($0).png", width: 100 + $0, height: 50) },
            headline: k % 2 == 0 ? [:] : ["sessions": Double(k), "painCurrent": nil, "painChange": -1.25])
    }

    static func encoded(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    @Test(arguments: [0, 1, 2, 7]) func theManifestIsWhatJSONEncoderPrints(count: Int) throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let manifest = ReportManifest(month: "2026-10", shard: "1/1", reports: (0..<count).map(Self.entry))
        try manifest.write(to: dir)
        let written = try Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json"))
        #expect(written == (try Self.encoded(manifest)), "\(String(decoding: written, as: UTF8.self))")
    }

    @Test(arguments: [0, 3]) func aShardsManifestIsWhatJSONEncoderPrints(count: Int) throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let all = (0..<count).map(Self.entry)
        var shard = ShardManifest(month: "2026-10", index: 2, count: 3, clients: 9, clientList: "abc", slice: ["C1", "C4"],
                                  options: "created 2026-11-01", reports: Array(all.prefix(1)), failures: ["client C7: no sessions"])
        // The shard's own reports, then the spooled ones.
        try shard.write(to: dir) { emit in for e in all.dropFirst() { try emit(try PrintedEntry(e).json) } }
        shard.reports = all
        let written = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + ShardManifest.fileName(index: 2, count: 3)))
        #expect(written == (try Self.encoded(shard)))
    }

    /// index.html as `IndexPage` built it in one string before it was written a line at a time.
    @Test func theIndexIsThePageItWasBefore() throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let manifest = ReportManifest(month: "2026-10", shard: "1/1", reports: (0..<4).map(Self.entry))
        try IndexPage.write(manifest, to: dir)
        let page = try String(contentsOfFile: dir + "/index.html", encoding: .utf8)
        #expect(page.hasPrefix("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Relief reports · 2026-10</title>"))
        #expect(page.contains("<p><small>4 reports. Health data: keep this folder private.</small></p>\n<ul>\n<li>"))
        #expect(page.contains("<li><a href=\"clients/C1.pdf\"><img src=\"clients/C1-0.png\" alt=\"O&quot;Brien / Ann: chart\" loading=\"lazy\"><span dir=\"auto\">O&quot;Brien / Ann</span></a><br><small>Client report · 1 pages</small></li>\n"))
        #expect(page.hasSuffix("</small></li>\n</ul></body></html>\n"))
        #expect(page.components(separatedBy: "<li>").count == 5)
    }

    /// Entries put from several threads, out of order and with gaps (a report that failed), come
    /// back in position order, each as it was put; the spool's file has no name in the folder.
    @Test func theSpoolGivesItsEntriesBackInPositionOrder() throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let spool = try EntrySpool(count: 300, folder: dir)
        let failed: Set<Int> = [0, 17, 299]
        DispatchQueue.concurrentPerform(iterations: 4) { w in
            for k in stride(from: 299 - w, through: 0, by: -4) where !failed.contains(k) {
                try? spool.put(PrintedEntry(Self.entry(k)), at: k)
            }
        }
        #expect(spool.count == 297)
        var back: [PrintedEntry] = []
        try spool.forEach { back.append($0) }
        let expected = try (0..<300).filter { !failed.contains($0) }.map { try PrintedEntry(Self.entry($0)) }
        #expect(back.map(\.json) == expected.map(\.json))
        #expect(back.map(\.indexLine) == expected.map(\.indexLine))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
}
