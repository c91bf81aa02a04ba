import ReliefModel

/// Reads a FHIR R4 Bundle into rows: Patient → client, Practitioner → therapist,
/// Encounter → session (with its Observations), Observations without an encounter → check-ins.
///
/// The bundle is read whole (resources refer to each other in any order), up to
/// `ImportLimits.maxFHIRBytes`. Each row is named by the line of the resource it
/// comes from; a cell from an Observation by the Observation's line. The mapping is
/// docs/fhir.md.
///
/// - Throws: `ImportError.malformedJSON`, `.unsupported` (not a Bundle), `.limitExceeded`.
struct FHIRSource: RowSource {
    /// A row built from resources.
    struct Built {
        var kind: RecordKind
        var line: Int
        var cells: [(field: Field?, label: String, value: String, line: Int, type: CellType)] = []
        var problems: [(label: String, line: Int, rule: Rule, message: String)] = []

        mutating func add(_ field: Field, _ label: String, _ value: String?, line: Int, type: CellType = .text) {
            guard let value else { return }
            cells.append((field, label, value, line, type))
        }
    }

    private let file: MappedFile
    private(set) var rows: [Built] = []
    private(set) var warnings: [Diagnostic] = []
    private var index = 0
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
        var builder = FHIRBundleBuilder(path: path, mapping: options.mapping, dates: try DateParser(format: nil))
        builder.build(bundle)
        rows = builder.rows
        warnings = builder.warnings
    }

    mutating func rewind() throws(ImportError) { index = 0 }
    func releaseBehind() {}

    mutating func next(into row: inout Row) throws(ImportError) -> Bool {
        guard index < rows.count else { return false }
        fill(&row, rows[index], at: index)
        index += 1
        return true
    }

    mutating func read(at position: RowPosition, into row: inout Row) throws(ImportError) {
        fill(&row, rows[position.offset], at: position.offset)
    }

    private func fill(_ row: inout Row, _ built: Built, at i: Int) {
        row.clear()
        row.base = nil
        row.kind = built.kind
        row.names = names
        row.position = RowPosition(offset: i, line: built.line, kind: built.kind)
        row.fieldCell.reset()
        for c in built.cells {
            let start = row.scratch.count
            row.scratch.append(c.value)
            let cell = Cell(start: start, count: row.scratch.count - start, name: names.add(c.label), type: c.type,
                            inScratch: true, line: Int32(c.line == built.line ? 0 : c.line))
            if let f = c.field {
                if row.fieldCell[f.rawValue] >= 0 {
                    row.cellProblems.append((row.cells.count, .ambiguousField, "\(f.name) is given twice for this resource"))
                }
                row.fieldCell[f.rawValue] = Int32(row.cells.count)
            }
            row.cells.append(cell)
        }
        for p in built.problems {
            let start = row.scratch.count
            let cell = Cell(start: start, count: 0, name: names.add(p.label), inScratch: true,
                            line: Int32(p.line == built.line ? 0 : p.line))
            row.cellProblems.append((row.cells.count, p.rule, p.message))
            row.cells.append(cell)
        }
    }
}

/// Joins a bundle's resources into rows.
struct FHIRBundleBuilder {
    let path: String
    let mapping: ColumnMapping?
    let dates: DateParser
    var rows: [FHIRSource.Built] = []
    var warnings: [Diagnostic] = []

    /// fullUrl or "Type/id" → (type, id).
    private var references: [String: (type: String, id: String)] = [:]

    init(path: String, mapping: ColumnMapping?, dates: DateParser) {
        self.path = path
        self.mapping = mapping
        self.dates = dates
    }

    private mutating func warn(_ line: Int, _ column: String?, _ message: String) {
        warnings.append(Diagnostic(file: path, line: line, column: column, rule: .fhir, message: message, severity: .warning))
    }

