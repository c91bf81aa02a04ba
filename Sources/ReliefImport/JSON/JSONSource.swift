import ReliefModel
/// Reads records from JSON (an array of objects, or `{"clients": [...], "sessions": [...], …}`)
/// and NDJSON (one object a line), one object at a time.
///
/// Keys are header names: canonical, alias or mapped, exactly as in CSV. Values may
/// be strings or numbers; `technique` and `regions` may also be arrays of strings;
/// `null` is an absent value. A key that maps to no field is ignored (and listed in
/// the summary). A row is named by the line its object starts on.
///
/// In an array, the kind comes from `--kind` or from the first object's keys; in the
/// keyed form, from each section's name. An NDJSON line that is not valid JSON is
/// rejected as a row (the other lines are independent); in JSON, it stops the file.
///
/// - Throws: `ImportError.malformedJSON` with line and column; `.unsupported` for a
///   top-level value of another shape; `.limitExceeded` for nesting past `maxDepth`.
struct JSONSource: RowSource {
    enum Mode { case array, keyed, lines }

    private let file: MappedFile
    private let path: String
    private let options: ImportOptions
    private var scanner: JSONScanner
    private let start: JSONScanner
    let mode: Mode
    let names = NameTable()
    private var keyIndex = ByteInterner(capacity: 64)
    /// For each kind, name index → Field.rawValue, -1 unknown, -2 not yet looked up.
    private var fieldOf: [RecordKind: [Int32]] = [:]
    private var arrayKind: RecordKind = .sessions
    /// Keyed mode: the section being read, or nil between sections.
    private var section: RecordKind?
    private var started = false
    private var finished = false
    private var ignoredSet: Set<String> = []
    private(set) var ignored: [String] = []
    private(set) var blankLines = 0
    private let keyArena = ByteArena()

    var header: [String] { names.names }
    var delimiterText: String? { nil }

    init(file: MappedFile, path: String, options: ImportOptions, lines: Bool) throws(ImportError) {
        self.file = file
        self.path = path
        self.options = options
        scanner = JSONScanner(file: file, path: path, limits: options.limits)
        scanner.skipWhitespace()
        guard let first = scanner.peek() else { throw .empty(file: path) }
        if lines {
            mode = .lines
        } else if first == 0x5B {
            mode = .array
        } else if first == 0x7B {
            mode = .keyed
        } else {
            throw .unsupported(file: path, line: scanner.line, reason:
                "a JSON file of records is an array of objects or an object of arrays (\"sessions\", \"clients\", …)")
        }
        start = scanner
        if mode != .keyed {
            arrayKind = try detectKind()
        }
    }

    /// The kind of an array or NDJSON file: given, or from the first object's keys.
    private mutating func detectKind() throws(ImportError) -> RecordKind {
        var probe = scanner
        if mode == .array {
            probe.i += 1
            probe.skipWhitespace()
        }
        var keys: [String] = []
        if probe.peek() == 0x7B {
            probe.i += 1
            while true {
                probe.skipWhitespace()
                guard probe.peek() == 0x22 else { break }
                keyArena.reset()
                guard let k = try? probe.string(into: keyArena) else { break }
                let base = k.inScratch ? UnsafePointer(keyArena.pointer) : file.base
                keys.append(String(decoding: UnsafeBufferPointer(start: base + k.start, count: k.count), as: UTF8.self))
                probe.skipWhitespace()
                guard probe.peek() == 0x3A else { break }
                probe.i += 1
                guard (try? probe.skipValue(depth: 1)) != nil else { break }
                probe.skipWhitespace()
                guard probe.peek() == 0x2C else { break }
                probe.i += 1
            }
        }
        if keys.isEmpty, let kind = options.kind { return kind }
        if keys.isEmpty {
            if mode == .array, probe.peek() == 0x5D { return options.kind ?? .sessions }
            throw .unsupported(file: path, line: probe.line, reason: "the first record is not an object with keys; give --kind")
        }
        guard let kind = options.kind ?? HeaderBinding.detectKind(header: keys, mapping: options.mapping) else {
            throw .unknownHeader(file: path, kind: nil, missing: [], found: keys)
        }
        return kind
    }

    mutating func rewind() throws(ImportError) {
        scanner = start
        section = nil
        started = false
        finished = false
        blankLines = 0
        file.rewind()
    }

    func releaseBehind() { file.release(upTo: scanner.i) }

