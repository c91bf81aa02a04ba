import ReliefModel

/// Reads a FHIR R4 Bundle into rows: Patient → client, Practitioner → therapist,
/// Encounter → session (with its Observations), Observations without an encounter → check-ins.
///
/// The bundle is read whole (resources refer to each other in any order), up to
/// `ImportLimits.maxFHIRBytes`. Each row is named by the line of the resource it
/// comes from; a cell from an Observation by the Observation's line. The mapping is
/// docs/fhir.md.
///
/// Resources outside a Bundle (Bulk Data NDJSON, single resources) are `FHIRResourceSource`'s.
///
/// - Throws: `ImportError.malformedJSON`, `.unsupported` (not a Bundle), `.limitExceeded`.
struct FHIRSource: BuiltRowSource {
    private let file: MappedFile
    private(set) var rows: [BuiltRow] = []
    private(set) var warnings: [Diagnostic] = []
    var index = 0
    let names = NameTable()
    var header: [String] { names.names }
    var ignored: [String] { [] }
    var delimiterText: String? { nil }
    var blankLines: Int { 0 }

    init(file: MappedFile, path: String, options: ImportOptions) throws(ImportError) {
        self.file = file
        guard file.count <= options.limits.maxFHIRBytes else {
            throw .limitExceeded(file: path, line: 1, what: "a FHIR bundle (read whole)", limit: options.limits.maxFHIRBytes)
        }
        var scanner = JSONScanner(file: file, path: path, limits: options.limits)
        let root = try scanner.value(depth: 0, arena: ByteArena())
        scanner.skipWhitespace()
        guard scanner.atEnd else { throw scanner.error("text after the bundle") }
        guard let bundle = root.object, bundle["resourceType"]?.string == "Bundle" else {
            throw .unsupported(file: path, line: 1, reason: "a FHIR file must be a Bundle (resourceType \"Bundle\")")
        }
        var builder = FHIRBundleBuilder(mapping: options.mapping, dates: try DateParser(format: nil, zone: options.timeZone))
        builder.build(bundle)
        rows = builder.rows
        warnings = builder.notices.diagnostics(file: { _ in path }, locate: { (path, $0) })
    }

}

/// Joins a bundle's resources into rows: references by `fullUrl` or `Type/id`, in any order.
struct FHIRBundleBuilder {
    var builder: FHIRRowBuilder
    var rows: [BuiltRow] = []
    var notices = FHIRNotices()

    init(mapping: ColumnMapping?, dates: DateParser) {
        builder = FHIRRowBuilder(mapping: mapping, dates: dates)
    }

    mutating func build(_ bundle: JSONObject) {
        let resources: [JSONObject] = (bundle["entry"]?.array ?? []).compactMap { entry in
            guard let e = entry.object, let r = e["resource"]?.object else { return nil }
            if let type = r["resourceType"]?.string, let id = r["id"]?.scalarText {
                if let full = e["fullUrl"]?.string { builder.references[full] = (type, id) }
                builder.references["\(type)/\(id)"] = (type, id)
            }
            return r
        }
        var encounters: [(JSONObject, String)] = []
        var byEncounter: [String: [JSONObject]] = [:]
        var checkIns: [FHIRCheckInKey: [JSONObject]] = [:]
        var checkInOrder: [FHIRCheckInKey] = []
        for r in resources {
            let type = r["resourceType"]?.string ?? "(no resourceType)"
            switch type {
            case "Patient": rows.append(builder.patient(r))
            case "Practitioner": rows.append(builder.practitioner(r))
            case "Encounter":
                if let id = r["id"]?.scalarText {
                    if let status = FHIRRowBuilder.isCancelled(r) {
                        notices.note(part: 0, line: r.line, column: "Encounter.status", key: "status " + status,
                                     one: "Encounter \(id) is \(status); not a session",
                                     many: "Encounters are \(status); not sessions (the first, on this line, is \(id))")
                    } else {
                        encounters.append((r, id))
                    }
                } else {
                    rows.append(builder.encounterWithoutID(r))
                }
            case "Observation":
                switch builder.route(r, part: 0, notices: &notices) {
                case .encounter(let id): byEncounter[id, default: []].append(r)
                case .checkIn(let key):
                    if checkIns[key] == nil { checkInOrder.append(key) }
                    checkIns[key, default: []].append(r)
                case nil: break
                }
            default: notices.ignoredType(type, part: 0)
            }
        }
        for (e, id) in encounters {
            rows.append(builder.encounter(e, id: id, observations: byEncounter[id] ?? []))
        }
        let known = Set(encounters.map(\.1))
        for (id, list) in byEncounter.sorted(by: { $0.key < $1.key }) where !known.contains(id) {
            for o in list {
                let ref = o["encounter"]?.object?["reference"]?.string ?? id
                notices.note(part: 0, line: o.line, column: "Observation.encounter", key: "missing-encounter",
                             one: "refers to \(ref), which is not an Encounter in this bundle; the observation is not imported",
                             many: "Observations refer to Encounters that are not in this bundle; not imported (the first, on this line, to \(ref))")
            }
        }
        for key in checkInOrder {
            if let list = checkIns[key], let row = builder.checkIn(list) { rows.append(row) }
        }
    }
}