    mutating func build(_ bundle: JSONObject) {
        let resources: [JSONObject] = (bundle["entry"]?.array ?? []).compactMap { entry in
            guard let e = entry.object, let r = e["resource"]?.object else { return nil }
            if let type = r["resourceType"]?.string, let id = r["id"]?.scalarText {
                if let full = e["fullUrl"]?.string { references[full] = (type, id) }
                references["\(type)/\(id)"] = (type, id)
            }
            return r
        }
        var encounters: [(JSONObject, String)] = []
        var observations: [JSONObject] = []
        var otherTypes: [String: Int] = [:]
        for r in resources {
            let type = r["resourceType"]?.string ?? "(no resourceType)"
            switch type {
            case "Patient": patient(r)
            case "Practitioner": practitioner(r)
            case "Encounter":
                if let id = r["id"]?.scalarText {
                    encounters.append((r, id))
                } else {
                    var b = FHIRSource.Built(kind: .sessions, line: r.line)
                    b.problems.append(("Encounter.id", r.line, .required, "the Encounter has no id, which Relief uses as session_id"))
                    rows.append(b)
                }
            case "Observation": observations.append(r)
            default: otherTypes[type, default: 0] += 1
            }
        }
        for (type, n) in otherTypes.sorted(by: { $0.key < $1.key }) {
            warnings.append(Diagnostic(file: path, line: nil, column: type, rule: .fhir,
                                       message: "\(n) \(type) resource\(n == 1 ? "" : "s") ignored (Relief reads Patient, Practitioner, Encounter, Observation)",
                                       severity: .warning))
        }
        // Observations by encounter id; the rest are check-ins.
        var byEncounter: [String: [JSONObject]] = [:]
        var checkIns: [JSONObject] = []
        for o in observations {
            if let ref = o["encounter"]?.object?["reference"]?.string {
                guard let target = resolve(ref), target.type == "Encounter" else {
                    warn(o.line, "Observation.encounter", "refers to \(ref), which is not an Encounter in this bundle; the observation is not imported")
                    continue
                }
                byEncounter[target.id, default: []].append(o)
            } else {
                checkIns.append(o)
            }
        }
        for (e, id) in encounters {
            encounter(e, id: id, observations: byEncounter[id] ?? [])
        }
        let known = Set(encounters.map(\.1))
        for (id, list) in byEncounter.sorted(by: { $0.key < $1.key }) where !known.contains(id) {
            for o in list {
                let ref = o["encounter"]?.object?["reference"]?.string ?? id
                warn(o.line, "Observation.encounter", "refers to \(ref), which is not an Encounter in this bundle; the observation is not imported")
            }
        }
        checkInRows(checkIns)
        warnings.sort { ($0.line ?? 0) < ($1.line ?? 0) }
    }

    private func resolve(_ reference: String) -> (type: String, id: String)? {
        if let r = references[reference] { return r }
        // A relative reference to a resource not in the bundle still names it: "Patient/p7".
        let parts = reference.split(separator: "/")
        if parts.count >= 2, !reference.hasPrefix("urn:"), !reference.contains("://") {
            return (String(parts[parts.count - 2]), String(parts[parts.count - 1]))
        }
        return nil
    }

    private func reference(_ reference: JSONValue?, type: String) -> String? {
        guard let ref = reference?.object?["reference"]?.string, let r = resolve(ref), r.type == type else { return nil }
        return r.id
    }