    mutating func next(into row: inout Row) throws(ImportError) -> Bool {
        if finished { return false }
        switch mode {
        case .lines: return try nextLine(into: &row)
        case .array:
            if !started {
                started = true
                try scanner.expect(0x5B, "[")
                scanner.skipWhitespace()
                if scanner.peek() == 0x5D { scanner.i += 1; return finishTopLevel() }
            } else {
                scanner.skipWhitespace()
                guard let c = scanner.peek() else { throw scanner.error("the file ends inside the array") }
                scanner.i += 1
                if c == 0x5D { return finishTopLevel() }
                guard c == 0x2C else { scanner.i -= 1; throw scanner.error("expected \",\" or \"]\", found \(scanner.describe(c))") }
            }
            try element(kind: arrayKind, into: &row)
            return true
        case .keyed:
            while true {
                if let kind = section {
                    scanner.skipWhitespace()
                    guard let c = scanner.peek() else { throw scanner.error("the file ends inside the \"\(kind.rawValue)\" array") }
                    if c == 0x5D {
                        scanner.i += 1
                        section = nil
                        continue
                    }
                    if c == 0x2C {
                        scanner.i += 1
                    } else if !atArrayStart {
                        throw scanner.error("expected \",\" or \"]\", found \(scanner.describe(c))")
                    }
                    atArrayStart = false
                    try element(kind: kind, into: &row)
                    return true
                }
                // Between sections: the next key of the top-level object.
                scanner.skipWhitespace()
                if !started {
                    started = true
                    try scanner.expect(0x7B, "{")
                    scanner.skipWhitespace()
                    if scanner.peek() == 0x7D { scanner.i += 1; return finishTopLevel() }
                } else {
                    guard let c = scanner.peek() else { throw scanner.error("the file ends inside the top-level object") }
                    scanner.i += 1
                    if c == 0x7D { return finishTopLevel() }
                    guard c == 0x2C else { scanner.i -= 1; throw scanner.error("expected \",\" or \"}\", found \(scanner.describe(c))") }
                    scanner.skipWhitespace()
                }
                guard scanner.peek() == 0x22 else {
                    throw scanner.error(scanner.atEnd ? "the file ends inside the top-level object" : "expected a key, found \(scanner.describe(scanner.p[scanner.i]))")
                }
                keyArena.reset()
                let k = try scanner.string(into: keyArena)
                let base = k.inScratch ? UnsafePointer(keyArena.pointer) : file.base
                let key = String(decoding: UnsafeBufferPointer(start: base + k.start, count: k.count), as: UTF8.self)
                scanner.skipWhitespace()
                try scanner.expect(0x3A, "\":\"")
                scanner.skipWhitespace()
                guard let kind = JSONSource.sectionKind(key) else {
                    if key == "resourceType" {
                        throw .unsupported(file: path, line: scanner.line, reason: "this is a FHIR resource; read it with --format fhir")
                    }
                    try scanner.skipValue(depth: 1)
                    noteIgnored("\"\(key)\" (top-level key)")
                    continue
                }
                guard scanner.peek() == 0x5B else {
                    throw .unsupported(file: path, line: scanner.line, reason: "\"\(key)\" must be an array of objects")
                }
                scanner.i += 1
                section = kind
                atArrayStart = true
            }
        }
    }

    private var atArrayStart = false

    static func sectionKind(_ key: String) -> RecordKind? {
        switch HeaderAliases.normalizedHeader(key) {
        case "sessions": .sessions
        case "clients": .clients
        case "therapists": .therapists
        case "checkins": .checkins
        case "appointments": .appointments
        default: nil
        }
    }

    private mutating func finishTopLevel() -> Bool {
        finished = true
        scanner.skipWhitespace()
        return false
    }

    mutating func read(at position: RowPosition, into row: inout Row) throws(ImportError) {
        let saved = scanner
        defer { scanner = saved }
        scanner.seek(position.offset, line: position.line)
        try parseObject(kind: position.kind, into: &row)
    }

