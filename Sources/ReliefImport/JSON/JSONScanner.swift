/// A byte-level JSON reader (RFC 8259) over a mapped file, with line numbers and a depth bound.
///
/// Hand-written rather than `JSONSerialization` because the importer needs what that
/// does not give: the line each object starts on (for diagnostics), a refusal of deep
/// nesting before the stack is at risk (`ImportLimits.maxDepth`), streaming through a
/// large array one record at a time, and string values as slices of the file.
struct JSONScanner {
    let p: UnsafePointer<UInt8>
    /// Where reading stops: the end of the file, or of the line for NDJSON.
    var end: Int
    let path: String
    let limits: ImportLimits
    var i: Int
    var line = 1
    var lineStart = 0

    init(file: MappedFile, path: String, limits: ImportLimits) {
        p = file.base
        end = file.count
        self.path = path
        self.limits = limits
        i = 0
        if end >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { i = 3; lineStart = 3 }
    }

    /// Moves to `offset`, which is on `line`.
    mutating func seek(_ offset: Int, line: Int) {
        i = offset
        self.line = line
        var s = offset
        while s > 0 && p[s - 1] != 0x0A { s -= 1 }
        lineStart = s
    }

    func error(_ reason: String) -> ImportError {
        .malformedJSON(file: path, line: line, column: i - lineStart + 1, reason: reason)
    }

