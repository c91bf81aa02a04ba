import Foundation
import ReliefFiles

/// `relief report merge DIR`: the shards of a month (`report month --shard i/n`, each of which
/// wrote `manifest-shard-<i>-of-<n>.json` beside its reports) become the files of one run.
///
/// The merge reads every shard manifest in the folder (each report's entry in turn, kept in an
/// `EntrySpool` file rather than in memory, so a chain's month of 241,900 reports merges in
/// little memory) and refuses, naming the file and the rule, unless they are exactly one
/// complete set: shards 1 to n of the same n, each once, all for the same month, with the same
/// report options, slicing the same list of clients; none with a failed report; every client of
/// its slice rendered; every file they list present.
/// Then it writes manifest.json and index.html exactly as one unsharded run would (the clinic
/// report first, then the clients in the store's id order, `"shard": "1/1"`) and removes the
/// shard manifests, so the folder holds byte for byte what `report month` without `--shard`
/// writes. The store's id order is rebuilt by taking the slices in turn (slice i holds
/// positions i − 1, i − 1 + n, …), never by comparing strings.
///
/// ```swift
/// // after `relief report month 2026-10 --shard 1/3` (and 2/3, 3/3) into Reports/2026-10:
/// let outcome = try ShardMerge.merge(folder: "Reports/2026-10")
/// ```
public enum ShardMerge {
    public enum Outcome: Sendable, Equatable {
        /// manifest.json and index.html written from `shards` shard manifests (now removed).
        case merged(month: String, shards: Int, reports: Int)
        /// No shard manifests, and a manifest.json: the folder is already one run's.
        case alreadyMerged
    }

    /// Why the shards in a folder are not one whole run. Nothing is written or removed.
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case nothingToMerge(folder: String)
        case unreadable(file: String, reason: String)
        case badName(file: String)
        case duplicate(file: String, other: String, shard: String)
        case misnamed(file: String, says: String)
        case countsDisagree(file: String, count: Int, other: String, otherCount: Int)
        case monthsDisagree(file: String, month: String, other: String, otherMonth: String)
        case missing(folder: String, shards: [Int], of: Int)
        case failed(file: String, failures: [String])
        case clientListsDisagree(file: String, other: String)
        case optionsDisagree(file: String, options: String, other: String, otherOptions: String)
        case incomplete(file: String, reason: String)
        case slicesDoNotFit(folder: String)
        case missingFile(file: String, listed: String)