    /// One NDJSON line.
    private mutating func nextLine(into row: inout Row) throws(ImportError) -> Bool {
        // Blank lines.
        while true {
            scanner.skipSpaces()
            guard let c = scanner.peek() else { finished = true; return false }
            if c == 0x0A { scanner.i += 1; scanner.line += 1; scanner.lineStart = scanner.i; blankLines += 1; continue }
            break
        }
        let lineNo = scanner.line
        let lineStartOffset = scanner.i
        // Parse within this line only: an NDJSON object never spans lines.
        var lineEnd = scanner.i
        while lineEnd < file.count && file.base[lineEnd] != 0x0A { lineEnd += 1 }
        scanner.end = lineEnd
        defer { scanner.end = file.count }
        do throws(ImportError) {
            if scanner.peek() != 0x7B {
                throw scanner.error("each line must hold one JSON object")
            }
            try parseObject(kind: arrayKind, into: &row)
            scanner.skipSpaces()
            if let c = scanner.peek(), c != 0x0A { throw scanner.error("text after the object on the same line") }
        } catch {
            if case .limitExceeded = error { throw error }
            if case .sinkFailed = error { throw error }
            // Reject this line and go on with the next.
            row.clear()
            row.base = file.base
            row.kind = arrayKind
            row.names = names
            row.position = RowPosition(offset: lineStartOffset, line: lineNo, kind: arrayKind)
            let message: String
            if case .malformedJSON(_, _, let column, let reason) = error {
                message = "not valid JSON at column \(column): " + reason.replacingFileEnds()
            } else {
                message = error.description
            }
            row.problem = (.syntax, message)
            endLine(lineNo, lineEnd)
            return true
        }
        endLine(lineNo, lineEnd)
        return true
    }

    /// Moves past the line break that ends an NDJSON line.
    private mutating func endLine(_ lineNo: Int, _ lineEnd: Int) {
        scanner.end = file.count
        scanner.i = min(lineEnd + 1, file.count)
        scanner.line = lineNo + 1
        scanner.lineStart = scanner.i
    }

    private mutating func element(kind: RecordKind, into row: inout Row) throws(ImportError) {
        scanner.skipWhitespace()
        if scanner.peek() != 0x7B {
            // Not an object: a rejected row.
            row.clear()
            row.base = file.base
            row.kind = kind
            row.names = names
            row.position = RowPosition(offset: scanner.i, line: scanner.line, kind: kind)
            try scanner.skipValue(depth: 1)
            row.problem = (.wrongType, "each record must be a JSON object")
            return
        }
        try parseObject(kind: kind, into: &row)
    }

    /// Reads the object at the scanner into `row`: each known key's value becomes a cell.
    private mutating func parseObject(kind: RecordKind, into row: inout Row) throws(ImportError) {
        var s = scanner
        defer { scanner = s }
        row.clear()
        row.base = s.p
        row.kind = kind
        row.names = names
        row.position = RowPosition(offset: s.i, line: s.line, kind: kind)
        row.fieldCell.reset()
        try s.expect(0x7B, "{")
        s.skipWhitespace()
        if s.peek() == 0x7D { s.i += 1; return }
        var members = 0
        while true {
            s.skipWhitespace()
            guard s.peek() == 0x22 else {
                throw s.error(s.atEnd ? "the file ends inside an object" : "expected a key, found \(s.describe(s.p[s.i]))")
            }
            keyArena.reset()
            let k = try s.string(into: keyArena)
            let kb = UnsafeBufferPointer(start: (k.inScratch ? UnsafePointer(keyArena.pointer) : s.p) + k.start, count: k.count)
            let nameIndex = nameIndex(kb)
            let field = field(nameIndex, kind: kind)
            s.skipWhitespace()
            try s.expect(0x3A, "\":\"")
            s.skipWhitespace()
            members += 1
            if members > s.limits.maxColumns {
                throw .limitExceeded(file: s.path, line: row.line, what: "a record with more keys", limit: s.limits.maxColumns)
            }
            if let field {
                if let cell = try Self.value(&s, field: field, name: nameIndex, row: &row) {
                    if row.fieldCell[field.rawValue] >= 0 {
                        row.cellProblems.append((row.cells.count, .ambiguousField,
                            "\(field.name) is given twice in this object (\"\(row.names[row.cells[Int(row.fieldCell[field.rawValue])].name])\" and \"\(row.names[nameIndex])\")"))
                    }
                    row.fieldCell[field.rawValue] = Int32(row.cells.count)
                    row.cells.append(cell)
                }
            } else {
                try s.skipValue(depth: 2)
            }
            s.skipWhitespace()
            guard let c = s.peek() else { throw s.error("the file ends inside an object") }
            s.i += 1
            if c == 0x7D { return }
            guard c == 0x2C else { s.i -= 1; throw s.error("expected \",\" or \"}\", found \(s.describe(c))") }
        }
    }