    var atEnd: Bool { i >= end }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < end {
            let c = p[i]
            if c == 0x20 || c == 0x09 || c == 0x0D { i += 1 } else if c == 0x0A { i += 1; line += 1; lineStart = i } else { return }
        }
    }

    /// Skips spaces and tabs but not line breaks (NDJSON).
    mutating func skipSpaces() {
        while i < end && (p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0D) { i += 1 }
    }

    @inline(__always)
    func peek() -> UInt8? { i < end ? p[i] : nil }

    mutating func expect(_ c: UInt8, _ what: String) throws(ImportError) {
        guard i < end else { throw error("the file ends where \(what) was expected") }
        guard p[i] == c else { throw error("expected \(what), found \(describe(p[i]))") }
        i += 1
    }

    func describe(_ c: UInt8) -> String {
        switch c {
        case 0x22: return "a string"
        case 0x7B: return "{"
        case 0x7D: return "}"
        case 0x5B: return "["
        case 0x5D: return "]"
        case 0x20...0x7E: return "\"\(Character(Unicode.Scalar(c)))\""
        default: return "byte 0x\(String(c, radix: 16))"
        }
    }

    /// A string at `i` (which is `"`). Returns a slice of the file when it has no escapes,
    /// else the unescaped text appended to `arena`.
    mutating func string(into arena: ByteArena) throws(ImportError) -> (start: Int, count: Int, inScratch: Bool) {
        try expect(0x22, "a string")
        let start = i
        while i < end {
            let c = p[i]
            if c == 0x22 {
                let n = i - start
                if n > limits.maxFieldBytes { throw .limitExceeded(file: path, line: line, what: "a string", limit: limits.maxFieldBytes) }
                i += 1
                return (start, n, false)
            }
            if c == 0x5C { break }
            if c < 0x20 { throw error("a control character (0x\(String(c, radix: 16))) inside a string; write it as an escape") }
            i += 1
        }
        // Escapes: copy into the arena.
        let s = arena.count
        arena.append(p + start, i - start)
        while i < end {
            let c = p[i]
            if c == 0x22 {
                i += 1
                if arena.count - s > limits.maxFieldBytes {
                    throw .limitExceeded(file: path, line: line, what: "a string", limit: limits.maxFieldBytes)
                }
                return (s, arena.count - s, true)
            }
            if c < 0x20 { throw error("a control character (0x\(String(c, radix: 16))) inside a string; write it as an escape") }
            if c != 0x5C { arena.append(c); i += 1; continue }
            i += 1
            guard i < end else { break }
            let e = p[i]
            i += 1
            switch e {
            case 0x22, 0x5C, 0x2F: arena.append(e)
            case UInt8(ascii: "b"): arena.append(0x08)
            case UInt8(ascii: "f"): arena.append(0x0C)
            case UInt8(ascii: "n"): arena.append(0x0A)
            case UInt8(ascii: "r"): arena.append(0x0D)
            case UInt8(ascii: "t"): arena.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard i + 1 < end, p[i] == 0x5C, p[i + 1] == UInt8(ascii: "u") else { throw error("a lone surrogate escape") }
                    i += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw error("a lone surrogate escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw error("a lone surrogate escape")
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("an invalid \\u escape") }
                for b in String(Character(u)).utf8 { arena.append(b) }
            default:
                i -= 1
                throw error("\\\(Character(Unicode.Scalar(e))) is not a JSON escape")
            }
        }
        throw error("a string that never closes")
    }

    private mutating func hex4() throws(ImportError) -> UInt32 {
        guard i + 4 <= end else { throw error("a \\u escape needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = p[i]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw error("a \\u escape needs four hex digits")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    /// A number at `i`, checked against the JSON grammar; returns its byte range.
    mutating func number() throws(ImportError) -> (start: Int, count: Int) {
        let start = i
        if i < end && p[i] == 0x2D { i += 1 }
        guard i < end, isDigit(p[i]) else { throw error("a malformed number") }
        if p[i] == 0x30 { i += 1 } else { while i < end && isDigit(p[i]) { i += 1 } }
        if i < end && p[i] == 0x2E {
            i += 1
            guard i < end, isDigit(p[i]) else { throw error("a malformed number") }
            while i < end && isDigit(p[i]) { i += 1 }
        }
        if i < end && (p[i] == 0x65 || p[i] == 0x45) {
            i += 1
            if i < end && (p[i] == 0x2B || p[i] == 0x2D) { i += 1 }
            guard i < end, isDigit(p[i]) else { throw error("a malformed number") }
            while i < end && isDigit(p[i]) { i += 1 }
        }
        return (start, i - start)
    }

    /// `true`, `false` or `null` at `i`.
    mutating func literal() throws(ImportError) -> Bool? {
        func match(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard i + n <= end else { return false }
            for k in 0..<n where p[i + k] != word.utf8Start[k] { return false }
            return true
        }
        if match("true") { i += 4; return true }
        if match("false") { i += 5; return false }
        if match("null") { i += 4; return nil }
        throw error(i < end ? "expected a value, found \(describe(p[i]))" : "the file ends where a value was expected")
    }

    /// Skips one value of any kind.
    mutating func skipValue(depth: Int) throws(ImportError) {
        skipWhitespace()
        guard let c = peek() else { throw error("the file ends where a value was expected") }
        switch c {
        case 0x22:
            // Scan without copying.
            i += 1
            while i < end {
                let b = p[i]
                if b == 0x22 { i += 1; return }
                if b == 0x5C { i += 2; continue }
                if b < 0x20 { throw error("a control character inside a string") }
                i += 1
            }
            throw error("a string that never closes")
        case 0x7B, 0x5B:
            guard depth < limits.maxDepth else {
                throw .limitExceeded(file: path, line: line, what: "JSON nesting", limit: limits.maxDepth)
            }
            let close: UInt8 = c == 0x7B ? 0x7D : 0x5D
            i += 1
            skipWhitespace()
            if peek() == close { i += 1; return }
            while true {
                if c == 0x7B {
                    skipWhitespace()
                    guard peek() == 0x22 else { throw error(i < end ? "expected a key, found \(describe(p[i]))" : "the file ends inside an object") }
                    try skipValue(depth: depth + 1)
                    skipWhitespace()
                    try expect(0x3A, "\":\"")
                }
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard let n = peek() else { throw error("the file ends inside \(c == 0x7B ? "an object" : "an array")") }
                i += 1
                if n == close { return }
                guard n == 0x2C else { i -= 1; throw error("expected \",\" or \"\(Character(Unicode.Scalar(close)))\", found \(describe(n))") }
            }
        case 0x2D, 0x30...0x39:
            _ = try number()
        default:
            _ = try literal()
        }
    }

    /// A whole value as a tree (FHIR resources).
    mutating func value(depth: Int, arena: ByteArena) throws(ImportError) -> JSONValue {
        skipWhitespace()
        guard let c = peek() else { throw error("the file ends where a value was expected") }
        switch c {
        case 0x22:
            arena.reset()
            let s = try string(into: arena)
            let base = s.inScratch ? UnsafePointer(arena.pointer) : p
            return .string(String(decoding: UnsafeBufferPointer(start: base + s.start, count: s.count), as: UTF8.self))
        case 0x2D, 0x30...0x39:
            let n = try number()
            return .number(String(decoding: UnsafeBufferPointer(start: p + n.start, count: n.count), as: UTF8.self))
        case 0x7B:
            guard depth < limits.maxDepth else {
                throw .limitExceeded(file: path, line: line, what: "JSON nesting", limit: limits.maxDepth)
            }
            let object = JSONObject(line: line)
            i += 1
            skipWhitespace()
            if peek() == 0x7D { i += 1; return .object(object) }
            while true {
                skipWhitespace()
                guard peek() == 0x22 else { throw error(i < end ? "expected a key, found \(describe(p[i]))" : "the file ends inside an object") }
                arena.reset()
                let k = try string(into: arena)
                let kb = k.inScratch ? UnsafePointer(arena.pointer) : p
                let key = String(decoding: UnsafeBufferPointer(start: kb + k.start, count: k.count), as: UTF8.self)
                skipWhitespace()
                try expect(0x3A, "\":\"")
                let v = try value(depth: depth + 1, arena: arena)
                object.members.append((key, v))
                if object.members.count > limits.maxColumns {
                    throw .limitExceeded(file: path, line: line, what: "an object with more members", limit: limits.maxColumns)
                }
                skipWhitespace()
                guard let n = peek() else { throw error("the file ends inside an object") }
                i += 1
                if n == 0x7D { return .object(object) }
                guard n == 0x2C else { i -= 1; throw error("expected \",\" or \"}\", found \(describe(n))") }
            }
        case 0x5B:
            guard depth < limits.maxDepth else {
                throw .limitExceeded(file: path, line: line, what: "JSON nesting", limit: limits.maxDepth)
            }
            i += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if peek() == 0x5D { i += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1, arena: arena))
                skipWhitespace()
                guard let n = peek() else { throw error("the file ends inside an array") }
                i += 1
                if n == 0x5D { return .array(items) }
                guard n == 0x2C else { i -= 1; throw error("expected \",\" or \"]\", found \(describe(n))") }
            }
        default:
            if let b = try literal() { return .bool(b) }
            return .null
        }
    }
}

