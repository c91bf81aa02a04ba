import ReliefModel

/// What an Observation's code means to Relief.
enum FHIRObservationUse {
    /// A score: the measure (`pain`, `stress` …) and the code that said so (for labels).
    case measure(String, code: String)
    /// PROMIS sleep disturbance 77860-5: a T-score, not imported.
    case promis
    /// A code Relief does not read: its codings as `system|code`.
    case unknown(String)
}

/// An Observation's value, read for a measure.
enum FHIRObservationValue {
    /// Text for the validator; `answer` is the coded answer a value map turned into it.
    case value(String, answer: String?)
    /// A coded answer the mapping file gives no value: not imported.
    case coded(system: String?, code: String, display: String?)
    /// A quantity in a unit that is not a score's (or, for relief_days, not days).
    case badUnit(value: String, unit: String)
    /// No value element Relief reads.
    case missing
}

/// Where a usable Observation goes.
enum FHIRRoute {
    /// Into the session of this Encounter id.
    case encounter(String)
    /// Into the check-in of this client, day and source.
    case checkIn(FHIRCheckInKey)
}

/// A check-in's identity: one client, one day, one source (the store's key for check-ins).
struct FHIRCheckInKey: Hashable {
    var client: String
    var day: String
    var source: String
}

/// Turns FHIR resources (parsed JSON objects) into rows. Pure: the same resources always give
/// the same rows, so a source can build a row again on a later pass. What is ignored is
/// decided by `route`, which reports it to `FHIRNotices`.
struct FHIRRowBuilder {
    let mapping: ColumnMapping?
    let dates: DateParser
    /// fullUrl or "Type/id" → (type, id), for a bundle's `urn:uuid:` references; empty for
    /// resources outside a bundle, whose references are relative (`Patient/85`).
    var references: [String: (type: String, id: String)] = [:]

    init(mapping: ColumnMapping?, dates: DateParser) {
        self.mapping = mapping
        self.dates = dates
    }

    // MARK: References and elements

    func resolve(_ reference: String) -> (type: String, id: String)? {
        if let r = references[reference] { return r }
        // A reference to a resource not in the bundle still names it: relative ("Patient/p7"),
        // absolute ("https://ehr.example/fhir/Patient/p7", as servers write them), with or without
        // a version ("Patient/p7/_history/3"). urn: references resolve only through fullUrl.
        guard !reference.hasPrefix("urn:") else { return nil }
        var path = reference
        if let h = path.range(of: "/_history/") { path = String(path[..<h.lowerBound]) }
        let parts = path.split(separator: "/")
        guard parts.count >= 2, let first = parts[parts.count - 2].first, first.isUppercase else { return nil }
        return (String(parts[parts.count - 2]), String(parts[parts.count - 1]))
    }

    func reference(_ reference: JSONValue?, type: String) -> String? {
        guard let ref = reference?.object?["reference"]?.string, let r = resolve(ref), r.type == type else { return nil }
        return r.id
    }