    /// A member's value as a cell; nil for `null`.
    private static func value(_ s: inout JSONScanner, field: Field, name: Int32, row: inout Row) throws(ImportError) -> Cell? {
        guard let c = s.peek() else { throw s.error("the file ends where a value was expected") }
        switch c {
        case 0x22:
            let v = try s.string(into: row.scratch)
            return Cell(start: v.start, count: v.count, name: name, type: .text, inScratch: v.inScratch)
        case 0x2D, 0x30...0x39:
            let v = try s.number()
            return Cell(start: v.start, count: v.count, name: name, type: .number)
        case 0x5B where field == .technique || field == .regions:
            // A list: join its strings with ";".
            s.i += 1
            let start = row.scratch.count
            var first = true
            s.skipWhitespace()
            if s.peek() == 0x5D { s.i += 1; return Cell(start: start, count: 0, name: name, inScratch: true) }
            let temp = ByteArena(capacity: 64)
            while true {
                s.skipWhitespace()
                guard s.peek() == 0x22 else {
                    try s.skipValue(depth: 2)
                    return skipRest(&s, name: name, row: &row)
                }
                temp.reset()
                let v = try s.string(into: temp)
                if !first { row.scratch.append(0x3B) }
                first = false
                row.scratch.append((v.inScratch ? UnsafePointer(temp.pointer) : s.p) + v.start, v.count)
                s.skipWhitespace()
                guard let n = s.peek() else { throw s.error("the file ends inside an array") }
                s.i += 1
                if n == 0x5D { break }
                guard n == 0x2C else { s.i -= 1; throw s.error("expected \",\" or \"]\", found \(s.describe(n))") }
            }
            return Cell(start: start, count: row.scratch.count - start, name: name, inScratch: true)
        case 0x7B, 0x5B:
            let start = s.i
            try s.skipValue(depth: 2)
            return Cell(start: start, count: s.i - start, name: name, type: .object)
        default:
            let start = s.i
            if let _ = try s.literal() { return Cell(start: start, count: s.i - start, name: name, type: .bool) }
            return nil
        }
    }

    /// After a non-string element in a list: skip to the end of the list and mark the cell as the wrong type.
    private static func skipRest(_ s: inout JSONScanner, name: Int32, row: inout Row) -> Cell {
        var depth = 1
        while s.i < s.end && depth > 0 {
            let c = s.p[s.i]
            if c == 0x22 {
                s.i += 1
                while s.i < s.end && s.p[s.i] != 0x22 { s.i += s.p[s.i] == 0x5C ? 2 : 1 }
            } else if c == 0x5B || c == 0x7B { depth += 1 } else if c == 0x5D || c == 0x7D { depth -= 1 } else if c == 0x0A {
                s.line += 1; s.lineStart = s.i + 1
            }
            s.i += 1
        }
        return Cell(start: 0, count: 0, name: name, type: .object)
    }

    private mutating func nameIndex(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let (i, isNew) = keyIndex.intern(key)
        if isNew {
            let name = String(decoding: key, as: UTF8.self)
            let n = names.add(name)
            if Int(n) != i { names.names.append(name) }   // keep index == interner index
        }
        return Int32(i)
    }

    private mutating func field(_ nameIndex: Int32, kind: RecordKind) -> Field? {
        var table = fieldOf[kind] ?? []
        if Int(nameIndex) >= table.count {
            table.append(contentsOf: [Int32](repeating: -2, count: Int(nameIndex) - table.count + 1))
        }
        var f = table[Int(nameIndex)]
        if f == -2 {
            let name = names[nameIndex]
            if let field = HeaderBinding.field(for: name, kind: kind, mapping: options.mapping) {
                f = Int32(field.rawValue)
            } else {
                f = -1
                noteIgnored(name)
            }
            table[Int(nameIndex)] = f
        }
        fieldOf[kind] = table
        return f >= 0 ? Field(rawValue: Int(f)) : nil
    }

    private mutating func noteIgnored(_ name: String) {
        if ignoredSet.insert(name).inserted { ignored.append(name) }
    }
}

extension String {
    /// "the file ends inside an object" → "the line ends inside an object" (NDJSON).
    fileprivate func replacingFileEnds() -> String {
        hasPrefix("the file ends") ? "the line ends" + dropFirst("the file ends".count) : self
    }
}