/// A parsed JSON value (FHIR resources; records are read flat, without a tree).
indirect enum JSONValue {
    case null
    case bool(Bool)
    /// The number as written.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    var object: JSONObject? { if case .object(let o) = self { o } else { nil } }
    var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    var string: String? { if case .string(let s) = self { s } else { nil } }
    /// A string, or a number's text.
    var scalarText: String? {
        switch self {
        case .string(let s), .number(let s): s
        default: nil
        }
    }
}

/// A JSON object with its members in order and the line it starts on.
final class JSONObject {
    let line: Int
    var members: [(key: String, value: JSONValue)] = []
    init(line: Int) { self.line = line }
    subscript(key: String) -> JSONValue? { members.first { $0.key == key }?.value }
}

/// Quick looks at the first bytes of a file, to choose a format.
enum JSONSniff {
    /// True when the top-level object, within its first 64 KB, has the key `key`.
    static func hasTopLevelKey(_ key: String, _ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        topLevelValue(of: key, p, from: start) != nil
    }

    /// The string value of the top-level key `key` of the object at `start`, within its first
    /// 64 KB; nil when the key is missing or its value is not a plain string.
    static func topLevelString(_ key: String, _ p: UnsafeBufferPointer<UInt8>, from start: Int) -> String? {
        let limit = min(p.count, start + 65_536)
        guard let j = topLevelValue(of: key, p, from: start), j < limit, p[j] == 0x22 else { return nil }
        let s = j + 1
        var e = s
        while e < limit && p[e] != 0x22 && p[e] != 0x5C { e += 1 }
        guard e < limit else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
    }

    /// Where the value of the top-level key `key` of the object at `start` begins (after the
    /// colon and any space), within the object's first 64 KB; nil when the key is not there.
    private static func topLevelValue(of key: String, _ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let limit = min(p.count, start + 65_536)
        let k = Array(key.utf8)
        func skipSpace(_ j: inout Int) {
            while j < limit && (p[j] == 0x20 || p[j] == 0x0A || p[j] == 0x0D || p[j] == 0x09) { j += 1 }
        }
        var depth = 0
        var i = start
        var inString = false
        var stringStart = 0
        while i < limit {
            let c = p[i]
            if inString {
                if c == 0x5C { i += 2; continue }
                if c == 0x22 {
                    inString = false
                    if depth == 1 && i - stringStart == k.count
                        && (0..<k.count).allSatisfy({ p[stringStart + $0] == k[$0] }) {
                        var j = i + 1
                        skipSpace(&j)
                        if j < limit && p[j] == 0x3A {
                            j += 1
                            skipSpace(&j)
                            return j   // may be `limit`: the value lies past the window
                        }
                    }
                }
            } else if c == 0x22 {
                inString = true
                stringStart = i + 1
            } else if c == 0x7B || c == 0x5B {
                depth += 1
            } else if c == 0x7D || c == 0x5D {
                depth -= 1
                if depth == 0 { return nil }
            }
            i += 1
        }
        return nil
    }

    /// True when the first line holds a whole value and another value follows (NDJSON).
    static func hasSecondTopLevelValue(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var depth = 0
        var i = start
        var inString = false
        while i < p.count {
            let c = p[i]
            if inString {
                if c == 0x5C { i += 2; continue }
                if c == 0x22 { inString = false }
            } else if c == 0x22 {
                inString = true
            } else if c == 0x7B || c == 0x5B {
                depth += 1
            } else if c == 0x7D || c == 0x5D {
                depth -= 1
            } else if c == 0x0A {
                if depth != 0 { return false }
                var j = i + 1
                while j < p.count && (p[j] == 0x20 || p[j] == 0x0A || p[j] == 0x0D || p[j] == 0x09) { j += 1 }
                return j < p.count && p[j] == 0x7B
            }
            i += 1
        }
        return false
    }
}