    /// A site from a Reference(Location or Organization): its `display` (the name people use,
    /// "Relief North"), else the id it refers to.
    private func site(_ reference: JSONValue) -> String? {
        guard let r = reference.object else { return nil }
        if let display = r["display"]?.string, !display.isEmpty { return display }
        return r["reference"]?.string.flatMap(resolve)?.id
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

    func extensionValue(_ r: JSONObject, _ url: String) -> String? {
        extensions(r, url).first.flatMap(extensionValue)
    }

    private func extensionValue(_ e: JSONObject) -> String? {
        for (k, v) in e.members where k.hasPrefix("value") {
            if let s = v.scalarText { return s }
            if let c = v.object?["coding"]?.array?.first?.object?["code"]?.string { return c }
        }
        return nil
    }

    /// A local date and minute from a FHIR date or dateTime (as written; an offset is not applied).
    func instant(_ text: String?) -> (day: Day, minute: Int?)? {
        guard let text else { return nil }
        var t = text
        return t.withUTF8 { u in
            if case .ok(let d, let m) = dates.parse(u) { return (d, m) }
            return nil
        }
    }

    private func effectiveText(_ o: JSONObject) -> String? {
        o["effectiveDateTime"]?.string ?? o["effectivePeriod"]?.object?["start"]?.string ?? o["effectiveInstant"]?.string
    }

    // MARK: Observations

    /// What the Observation's code means: the mapping file first, then Relief's defaults.
    func use(_ o: JSONObject) -> FHIRObservationUse {
        let codings = (o["code"]?.object?["coding"]?.array ?? []).compactMap(\.object)
        var promis = false
        for c in codings {
            guard let system = c["system"]?.string, let code = c["code"]?.string else { continue }
            if let m = mapping?.codes[system + "|" + code] { return .measure(m, code: code) }
            if let m = FHIRCodes.measure(system: system, code: code) { return .measure(m, code: code) }
            if system == FHIRCodes.loinc && code == FHIRCodes.promisSleep { promis = true }
        }
        if promis { return .promis }
        let shown = codings.compactMap { c in c["code"]?.string.map { (c["system"]?.string ?? "") + "|" + $0 } }
        return .unknown(shown.isEmpty ? "an observation without a code" : shown.joined(separator: ", "))
    }

    /// The Observation's value for `measure`: a number or text as written, a coded answer through
    /// the mapping file's value map, never a code turned into a number on its own.
    func value(_ o: JSONObject, measure: String) -> FHIRObservationValue {
        if let q = o["valueQuantity"]?.object, let v = q["value"]?.scalarText {
            let unit = q["code"]?.string ?? q["unit"]?.string
            if let unit, !unit.isEmpty {
                let allowed = measure == "relief_days" ? FHIRCodes.dayUnits : FHIRCodes.scoreUnits
                if !allowed.contains(unit) { return .badUnit(value: v, unit: unit) }
            }
            return .value(v, answer: nil)
        }
        if let i = o["valueInteger"]?.scalarText { return .value(i, answer: nil) }
        if let s = o["valueString"]?.string { return .value(s, answer: nil) }
        if let c = o["valueCodeableConcept"]?.object {
            let codings = (c["coding"]?.array ?? []).compactMap(\.object)
            for coding in codings {
                guard let code = coding["code"]?.string else { continue }
                if let v = mapping?.value(of: measure, system: coding["system"]?.string, code: code) {
                    return .value(v, answer: code)
                }
            }
            if let first = codings.first, let code = first["code"]?.string {
                return .coded(system: first["system"]?.string, code: code,
                              display: first["display"]?.string ?? c["text"]?.string)
            }
            if let text = c["text"]?.string {
                if let v = mapping?.value(of: measure, system: nil, code: text) { return .value(v, answer: text) }
                return .coded(system: nil, code: text, display: nil)
            }
        }
        return .missing
    }

    /// Where a usable Observation goes, or nil (with a notice) when it is not imported.
    func route(_ o: JSONObject, part: Int, notices: inout FHIRNotices) -> FHIRRoute? {
        let measure: String
        switch use(o) {
        case .unknown(let shown):
            notices.unknownCode(shown, part: part, line: o.line)
            return nil
        case .promis:
            notices.promis(part: part, line: o.line)
            return nil
        case .measure(let m, _):
            measure = m
        }
        if case .coded(let system, let answer, let display) = value(o, measure: measure),
           case .measure(_, let code) = use(o) {
            notices.codedAnswer(observation: code, measure: measure, system: system, answer: answer, display: display,
                                part: part, line: o.line)
            return nil
        }
        if let ref = o["encounter"]?.object?["reference"]?.string {
            guard let target = resolve(ref), target.type == "Encounter" else {
                notices.note(part: part, line: o.line, column: "Observation.encounter", key: "not-an-encounter",
                             one: "refers to \(ref), which is not an Encounter; the observation is not imported",
                             many: "Observations refer to something that is not an Encounter; not imported (the first, on this line, to \(ref))")
                return nil
            }
            return .encounter(target.id)
        }
        if measure == "relief_days" {
            notices.note(part: part, line: o.line, column: "Observation relief-days", key: "relief-without-encounter",
                         one: "relief_days belongs to a session; this observation has no encounter, so it is not imported",
                         many: "relief_days Observations have no encounter, and relief_days belongs to a session; not imported (the first on this line)")
            return nil
        }
        return .checkIn(checkInKey(o))
    }

    func checkInKey(_ o: JSONObject) -> FHIRCheckInKey {
        let client = reference(o["subject"], type: "Patient") ?? ""
        let effective = effectiveText(o) ?? ""
        let day = instant(effective)?.day.iso ?? effective
        let source = extensionValue(o, FHIRCodes.extSource) ?? o["method"]?.object?["text"]?.string ?? ""
        return FHIRCheckInKey(client: client, day: day, source: source)
    }

    // MARK: Rows

    func patient(_ r: JSONObject) -> BuiltRow {
        var b = BuiltRow(kind: .clients, line: r.line)
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
        return b
    }

    func practitioner(_ r: JSONObject) -> BuiltRow {
        var b = BuiltRow(kind: .therapists, line: r.line)
        b.add(.therapistID, "Practitioner.id", r["id"]?.scalarText, line: r.line)
        b.add(.name, "Practitioner.name", humanName(r["name"]), line: r.line)
        return b
    }

    /// An Encounter without an id: a rejected session row.
    func encounterWithoutID(_ e: JSONObject) -> BuiltRow {
        var b = BuiltRow(kind: .sessions, line: e.line)
        b.problems.append(("Encounter.id", e.line, .required, "the Encounter has no id, which Relief uses as session_id"))
        return b
    }

    /// True when the Encounter is not a session (cancelled, entered in error).
    static func isCancelled(_ e: JSONObject) -> String? {
        guard let status = e["status"]?.string, status == "cancelled" || status == "entered-in-error" else { return nil }
        return status
    }

    /// A session: the Encounter with the Observations filed under it.
    func encounter(_ e: JSONObject, id: String, observations: [JSONObject]) -> BuiltRow {
        var b = BuiltRow(kind: .sessions, line: e.line)
        b.add(.sessionID, "Encounter.id", id, line: e.line)
        b.add(.clientID, "Encounter.subject", reference(e["subject"], type: "Patient"), line: e.line)
        if e["subject"] != nil && reference(e["subject"], type: "Patient") == nil {
            b.problems.append(("Encounter.subject", e.line, .fhir, "does not refer to a Patient"))
        }
        let participants = (e["participant"]?.array ?? []).compactMap(\.object)
        let therapists = participants.compactMap { reference($0["individual"], type: "Practitioner") }
        b.add(.therapistID, "Encounter.participant.individual", therapists.first, line: e.line)
        let period = e["period"]?.object
        let startText = period?["start"]?.string, endText = period?["end"]?.string
        b.add(.date, "Encounter.period.start", startText, line: e.line)
        let start = instant(startText), end = instant(endText)
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
        // The site: where the Encounter took place, else the organisation that gave it.
        if let place = (e["location"]?.array ?? []).compactMap(\.object).first?["location"] {
            b.add(.site, "Encounter.location", site(place), line: e.line)
        } else if let provider = e["serviceProvider"] {
            b.add(.site, "Encounter.serviceProvider", site(provider), line: e.line)
        }

        // Observations.
        var pains: [(o: JSONObject, value: String, label: String, timing: String?)] = []
        for o in observations {
            guard case .measure(let measure, let code) = use(o) else { continue }
            guard let (value, label) = scoreCell(o, measure: measure, code: code, into: &b) else { continue }
            switch measure {
            case "pain": pains.append((o, value, label, extensionValue(o, FHIRCodes.extTiming)))
            case "sleep_quality": b.add(.sleepQuality, label, value, line: o.line, type: .number)
            case "mood": b.add(.mood, label, value, line: o.line, type: .number)
            case "stress": b.add(.stress, label, value, line: o.line, type: .number)
            case "relief_days": b.add(.reliefDays, label, value, line: o.line)
            default: break
            }
        }
        for p in pains {
            var timing: PainTiming
            switch p.timing {
            case "before": timing = .before
            case "after": timing = .after
            default:
                timing = painTiming(effective: instant(effectiveText(p.o)), start: start, end: end, onlyOne: pains.count == 1)
            }
            switch timing {
            case .before: b.add(.painBefore, p.label + " (before)", p.value, line: p.o.line, type: .number)
            case .after: b.add(.painAfter, p.label + " (after)", p.value, line: p.o.line, type: .number)
            case .ambiguous:
                b.problems.append((p.label, p.o.line, .fhir,
                    "cannot tell whether this pain score is from before or after the session: its effectiveDateTime "
                    + "is not clearly nearer the encounter's start or end; add the extension \(FHIRCodes.extTiming) "
                    + "with valueCode before or after"))
            case .otherDay(let days):
                let when = effectiveText(p.o) ?? ""
                let span = (startText ?? "") + (endText.map { " – " + $0 } ?? "")
                b.problems.append((p.label, p.o.line, .fhir,
                    "this pain score (\(p.value), \(when)) is \(abs(days)) day\(abs(days) == 1 ? "" : "s") "
                    + "\(days > 0 ? "after" : "before") its Encounter \(id) (period \(span)), so it is neither the "
                    + "session's before nor its after score; the session is not imported. File the Observation under "
                    + "the encounter it belongs to, or remove its encounter reference to import it as a check-in"))
            }
        }
        return b
    }

    /// Adds nothing and returns the value and label of a score Observation, or records why it has none.
    private func scoreCell(_ o: JSONObject, measure: String, code: String,
                           into b: inout BuiltRow) -> (value: String, label: String)? {
        let label = "Observation \(code)"
        switch value(o, measure: measure) {
        case .value(let v, let answer):
            return (v, answer.map { "\(label) (\($0))" } ?? label)
        case .coded:
            return nil  // reported once per file by `route`
        case .missing:
            b.problems.append((label, o.line, .fhir, "has no value (valueQuantity, valueInteger, valueString or a mapped valueCodeableConcept)"))
        case .badUnit(let v, let unit):
            b.problems.append((label, o.line, .fhir,
                "\(v) \(unit) is in \(unit), not a \(measure == "relief_days" ? "number of days (d)" : "0–10 score (unit 1 or {score})"); not imported"))
        }
        return nil
    }

    enum PainTiming: Equatable {
        case before, after, ambiguous
        /// The Observation is on another day than the encounter: days after its end (negative: before its start).
        case otherDay(Int)
    }

    /// Before, after or ambiguous, by the rule in docs/fhir.md; a day outside the encounter's is neither.
    func painTiming(effective: (day: Day, minute: Int?)?, start: (day: Day, minute: Int?)?,
                    end: (day: Day, minute: Int?)?, onlyOne: Bool) -> PainTiming {
        if let effective, let start {
            let last = end?.day ?? start.day
            if effective.day < start.day { return .otherDay(effective.day - start.day) }
            if effective.day > max(last, start.day) { return .otherDay(effective.day - max(last, start.day)) }
        }
        func minutes(_ x: (day: Day, minute: Int?)) -> Int? { x.minute.map { x.day.ordinal * 1440 + $0 } }
        guard let effective, let start, let t = minutes(effective), let s = minutes(start) else {
            return onlyOne ? .before : .ambiguous
        }
        if t <= s { return .before }
        guard let end, let e = minutes(end) else { return .after }
        if t >= e { return .after }
        // Inside the period: nearer the start is before, nearer the end is after; the exact middle is ambiguous.
        if (t - s) < (e - t) { return .before }
        if (t - s) > (e - t) { return .after }
        return .ambiguous
    }

    /// A check-in: the Observations of one client, day and source, without an encounter.
    ///
    /// A check-in holds one score of each kind. Two Observations of one measure with the same value
    /// are one score; with different values they conflict, and the check-in is rejected naming
    /// every one of them (as two rows with one session_id are; docs/fhir.md).
    func checkIn(_ observations: [JSONObject]) -> BuiltRow? {
        guard let first = observations.first else { return nil }
        let key = checkInKey(first)
        var b = BuiltRow(kind: .checkins, line: first.line)
        let effective = effectiveText(first)
        b.add(.clientID, "Observation.subject", key.client.isEmpty ? nil : key.client, line: first.line)
        b.add(.date, "Observation.effectiveDateTime", effective == nil ? nil : key.day, line: first.line)
        b.add(.source, "Observation.extension(source)", key.source.isEmpty ? nil : key.source, line: first.line)
        var byMeasure: [String: [(o: JSONObject, value: String, label: String)]] = [:]
        var order: [String] = []
        for o in observations {
            guard case .measure(let measure, let code) = use(o) else { continue }
            guard let (value, label) = scoreCell(o, measure: measure, code: code, into: &b) else { continue }
            if byMeasure[measure] == nil { order.append(measure) }
            byMeasure[measure, default: []].append((o, value, label))
        }
        for measure in order {
            guard let list = byMeasure[measure], let one = list.first else { continue }
            let distinct = list.map { FHIRNumber.canonical($0.value) }
            if Set(distinct).count > 1 {
                let values = list.map(\.value).joined(separator: ", ")
                for o in list {
                    b.problems.append((o.label, o.o.line, .conflict,
                        "client \(key.client) has \(list.count) \(measure) scores on \(key.day)"
                        + "\(key.source.isEmpty ? "" : " (source \(key.source))") that differ (\(values)); a check-in holds one "
                        + "score a day per source, so all \(list.count) are rejected (keep one, or give each its own "
                        + "source with the extension \(FHIRCodes.extSource), and import again)"))
                }
                continue
            }
            let field: Field
            switch measure {
            case "pain": field = .pain
            case "sleep_quality": field = .sleepQuality
            case "mood": field = .mood
            case "stress": field = .stress
            default: continue
            }
            b.add(field, one.label, one.value, line: one.o.line, type: .number)
        }
        return b
    }
}

/// The text of a number compared by value (`7`, `7.0` and `7.00` are one score).
enum FHIRNumber {
    static func canonical(_ text: String) -> String {
        if let d = Double(text.trimmingCharacters()) { return String(d) }
        return text.trimmingCharacters()
    }
}