        public var description: String {
            switch self {
            case .nothingToMerge(let folder):
                return "nothing to merge in \(folder): it holds no shard manifests (manifest-shard-<i>-of-<n>.json) "
                    + "and no manifest.json; render the month with relief report month YYYY-MM --shard i/n first"
            case .unreadable(let file, let reason):
                return "cannot read \(file): \(reason)"
            case .badName(let file):
                return "\(file) is not a shard manifest's name: shard manifests are named manifest-shard-<i>-of-<n>.json "
                    + "with 1 ≤ i ≤ n and n ≥ 2; remove or rename it"
            case .duplicate(let file, let other, let shard):
                return "\(file) and \(other) are both shard \(shard): each shard must be merged once; remove the copy"
            case .misnamed(let file, let says):
                return "\(file) says it is shard \(says), which its name does not: a shard manifest keeps the name "
                    + "report month gave it"
            case .countsDisagree(let file, let count, let other, let otherCount):
                return "\(file) is one of \(count) shards but \(other) one of \(otherCount): every shard of a month "
                    + "must be rendered with the same n; remove the manifests of the other run, or render it again"
            case .monthsDisagree(let file, let month, let other, let otherMonth):
                return "\(file) is a shard of \(month) but \(other) of \(otherMonth): every shard in a folder must "
                    + "be of the same month"
            case .missing(let folder, let shards, let n):
                let list = shards.map { ShardManifest.fileName(index: $0, count: n) }.joined(separator: ", ")
                return "\(folder) lacks shard\(shards.count == 1 ? "" : "s") " + shards.map(String.init).joined(separator: ", ")
                    + " of \(n) (\(list)): run relief report month with --shard \(shards[0])/\(n) "
                    + "(and every other missing one) into this folder, then merge again"
            case .failed(let file, let failures):
                return "\(file) recorded \(failures.count) failed report\(failures.count == 1 ? "" : "s") ("
                    + failures.joined(separator: "; ") + "): render that shard again, then merge"
            case .clientListsDisagree(let file, let other):
                return "\(file) and \(other) sliced different lists of the month's clients (were records imported "
                    + "between their runs?): render every shard again, then merge"
            case .optionsDisagree(let file, let options, let other, let otherOptions):
                return "\(file) was rendered with other report options (\(options)) than \(other) (\(otherOptions)): "
                    + "render every shard with the same --created, --paper, --clinic, --include-notes and --no-png"
            case .incomplete(let file, let reason):
                return "\(file) is not a whole shard: \(reason); render that shard again, then merge"
            case .slicesDoNotFit(let folder):
                return "the shards in \(folder) do not make up the month's list of clients together: render every "
                    + "shard again, then merge"
            case .missingFile(let file, let listed):
                return "\(file) lists \(listed), which is not in the folder: render that shard again, then merge"
            }
        }
    }

    /// Merges the shard manifests in `folder` into manifest.json and index.html, then removes them.
    /// - Returns: `.merged`, or `.alreadyMerged` when there are no shard manifests but a manifest.json.
    /// - Throws: `Failure` when the shards are not one whole run (nothing is then written or
    ///   removed); `WorkflowError.cannotWrite`.
    public static func merge(folder: String) throws -> Outcome {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw Failure.unreadable(file: folder, reason: "there is no such folder")
        }
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: folder).filter(ShardManifest.looksLikeShardManifest).sorted()
        } catch {
            throw Failure.unreadable(file: folder, reason: (error as NSError).localizedDescription)
        }
        if names.isEmpty {
            if fm.fileExists(atPath: folder + "/manifest.json") { return .alreadyMerged }
            throw Failure.nothingToMerge(folder: folder)
        }
        let path = { (name: String) in folder + "/" + name }

        // Each shard manifest's outline (all but its reports, which are read one at a time below).
        // Each file is opened once: its outline and its entries are read from the same file.
        var shards: [(name: String, manifest: ShardManifest, reports: JSONArrayMember)] = []
        for name in names {
            guard let named = ShardManifest.parse(fileName: name), named.count >= 2, (1...named.count).contains(named.index)
            else { throw Failure.badName(file: path(name)) }
            let manifest: ShardManifest, reports: JSONArrayMember
            do {
                reports = try JSONArrayMember(path: path(name), key: "reports")
                manifest = try JSONDecoder().decode(ShardManifest.self, from: Data(reports.outline()))
            } catch {
                throw Failure.unreadable(file: path(name), reason: "not a shard manifest (\(error))")
            }
            // The decoder found reports where the outline has none: a second member that is
            // "reports" once its escapes are read. Which one the decoder keeps is its choice.
            guard manifest.reports.isEmpty else {
                throw Failure.unreadable(file: path(name), reason: "not a shard manifest (it has two \"reports\" arrays)")
            }
            if let twin = shards.first(where: { $0.manifest.index == manifest.index && $0.manifest.count == manifest.count }) {
                throw Failure.duplicate(file: path(name), other: path(twin.name), shard: "\(manifest.index)/\(manifest.count)")
            }
            guard manifest.index == named.index, manifest.count == named.count else {
                throw Failure.misnamed(file: path(name), says: "\(manifest.index)/\(manifest.count)")
            }
            shards.append((name, manifest, reports))
        }

        let first = shards[0]
        let n = first.manifest.count
        for s in shards.dropFirst() where s.manifest.count != n {
            throw Failure.countsDisagree(file: path(s.name), count: s.manifest.count, other: path(first.name), otherCount: n)
        }
        for s in shards.dropFirst() where s.manifest.month != first.manifest.month {
            throw Failure.monthsDisagree(file: path(s.name), month: s.manifest.month, other: path(first.name),
                                         otherMonth: first.manifest.month)
        }
        let missing = (1...n).filter { i in !shards.contains { $0.manifest.index == i } }
        if !missing.isEmpty { throw Failure.missing(folder: folder, shards: missing, of: n) }
        shards.sort { $0.manifest.index < $1.manifest.index }
        for s in shards where !s.manifest.failures.isEmpty {
            throw Failure.failed(file: path(s.name), failures: s.manifest.failures)
        }
        let one = shards[0]
        for s in shards.dropFirst() {
            if s.manifest.clients != one.manifest.clients || s.manifest.clientList != one.manifest.clientList {
                throw Failure.clientListsDisagree(file: path(s.name), other: path(one.name))
            }
            if s.manifest.options != one.manifest.options {
                throw Failure.optionsDisagree(file: path(s.name), options: s.manifest.options, other: path(one.name),
                                              otherOptions: one.manifest.options)
            }
        }

        // Each shard's slice is as long as its share of the month's clients (so the spool below is
        // no larger than the slices the files hold).
        let total = one.manifest.clients
        guard total >= 0 else {
            throw Failure.incomplete(file: path(one.name), reason: "it says the month has \(total) clients")
        }
        for s in shards {
            let expected = (total - s.manifest.index + n) / n
            guard s.manifest.slice.count == expected else {
                throw Failure.incomplete(file: path(s.name), reason: "slice \(s.manifest.index) of \(n) of the month's \(total) "
                                         + "clients holds \(expected), but it lists \(s.manifest.slice.count)")
            }
        }

        // Each shard rendered exactly its slice; shard 1 the clinic report too, first. The reports
        // are read an entry at a time, so an entry that is not one is refused here, after every
        // rule above (the whole-file decoder before found it first). The clients' entries are kept
        // in a spool file at their place in the store's order: client k of slice i (1-based) is at
        // position k·n + i − 1; only the clinic reports' stay in memory. A spool that cannot be
        // made (a read-only folder) is said after what is wrong with the shards, if anything is.
        let spool = Result { try EntrySpool(count: total, folder: folder) }
        var clinics: [PrintedEntry] = []
        var firstMissing: Failure?
        let decoder = JSONDecoder()
        for s in shards {
            let m = s.manifest, file = path(s.name)
            var clinicCount = 0, clinicAfterOther = false, others = 0, clients = 0, inSliceOrder = true
            try forEachEntry(s.reports, decoder) { e in
                switch e.kind {
                case "clinic":
                    clinicCount += 1
                    clinicAfterOther = clinicAfterOther || clients + others > 0
                    if m.index == 1 { clinics.append(try PrintedEntry(e)) }
                case "client":
                    if clients < m.slice.count, e.clientID == m.slice[clients] {
                        if case .success(let spool) = spool { try spool.put(PrintedEntry(e), at: clients * n + m.index - 1) }
                    } else {
                        inSliceOrder = false
                    }
                    clients += 1
                default:
                    others += 1
                }
                if firstMissing == nil, let listed = ([e.pdf] + e.images.map(\.file)).first(where: { !isFile(path($0)) }) {
                    firstMissing = .missingFile(file: file, listed: listed)
                }
            }
            if m.index == 1 {
                // The clinic report, then a chain's site reports, before any client's.
                guard clinicCount > 0, !clinicAfterOther else {
                    throw Failure.incomplete(file: file, reason: "shard 1 renders the clinic reports first, "
                                             + "but it lists \(clinicCount)")
                }
            } else if clinicCount > 0 {
                throw Failure.incomplete(file: file, reason: "only shard 1 renders the clinic report")
            }
            guard others == 0 else {
                throw Failure.incomplete(file: file, reason: "it lists a report that is neither a client's nor the clinic's")
            }
            guard inSliceOrder, clients == m.slice.count else {
                // Read again (a refusal only) for the slice's clients it has no report of.
                var rendered = Set<String>()
                try forEachEntry(s.reports, decoder) { e in
                    if e.kind == "client", let id = e.clientID { rendered.insert(id) }
                }
                let lacking = m.slice.filter { !rendered.contains($0) }
                throw Failure.incomplete(file: file, reason: lacking.isEmpty
                    ? "its client reports are not its slice's clients, in order"
                    : "no report for client\(lacking.count == 1 ? "" : "s") " + lacking.prefix(5).joined(separator: ", ")
                        + (lacking.count > 5 ? " and \(lacking.count - 5) more" : ""))
            }
        }

        // The store's order: position p is slice p mod n, at p div n.
        var ids: [String] = []
        ids.reserveCapacity(total)
        for p in 0..<total { ids.append(shards[p % n].manifest.slice[p / n]) }
        guard ShardManifest.fingerprint(ids) == one.manifest.clientList else { throw Failure.slicesDoNotFit(folder: folder) }
        if let firstMissing { throw firstMissing }
        let entries = try spool.get()

        let month = one.manifest.month
        try ReportManifest.write(month: month, shard: "1/1", to: folder) { emit in
            for c in clinics { try emit(c.json) }
            try entries.forEach { try emit($0.json) }
        }
        try IndexPage.write(month: month, count: clinics.count + total, to: folder) { emit in
            for c in clinics { try emit(c.indexLine) }
            try entries.forEach { try emit($0.indexLine) }
        }
        for s in shards {
            do {
                try fm.removeItem(atPath: path(s.name))
            } catch {
                throw WorkflowError.cannotWrite(path: path(s.name), reason: "merged, but not removed: \((error as NSError).localizedDescription)")
            }
        }
        return .merged(month: month, shards: n, reports: clinics.count + total)
    }

    /// Each entry of a shard manifest's `reports`, decoded in turn.
    /// - Throws: `Failure.unreadable` naming the file, or what `body` throws.
    private static func forEachEntry(_ reports: JSONArrayMember, _ decoder: JSONDecoder,
                                     _ body: (ReportManifest.Entry) throws -> Void) throws {
        let file = reports.path
        var index = 0
        do {
            try reports.forEachElement { json in
                let entry: ReportManifest.Entry
                do {
                    entry = try decoder.decode(ReportManifest.Entry.self, from: Data(json))
                } catch {
                    throw Failure.unreadable(file: file, reason: "its report \(index + 1) is not a manifest entry (\(error))")
                }
                index += 1
                try body(entry)
            }
        } catch let failure as JSONArrayMember.Failure {
            throw Failure.unreadable(file: file, reason: "not a shard manifest (\(failure))")
        }
    }

    private static func isFile(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
    }
}