    private func humanName(_ value: JSONValue?) -> String? {
        guard let n = value?.array?.first?.object else { return nil }
        if let text = n["text"]?.string { return text }
        let given = (n["given"]?.array ?? []).compactMap(\.string)
        let parts = given + [n["family"]?.string].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    private func extensions(_ r: JSONObject, _ url: String) -> [JSONObject] {
        (r["extension"]?.array ?? []).compactMap(\.object).filter { $0["url"]?.string == url }
    }

    private func extensionValue(_ r: JSONObject, _ url: String) -> String? {
        extensions(r, url).first.flatMap(extensionValue)
    }

    private func extensionValue(_ e: JSONObject) -> String? {
        for (k, v) in e.members where k.hasPrefix("value") {
            if let s = v.scalarText { return s }
            if let c = v.object?["coding"]?.array?.first?.object?["code"]?.string { return c }
        }
        return nil
    }

    private mutating func patient(_ r: JSONObject) {
        var b = FHIRSource.Built(kind: .clients, line: r.line)
        b.add(.clientID, "Patient.id", r["id"]?.scalarText, line: r.line)
        b.add(.name, "Patient.name", humanName(r["name"]), line: r.line)
        b.add(.segment, "Patient.extension(segment)", extensionValue(r, FHIRCodes.extSegment), line: r.line)
        b.add(.complaint, "Patient.extension(complaint)", extensionValue(r, FHIRCodes.extComplaint), line: r.line)
        let regions = extensions(r, FHIRCodes.extRegion).compactMap(extensionValue)
        if !regions.isEmpty { b.add(.regions, "Patient.extension(region)", ListField.join(regions), line: r.line) }
        b.add(.intakeDate, "Patient.extension(intake-date)", extensionValue(r, FHIRCodes.extIntakeDate), line: r.line)
        if let gp = r["generalPractitioner"]?.array?.first {
            b.add(.therapistID, "Patient.generalPractitioner", reference(gp, type: "Practitioner"), line: r.line)
        }
        rows.append(b)
    }

    private mutating func practitioner(_ r: JSONObject) {
        var b = FHIRSource.Built(kind: .therapists, line: r.line)
        b.add(.therapistID, "Practitioner.id", r["id"]?.scalarText, line: r.line)
        b.add(.name, "Practitioner.name", humanName(r["name"]), line: r.line)
        rows.append(b)
    }

    /// A local date and time from a FHIR dateTime, for ordering observations against the encounter.
    private func instant(_ text: String?) -> (day: Day, minute: Int?)? {
        guard let text else { return nil }
        var t = text
        return t.withUTF8 { u in
            if case .ok(let d, let m) = dates.parse(u) { return (d, m) }
            return nil
        }
    }

    private mutating func encounter(_ e: JSONObject, id: String, observations: [JSONObject]) {
        if let status = e["status"]?.string, status == "cancelled" || status == "entered-in-error" {
            warn(e.line, "Encounter.status", "Encounter \(id) is \(status); not a session")
            return
        }
        var b = FHIRSource.Built(kind: .sessions, line: e.line)
        b.add(.sessionID, "Encounter.id", id, line: e.line)
        b.add(.clientID, "Encounter.subject", reference(e["subject"], type: "Patient"), line: e.line)
        if e["subject"] != nil && reference(e["subject"], type: "Patient") == nil {
            b.problems.append(("Encounter.subject", e.line, .fhir, "does not refer to a Patient"))
        }
        let participants = (e["participant"]?.array ?? []).compactMap(\.object)
        let therapists = participants.compactMap { reference($0["individual"], type: "Practitioner") }
        b.add(.therapistID, "Encounter.participant.individual", therapists.first, line: e.line)
        let period = e["period"]?.object
        let startText = period?["start"]?.string
        b.add(.date, "Encounter.period.start", startText, line: e.line)
        let start = instant(startText), end = instant(period?["end"]?.string)
        if let length = e["length"]?.object, let v = length["value"]?.scalarText {
            let unit = length["code"]?.string ?? length["unit"]?.string ?? "min"
            if unit == "min" {
                b.add(.durationMin, "Encounter.length", v, line: e.line, type: .number)
            } else if unit == "h", let h = Double(v) {
                b.add(.durationMin, "Encounter.length", String(h * 60), line: e.line, type: .number)
            } else {
                b.problems.append(("Encounter.length", e.line, .fhir, "unit \(unit) is not understood; use min"))
            }
        } else if let start, let end, let sm = start.minute, let em = end.minute {
            let minutes = (end.day - start.day) * 1440 + em - sm
            b.add(.durationMin, "Encounter.period", String(minutes), line: e.line, type: .number)
        }
        // Types: session kind and techniques.
        var techniques: [String] = []
        for t in (e["type"]?.array ?? []).compactMap(\.object) {
            for c in (t["coding"]?.array ?? []).compactMap(\.object) {
                guard let system = c["system"]?.string, let code = c["code"]?.string else { continue }
                if system == FHIRCodes.sessionKindSystem {
                    b.add(.kind, "Encounter.type(session-kind)", code, line: e.line)
                } else if system == FHIRCodes.techniqueSystem {
                    techniques.append(code)
                }
            }
        }
        if !techniques.isEmpty { b.add(.technique, "Encounter.type(technique)", ListField.join(techniques), line: e.line) }
        b.add(.pressure, "Encounter.extension(pressure)", extensionValue(e, FHIRCodes.extPressure), line: e.line)
        let regions = extensions(e, FHIRCodes.extRegion).compactMap(extensionValue)
        if !regions.isEmpty { b.add(.regions, "Encounter.extension(region)", ListField.join(regions), line: e.line) }
        b.add(.notes, "Encounter.extension(notes)", extensionValue(e, FHIRCodes.extNotes), line: e.line)

        // Observations.
        var pains: [(o: JSONObject, value: String, timing: String?)] = []
        for o in observations {
            guard let (measure, label) = measure(o) else { continue }
            guard let value = observationValue(o, measure: measure) else {
                b.problems.append((label, o.line, .fhir, "has no value (valueQuantity, valueInteger or valueString)"))
                continue
            }
            switch measure {
            case "pain":
                pains.append((o, value, extensionValue(o, FHIRCodes.extTiming)))
            case "sleep_quality": b.add(.sleepQuality, label, value, line: o.line, type: .number)
            case "mood": b.add(.mood, label, value, line: o.line, type: .number)
            case "stress": b.add(.stress, label, value, line: o.line, type: .number)
            case "relief_days": b.add(.reliefDays, label, value, line: o.line)
            default: break
            }
        }
        for p in pains {
            let label = "Observation \(FHIRCodes.pain)"
            var timing = p.timing
            if timing == nil {
                timing = painTiming(effective: instant(p.o["effectiveDateTime"]?.string), start: start, end: end,
                                    onlyOne: pains.count == 1)
            }
            switch timing {
            case "before": b.add(.painBefore, label + " (before)", p.value, line: p.o.line, type: .number)
            case "after": b.add(.painAfter, label + " (after)", p.value, line: p.o.line, type: .number)
            default:
                b.problems.append((label, p.o.line, .fhir,
                    "cannot tell whether this pain score is from before or after the session: its effectiveDateTime "
                    + "is not clearly nearer the encounter's start or end; add the extension \(FHIRCodes.extTiming) "
                    + "with valueCode before or after"))
            }
        }
        rows.append(b)
    }

    /// before / after / nil (ambiguous), by the rule in docs/fhir.md.
    private func painTiming(effective: (day: Day, minute: Int?)?, start: (day: Day, minute: Int?)?,
                            end: (day: Day, minute: Int?)?, onlyOne: Bool) -> String? {
        func minutes(_ x: (day: Day, minute: Int?)) -> Int? { x.minute.map { x.day.ordinal * 1440 + $0 } }
        guard let effective, let start, let t = minutes(effective), let s = minutes(start) else {
            return onlyOne ? "before" : nil
        }
        if t <= s { return "before" }
        guard let end, let e = minutes(end) else { return "after" }
        if t >= e { return "after" }
        // Inside the period: nearer the start is before, nearer the end is after; the exact middle is ambiguous.
        if (t - s) < (e - t) { return "before" }
        if (t - s) > (e - t) { return "after" }
        return nil
    }

    /// The measure an Observation's code means, and a label for diagnostics; nil (with a warning) when unused.
    private mutating func measure(_ o: JSONObject) -> (String, String)? {
        let codings = (o["code"]?.object?["coding"]?.array ?? []).compactMap(\.object)
        var promis = false
        for c in codings {
            guard let system = c["system"]?.string, let code = c["code"]?.string else { continue }
            if let m = mapping?.codes[system + "|" + code] { return (m, "Observation \(code)") }
            if let m = FHIRCodes.measure(system: system, code: code) { return (m, "Observation \(code)") }
            if system == FHIRCodes.loinc && code == FHIRCodes.promisSleep { promis = true }
        }
        if promis {
            warn(o.line, "Observation \(FHIRCodes.promisSleep)",
                 "PROMIS sleep disturbance is a T-score (mean 50, SD 10), not a 0–10 sleep quality; not imported. "
                 + "If your clinic records a 0–10 sleep quality under this code, map it: sleep_quality = \(FHIRCodes.loinc)|\(FHIRCodes.promisSleep)")
            return nil
        }
        let shown = codings.compactMap { c in c["code"]?.string.map { (c["system"]?.string ?? "") + "|" + $0 } }
        warn(o.line, "Observation.code", "\(shown.isEmpty ? "an observation without a code" : shown.joined(separator: ", ")) is not a code Relief reads; ignored (map it if it is a 0–10 score)")
        return nil
    }

    private func observationValue(_ o: JSONObject, measure: String) -> String? {
        if let q = o["valueQuantity"]?.object?["value"]?.scalarText { return q }
        if let i = o["valueInteger"]?.scalarText { return i }
        if let s = o["valueString"]?.string { return s }
        if let c = o["valueCodeableConcept"]?.object {
            return (c["coding"]?.array?.first?.object?["code"]?.string) ?? c["text"]?.string
        }
        return nil
    }

    private mutating func checkInRows(_ observations: [JSONObject]) {
        struct Key: Hashable { var client: String; var day: String; var source: String }
        var groups: [Key: FHIRSource.Built] = [:]
        var order: [Key] = []
        for o in observations {
            guard let (measure, label) = measure(o) else { continue }
            let client = reference(o["subject"], type: "Patient") ?? ""
            let effective = o["effectiveDateTime"]?.string ?? o["effectivePeriod"]?.object?["start"]?.string ?? ""
            let day = instant(effective)?.day.iso ?? effective
            let source = extensionValue(o, FHIRCodes.extSource) ?? o["method"]?.object?["text"]?.string ?? ""
            let key = Key(client: client, day: day, source: source)
            if groups[key] == nil {
                var b = FHIRSource.Built(kind: .checkins, line: o.line)
                b.add(.clientID, "Observation.subject", client.isEmpty ? nil : client, line: o.line)
                b.add(.date, "Observation.effectiveDateTime", effective.isEmpty ? nil : day, line: o.line)
                b.add(.source, "Observation.extension(source)", source.isEmpty ? nil : source, line: o.line)
                groups[key] = b
                order.append(key)
            }
            guard let value = observationValue(o, measure: measure) else {
                groups[key]?.problems.append((label, o.line, .fhir, "has no value (valueQuantity, valueInteger or valueString)"))
                continue
            }
            switch measure {
            case "pain": groups[key]?.add(.pain, label, value, line: o.line, type: .number)
            case "sleep_quality": groups[key]?.add(.sleepQuality, label, value, line: o.line, type: .number)
            case "mood": groups[key]?.add(.mood, label, value, line: o.line, type: .number)
            case "stress": groups[key]?.add(.stress, label, value, line: o.line, type: .number)
            default:
                warn(o.line, label, "\(measure) belongs to a session; this observation has no encounter, so it is not imported")
            }
        }
        for k in order { if let b = groups[k] { rows.append(b) } }
    }
}
