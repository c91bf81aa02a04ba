import Foundation
import ReliefFiles

/// A JSON file holding one object, one of whose members is an array too long to decode whole: a
/// shard manifest's `reports` (about 300 bytes a report; 121,000 reports a shard when a
/// 10-million-session month is rendered in two). `outline()` gives the file with that array
/// emptied, to decode as the rest of the object; `forEachElement` gives the array's elements one
/// at a time, each its own JSON text. Both read the file in 64 KiB chunks and hold no more than
/// the outline, or one element. The file is opened once, so every pass reads the same file even
/// if another is renamed into its place meanwhile.
///
/// It checks only what it needs to cut the file: that strings and brackets close, that the member
/// is there, and (`forEachElement`) that no element is empty (`[1,,2]`, a trailing comma).
/// Everything else is left to the decoder of the outline and of each element. The member is found
/// by its name as written: a name spelled with escapes (`"rep\u006frts"`) is another member to
/// it, though not to a decoder, so a caller whose decoded outline still holds the array should
/// refuse the file.
///
/// ```swift
/// let file = try JSONArrayMember(path: "manifest-shard-1-of-2.json", key: "reports")
/// let rest = try JSONDecoder().decode(ShardManifest.self, from: Data(try file.outline()))
/// try file.forEachElement { json in _ = try JSONDecoder().decode(ReportManifest.Entry.self, from: Data(json)) }
/// ```
final class JSONArrayMember {
    let path: String
    /// The member's name, as it is written in the file (without escapes).
    let key: String
    private let fd: Int32

    /// Why the file cannot be opened, or cut into its outline and elements.
    struct Failure: Error, CustomStringConvertible, Equatable {
        let reason: String
        var description: String { reason }
    }

    /// Opens the file at `path`.
    /// - Throws: `Failure` when it cannot be opened.
    init(path: String, key: String) throws {
        self.path = path
        self.key = key
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(reason: SystemCalls.errnoText()) }
    }

    deinit { _ = SystemCalls.close(fd) }

    /// The file's bytes with the member's array emptied (`[]`, with whatever space was around it).
    /// - Throws: `Failure`.
    func outline() throws -> [UInt8] {
        try scan(keepOutline: true, keepElements: false) { _ in }
    }

    /// Each element of the member's array, in order, as the bytes of its JSON text (no space
    /// around it).
    /// - Throws: `Failure`, or what `body` throws.
    func forEachElement(_ body: ([UInt8]) throws -> Void) throws {
        _ = try scan(keepOutline: false, keepElements: true, body)
    }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    private static func isSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\t")
    }

    /// One pass over the file, from its start: returns the bytes outside the array (when
    /// `keepOutline`; else nothing), and gives each element to `body` (when `keepElements`).
    private func scan(keepOutline: Bool, keepElements: Bool, _ body: ([UInt8]) throws -> Void) throws -> [UInt8] {
        let keyBytes = Array(key.utf8)
        var outline: [UInt8] = []
        var offset: Int64 = 0

        var depth = 0                  // brackets and braces open
        var inString = false, escaped = false
        var arrayDepth = 0             // while inside the array: `depth` there (> 0); else 0
        var found = false, elements = 0
        var element: [UInt8] = []
        // The member's name is a string at depth 1, then `:`, then `[`.
        var name: [UInt8] = [], naming = false
        enum Awaiting { case nothing, colon, bracket }
        var awaiting = Awaiting.nothing

        func finish(last: Bool) throws {
            defer { element.removeAll(keepingCapacity: true) }
            guard keepElements else { return }
            var lo = element.startIndex, hi = element.endIndex
            while lo < hi, Self.isSpace(element[lo]) { lo += 1 }
            while hi > lo, Self.isSpace(element[hi - 1]) { hi -= 1 }
            if lo == hi {
                guard last, elements == 0 else {
                    throw Failure(reason: "its \"\(key)\" array has an empty element (two commas, or one before `]`)")
                }
                return
            }
            elements += 1
            try body(Array(element[lo..<hi]))
        }

        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: SystemCalls.errnoText())
            }
            if n == 0 { break }
            offset += Int64(n)
            for i in 0..<n {
                let b = buffer[i]
                if arrayDepth > 0 {
                    // Inside the array: an element's bytes, a comma between two, or its end.
                    if inString {
                        if escaped { escaped = false } else if b == Self.backslash { escaped = true } else if b == Self.quote { inString = false }
                        if keepElements { element.append(b) }
                        continue
                    }
                    switch b {
                    case Self.quote:
                        inString = true
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        if depth == arrayDepth {
                            guard b == UInt8(ascii: "]") else { throw Failure(reason: "its \"\(key)\" array closes with `}`") }
                            try finish(last: true)
                            arrayDepth = 0
                            depth -= 1
                            if keepOutline { outline.append(b) }
                            continue
                        }
                        depth -= 1
                    case UInt8(ascii: ",") where depth == arrayDepth:
                        try finish(last: false)
                        continue
                    default:
                        break
                    }
                    if keepElements { element.append(b) }
                    continue
                }

                if keepOutline { outline.append(b) }
                if inString {
                    if escaped { escaped = false } else if b == Self.backslash { escaped = true } else if b == Self.quote {
                        inString = false
                        if naming { awaiting = !found && name == keyBytes ? .colon : .nothing }
                        naming = false
                        continue
                    }
                    // A longer name is not the key: keep no more of it than tells so.
                    if naming && name.count <= keyBytes.count { name.append(b) }
                    continue
                }
                if Self.isSpace(b) { continue }
                switch (awaiting, b) {
                case (.colon, UInt8(ascii: ":")):
                    awaiting = .bracket
                    continue
                case (.bracket, UInt8(ascii: "[")):
                    awaiting = .nothing
                    depth += 1
                    arrayDepth = depth
                    found = true
                    continue
                default:
                    awaiting = .nothing
                }
                switch b {
                case Self.quote:
                    inString = true
                    naming = depth == 1
                    name.removeAll(keepingCapacity: true)
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    guard depth >= 0 else { throw Failure(reason: "it closes a bracket it never opened") }
                default:
                    break
                }
            }
        }
        guard !inString, depth == 0 else { throw Failure(reason: "it ends before its JSON does") }
        guard found else { throw Failure(reason: "it has no \"\(key)\" array") }
        return outline
    }
}
