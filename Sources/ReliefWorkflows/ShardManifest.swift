import Foundation
import ReliefFiles

/// What one shard of a month wrote (`relief report month YYYY-MM --shard i/n` with n > 1), read
/// back by `ShardMerge` to check that the shards together are one whole run before it writes the
/// month's manifest.json and index.html.
///
/// A shard records the slice of clients it was meant to render (not only those it did), the
/// size and a fingerprint of the whole month's client list it sliced, and the report options
/// it rendered with, so the merge can tell a missing, failed or mismatched shard from a
/// complete set. It is written beside the reports as `manifest-shard-<i>-of-<n>.json`,
/// owner-only and whole, like every other file of the month.
public struct ShardManifest: Codable, Sendable {
    /// The month, `YYYY-MM`.
    public var month: String
    /// This shard's slice, 1-based.
    public var index: Int
    /// The number of shards the month was spread over.
    public var count: Int
    /// Clients with a session in the month: the whole list the shards slice.
    public var clients: Int
    /// `ShardManifest.fingerprint` of that whole list, in the store's id order.
    public var clientList: String
    /// The ids this shard was meant to render, in the store's id order.
    public var slice: [String]
    /// The report options it rendered with (`ShardManifest.describe`): every shard must agree.
    public var options: String
    /// What it wrote: the clinic report first (shard 1 only), then its clients in slice order.
    public var reports: [ReportManifest.Entry]
    /// Reports that failed, each as a sentence naming the report.
    public var failures: [String]

    public init(month: String, index: Int, count: Int, clients: Int, clientList: String, slice: [String], options: String,
                reports: [ReportManifest.Entry], failures: [String]) {
        self.month = month; self.index = index; self.count = count; self.clients = clients; self.clientList = clientList
        self.slice = slice; self.options = options; self.reports = reports; self.failures = failures
    }

    /// `manifest-shard-<i>-of-<n>.json`.
    public static func fileName(index: Int, count: Int) -> String { "manifest-shard-\(index)-of-\(count).json" }

    /// The shard a file name stands for, or nil when it is not a shard manifest's name.
    static func parse(fileName name: String) -> (index: Int, count: Int)? {
        guard name.hasPrefix("manifest-shard-"), name.hasSuffix(".json") else { return nil }
        let middle = name.dropFirst("manifest-shard-".count).dropLast(".json".count)
        let parts = middle.components(separatedBy: "-of-")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), String(i) == parts[0], String(n) == parts[1]
        else { return nil }
        return (i, n)
    }

    /// Whether `name` looks like a shard manifest's (`manifest-shard-….json`), well formed or not.
    static func looksLikeShardManifest(_ name: String) -> Bool { name.hasPrefix("manifest-shard-") && name.hasSuffix(".json") }

    /// A fingerprint of an ordered list of client ids: 32-bit FNV-1a (`SafeName.fnv1a`) of each id's
    /// UTF-8 length and bytes, so two shards that sliced different lists (records imported between
    /// their runs) are told apart.
    static func fingerprint(_ ids: [String]) -> String {
        SafeName.fnv1a(ids.map { "\($0.utf8.count):\($0)" }.joined())
    }

    /// The options that change a report's bytes, as one line.
    static func describe(_ o: ReportOptions) -> String {
        "created \(o.created.iso); paper \(o.paper.rawValue); notes \(o.includeNotes ? "yes" : "no"); "
            + "png \(o.png ? "yes at \(o.pngScale)x" : "no"); clinic \"\(o.clinicName)\"; language \(o.language.code); "
            + "relief \(o.version)"
    }

    /// Writes `<dir>/manifest-shard-<i>-of-<n>.json` whole, owner-only: `reports`, then the printed
    /// entries (`PrintedEntry.json`) `more` gives, one at a time (`ManifestFiles`).
    /// - Throws: `WorkflowError.cannotWrite`, or what `more` throws.
    func write(to dir: String, more: (_ emit: ([UInt8]) throws -> Void) throws -> Void = { _ in }) throws {
        var wrapper = self
        wrapper.reports = []
        try ManifestFiles.write(wrapper, to: dir + "/" + Self.fileName(index: index, count: count)) { emit in
            for entry in reports { try emit(try PrintedEntry(entry).json) }
            // `emit` handed on as it is (a closure parameter may not be passed to another directly).
            try withoutActuallyEscaping(emit) { try more($0) }
        }
    }
}
