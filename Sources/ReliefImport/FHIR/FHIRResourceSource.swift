import ReliefModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads FHIR resources outside a Bundle: FHIR Bulk Data NDJSON (what an EHR's `$export`
/// writes: one resource a line, files split by type and numbered — `Patient.ndjson`,
/// `Encounter.ndjson`, `Observation-1.ndjson` …) and single-resource JSON files, as guides
/// publish them and APIs return them. Several files are read as **one** import, so an
/// Observation in `Observation-2.ndjson` finds its Encounter in `Encounter.ndjson` and its
/// Patient in `Patient.ndjson`.
///
/// **Streaming, in two steps.** Indexing reads every file once, parsing one resource at a
/// time, and keeps only where things are: a 24-byte `Unit` (file, line, byte range) for each
/// Patient, Practitioner and Encounter (a row each) and for each Observation Relief reads,
/// grouped under the Encounter it names or the check-in (client, day, source) it belongs to.
/// Everything else is counted in `notices` and forgotten. Rows are then built on demand, on
/// each pass of the driver, by parsing those resources again from the mapped files, and pages
/// are handed back to the kernel as the passes go. Memory therefore grows with the number of
/// rows and score Observations (tens of bytes each), never with the bytes of the files.
///
/// **Lines.** The files are numbered as one: line n of file k is `lineBase(k) + n`, so a cell
/// from another file keeps its line through the driver; `locate` turns it back into the file
/// and its own line, and `RecordReader` applies that to every diagnostic.
///
/// - Throws: `ImportError.malformedJSON` for a single-resource file that is not valid JSON (an
///   NDJSON line that is not is a rejected row, as in NDJSON), `.limitExceeded`.
struct FHIRResourceSource: RowSource {
    /// One file of the import.
    struct Part {
        let file: MappedFile
        let path: String
        /// Lines of the files before this one.
        let lineBase: Int
        /// True for one resource a line; false for one resource in the whole file.
        let lines: Bool
        var lineCount = 0
    }

    /// Where a resource is: its file, its first (global) line, its bytes.
    struct Unit {
        var part: Int32
        var line: Int32
        var start: Int
        var end: Int
    }

    enum EntryKind: UInt8 {
        case patient, practitioner, encounter, encounterWithoutID, checkIn, badLine
    }

    /// A row to build: what, from where; `aux` is the encounter's or check-in's group.
    struct Entry {
        var kind: EntryKind
        var unit: Unit
        var aux: Int32 = -1
    }

    private(set) var parts: [Part] = []
    private var entries: [Entry] = []
    /// Messages of `.badLine` entries, by entry index.
    private var badLines: [Int: String] = [:]
    /// Observations by encounter group: `encounterObservations[encounterStart[g] ..< encounterStart[g + 1]]`.
    private var encounterStart: [Int32] = []
    private var encounterObservations: [Unit] = []
    /// Observations by check-in group, likewise.
    private var checkInStart: [Int32] = []
    private var checkInObservations: [Unit] = []
    private(set) var notices = FHIRNotices()
    private let builder: FHIRRowBuilder
    private let limits: ImportLimits
    private let arena = ByteArena()
    private var index = 0
    private(set) var blankLines = 0
    let names = NameTable()
    var header: [String] { names.names }
    var ignored: [String] { [] }
    var delimiterText: String? { nil }

    /// Indexes `files` (already checked to be UTF-8), named by `paths`.
    init(files: [MappedFile], paths: [String], options: ImportOptions) throws(ImportError) {
        builder = FHIRRowBuilder(mapping: options.mapping, dates: try DateParser(format: nil, zone: options.timeZone))
        limits = options.limits
        var encounterGroups: [UInt64: Int32] = [:]
        var encounterCount: Int32 = 0
        var pendingEncounter: [(hash: UInt64, unit: Unit)] = []
        var checkInGroups: [FHIRCheckInKey: Int32] = [:]
        var pendingCheckIn: [(group: Int32, unit: Unit)] = []
        var lineBase = 0
        for (k, file) in files.enumerated() {
            let path = k < paths.count ? paths[k] : file.path
            let head = UnsafeBufferPointer(start: file.base, count: file.count)
            var part = Part(file: file, path: path, lineBase: lineBase, lines: FHIRSniff.isResourceLines(path: path, head))
            var blanks = 0
            try Self.forEachResource(in: &part, index: Int32(k), arena: arena, limits: limits, blankLines: &blanks) {
                (unit, parsed) throws(ImportError) in
                guard case .success(let value) = parsed else {
                    if case .failure(let problem) = parsed {
                        badLines[entries.count] = problem.message
                        entries.append(Entry(kind: .badLine, unit: unit))
                    }
                    return
                }
                guard let r = value.object, let type = r["resourceType"]?.string else {
                    badLines[entries.count] = "not a FHIR resource (no resourceType)"
                    entries.append(Entry(kind: .badLine, unit: unit))
                    return
                }
                switch type {
                case "Patient": entries.append(Entry(kind: .patient, unit: unit))
                case "Practitioner": entries.append(Entry(kind: .practitioner, unit: unit))
                case "Encounter":
                    guard let id = r["id"]?.scalarText else {
                        entries.append(Entry(kind: .encounterWithoutID, unit: unit))
                        return
                    }
                    if let status = FHIRRowBuilder.isCancelled(r) {
                        notices.note(part: k, line: r.line, column: "Encounter.status", key: "status " + status,
                                     one: "Encounter \(id) is \(status); not a session",
                                     many: "Encounters are \(status); not sessions (the first, on this line, is \(id))")
                        return
                    }
                    let h = Self.hash(id)
                    let group: Int32
                    if let g = encounterGroups[h] {
                        group = g  // the same id again: the same observations, so the driver compares like with like
                    } else {
                        group = encounterCount
                        encounterGroups[h] = group
                        encounterCount += 1
                    }
                    entries.append(Entry(kind: .encounter, unit: unit, aux: group))
                case "Observation":
                    switch builder.route(r, part: k, notices: &notices) {
                    case .encounter(let id): pendingEncounter.append((Self.hash(id), unit))
                    case .checkIn(let key):
                        let group: Int32
                        if let g = checkInGroups[key] {
                            group = g
                        } else {
                            group = Int32(checkInGroups.count)
                            checkInGroups[key] = group
                            entries.append(Entry(kind: .checkIn, unit: unit, aux: group))
                        }
                        pendingCheckIn.append((group, unit))
                    case nil: break
                    }
                case "Bundle":
                    notices.note(part: k, line: r.line, column: "Bundle", key: "bundle",
                                 one: "a Bundle among single resources is not read; import each bundle as a file of its own",
                                 many: "Bundles among single resources are not read; import each bundle as a file of its own")
                default:
                    notices.ignoredType(type, part: k)
                }
            }
            blankLines += blanks
            lineBase += part.lineCount
            parts.append(part)
        }
        // Observations → their encounter's group; those naming an Encounter in none of the files are reported.
        var counts = [Int32](repeating: 0, count: Int(encounterCount) + 1)
        var groupOf = [Int32](repeating: -1, count: pendingEncounter.count)
        for (i, p) in pendingEncounter.enumerated() {
            if let g = encounterGroups[p.hash] {
                groupOf[i] = g
                counts[Int(g) + 1] += 1
            } else {
                let ref = (try? parse(p.unit))?.object?["encounter"]?.object?["reference"]?.string ?? "an Encounter"
                let line = Int(p.unit.line)
                notices.note(part: Int(p.unit.part), line: line, column: "Observation.encounter", key: "missing-encounter",
                             one: "refers to \(ref), which is in none of the files read; the observation is not imported "
                                + "(import the Encounter files with the Observation files, in one command)",
                             many: "Observations refer to Encounters in none of the files read; not imported (the first, on "
                                + "this line, to \(ref); import the Encounter files with the Observation files, in one command)")
            }
        }
        (encounterStart, encounterObservations) = Self.grouped(pendingEncounter.map(\.unit), groupOf, counts)
        var checkInCounts = [Int32](repeating: 0, count: checkInGroups.count + 1)
        for p in pendingCheckIn { checkInCounts[Int(p.group) + 1] += 1 }
        (checkInStart, checkInObservations) = Self.grouped(pendingCheckIn.map(\.unit), pendingCheckIn.map(\.group), checkInCounts)
        releaseBehind()
    }

    /// Units grouped by `groupOf` (−1: none), in their order within each group (a counting sort).
    private static func grouped(_ units: [Unit], _ groupOf: [Int32], _ counts: [Int32]) -> ([Int32], [Unit]) {
        var start = counts
        for g in 1..<max(start.count, 1) { start[g] += start[g - 1] }
        var next = start
        var out = [Unit](repeating: Unit(part: 0, line: 0, start: 0, end: 0), count: Int(start.last ?? 0))
        for (i, u) in units.enumerated() where groupOf[i] >= 0 {
            let g = Int(groupOf[i])
            out[Int(next[g])] = u
            next[g] += 1
        }
        return (start, out)
    }

    static func hash(_ id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { u in u.baseAddress.map { hashBytes($0, u.count) } ?? 0 }
    }

    /// Calls `body` with each resource of `part` (each line, or the whole file) and its parsed value,
    /// or the reason a line is not a JSON object; counts the part's lines and blank lines.
    private static func forEachResource(in part: inout Part, index k: Int32, arena: ByteArena, limits: ImportLimits,
                                        blankLines: inout Int,
                                        _ body: (Unit, Result<JSONValue, LineProblem>) throws(ImportError) -> Void)
        throws(ImportError) {
        let file = part.file
        let p = file.base, n = file.count
        var i = n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0
        guard part.lines else {
            // One resource in the whole file (it may span lines).
            part.lineCount = lineCount(p, n) + (n > 0 && p[n - 1] != 0x0A ? 1 : 0)
            while i < n && (p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D) { i += 1 }
            guard i < n else { throw .empty(file: part.path) }
            let unit = Unit(part: k, line: Int32(truncatingIfNeeded: part.lineBase + 1 + lineCount(p, i)), start: i, end: n)
            var s = scanner(unit, file: file, path: part.path, limits: limits)
            let value: JSONValue
            do throws(ImportError) {
                value = try s.value(depth: 0, arena: arena)
                s.skipWhitespace()
                guard s.atEnd else { throw s.error("text after the resource") }
            } catch {
                throw local(error, lineBase: part.lineBase)
            }
            try body(unit, .success(value))
            return
        }
        var line = 1
        while i < n {
            let lineEnd = memchr(p + i, 0x0A, n - i).map { UnsafeRawPointer(p).distance(to: UnsafeRawPointer($0)) } ?? n
            var a = i
            while a < lineEnd && (p[a] == 0x20 || p[a] == 0x09 || p[a] == 0x0D) { a += 1 }
            if a == lineEnd {
                blankLines += 1
            } else {
                let unit = Unit(part: k, line: Int32(truncatingIfNeeded: part.lineBase + line), start: a, end: lineEnd)
                var s = scanner(unit, file: file, path: part.path, limits: limits)
                let parsed: Result<JSONValue, LineProblem>
                do throws(ImportError) {
                    guard p[a] == 0x7B else { throw s.error("each line must hold one JSON object (one FHIR resource)") }
                    let value = try s.value(depth: 0, arena: arena)
                    s.skipSpaces()
                    guard s.atEnd else { throw s.error("text after the resource on the same line") }
                    parsed = .success(value)
                } catch {
                    guard case .malformedJSON(_, _, let column, let reason) = error else { throw local(error, lineBase: part.lineBase) }
                    parsed = .failure(LineProblem(message: "not valid JSON at column \(column): \(reason)"))
                }
                try body(unit, parsed)
            }
            line += 1
            i = lineEnd + 1
            if line & 0x3FF == 0 { file.release(upTo: i) }
        }
        part.lineCount = line - 1
        file.rewind()
    }

    /// Why an NDJSON line is not a resource.
    struct LineProblem: Error {
        var message: String
    }

    private static func lineCount(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var c = 0, i = 0
        while i < n, let q = memchr(p + i, 0x0A, n - i) {
            c += 1
            i = UnsafeRawPointer(p).distance(to: UnsafeRawPointer(q)) + 1
        }
        return c
    }

    /// An error with the line in its own file.
    private static func local(_ error: ImportError, lineBase: Int) -> ImportError {
        switch error {
        case .malformedJSON(let file, let line, let column, let reason):
            .malformedJSON(file: file, line: line - lineBase, column: column, reason: reason)
        case .limitExceeded(let file, let line, let what, let limit):
            .limitExceeded(file: file, line: line - lineBase, what: what, limit: limit)
        default: error
        }
    }

    private static func scanner(_ u: Unit, file: MappedFile, path: String, limits: ImportLimits) -> JSONScanner {
        var s = JSONScanner(file: file, path: path, limits: limits)
        s.seek(u.start, line: Int(u.line))
        s.end = u.end
        return s
    }

    /// The resource at `u`, parsed again.
    private func parse(_ u: Unit) throws(ImportError) -> JSONValue {
        let part = parts[Int(u.part)]
        var s = Self.scanner(u, file: part.file, path: part.path, limits: limits)
        return try s.value(depth: 0, arena: arena)
    }

    private func object(_ u: Unit) throws(ImportError) -> JSONObject {
        guard let o = try parse(u).object else {
            throw .unsupported(file: parts[Int(u.part)].path, line: Int(u.line) - parts[Int(u.part)].lineBase,
                               reason: "the resource changed while it was read")
        }
        return o
    }

    /// The file and the line in it of a line of this source.
    func locate(_ line: Int) -> (file: String, line: Int) {
        var lo = 0, hi = parts.count - 1
        guard hi >= 0 else { return ("", line) }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if parts[mid].lineBase < line { lo = mid } else { hi = mid - 1 }
        }
        return (parts[lo].path, line - parts[lo].lineBase)
    }

    // MARK: RowSource

    mutating func rewind() throws(ImportError) { index = 0 }

    /// Hands every file's pages back to the kernel: rows are built from scattered lines, so
    /// no position is "behind"; what is needed again is faulted back in from the page cache.
    func releaseBehind() {
        for p in parts {
            p.file.rewind()
            p.file.release(upTo: p.file.count)
            p.file.rewind()
        }
    }

    mutating func next(into row: inout Row) throws(ImportError) -> Bool {
        guard index < entries.count else { return false }
        try build(index, into: &row)
        index += 1
        return true
    }

    mutating func read(at position: RowPosition, into row: inout Row) throws(ImportError) {
        try build(position.offset, into: &row)
    }

    private func build(_ i: Int, into row: inout Row) throws(ImportError) {
        let e = entries[i]
        let built: BuiltRow
        switch e.kind {
        case .patient: built = builder.patient(try object(e.unit))
        case .practitioner: built = builder.practitioner(try object(e.unit))
        case .encounterWithoutID: built = builder.encounterWithoutID(try object(e.unit))
        case .encounter:
            let encounter = try object(e.unit)
            let id = encounter["id"]?.scalarText ?? ""
            let g = Int(e.aux)
            var observations: [JSONObject] = []
            for k in Int(encounterStart[g])..<Int(encounterStart[g + 1]) {
                let o = try object(encounterObservations[k])
                // A 64-bit hash matched the id; check the id itself (a collision costs nothing else).
                if let ref = o["encounter"]?.object?["reference"]?.string, builder.resolve(ref)?.id == id {
                    observations.append(o)
                }
            }
            built = builder.encounter(encounter, id: id, observations: observations)
        case .checkIn:
            let g = Int(e.aux)
            var observations: [JSONObject] = []
            for k in Int(checkInStart[g])..<Int(checkInStart[g + 1]) {
                observations.append(try object(checkInObservations[k]))
            }
            built = builder.checkIn(observations) ?? BuiltRow(kind: .checkins, line: Int(e.unit.line))
        case .badLine:
            row.clear()
            row.base = nil
            row.kind = .sessions
            row.names = names
            row.position = RowPosition(offset: i, line: Int(e.unit.line), kind: .sessions)
            row.fieldCell.reset()
            row.problem = (.syntax, badLines[i] ?? "not a FHIR resource")
            return
        }
        built.fill(&row, names: names, offset: i)
    }
}

/// Quick looks at a FHIR file's first bytes: one resource a line, or one resource (a Bundle or not).
enum FHIRSniff {
    /// True when the file holds one resource a line: named `.ndjson`/`.jsonl`, or its first line
    /// holds a whole object and another follows.
    static func isResourceLines(path: String, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return true }
        guard let i = firstBrace(p) else { return false }
        return JSONSniff.hasSecondTopLevelValue(p, from: i)
    }

    /// The offset of the first `{` after a BOM and whitespace, if the file starts with one.
    static func firstBrace(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0
        while i < p.count && (p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D) { i += 1 }
        return i < p.count && p[i] == 0x7B ? i : nil
    }

    /// True when the first object has a top-level `resourceType` (a FHIR resource, or a line of them).
    static func isFHIR(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let i = firstBrace(p) else { return false }
        return JSONSniff.hasTopLevelKey("resourceType", p, from: i)
    }

    /// True when the file is one Bundle (read whole by `FHIRSource`), not resources.
    static func isBundle(path: String, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let i = firstBrace(p), !isResourceLines(path: path, p) else { return false }
        return JSONSniff.topLevelString("resourceType", p, from: i) == "Bundle"
    }
}
