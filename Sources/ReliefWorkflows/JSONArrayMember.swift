import Foundation
import ReliefFiles

/// A JSON file holding one object, one of whose members is an array too long to decode whole: a
/// shard manifest's `reports` (about 300 bytes a report; 121,000 reports a shard when a
/// 10-million-session month is rendered in two). `outline()` gives the file with that array
/// emptied, to decode as the rest of the object; `forEachElement` gives the array's elements one
/// at a time, each its own JSON text. Both read the file in 64 KiB chunks and hold no more than
/// the outline, or one element.
///
/// It checks only what it needs to cut the file: that strings and brackets close, that the member
/// is there, and that no element is empty (`[1,,2]`, a trailing comma). Everything else is left to
/// the decoder of the outline and of each element.
///
/// ```swift
/// let file = JSONArrayMember(path: "manifest-shard-1-of-2.json", key: "reports")
/// let rest = try JSONDecoder().decode(ShardManifest.self, from: Data(try file.outline()))
/// try file.forEachElement { json in _ = try JSONDecoder().decode(ReportManifest.Entry.self, from: Data(json)) }
/// ```
struct JSONArrayMember {
    let path: String
    /// The member's name, as it is written in the file (without escapes).
    let key: String

    /// Why the file cannot be cut into its outline and elements.
    struct Failure: Error, CustomStringConvertible, Equatable {
        let reason: String
        var description: String { reason }
    }

    /// The file's bytes with the member's array emptied (`[]`, with whatever space was around it).
    /// - Throws: `Failure`.
    func outline() throws -> [UInt8] {
        var outline: [UInt8]? = []
        try scan(outline: &outline, elements: false) { _ in }
        return outline ?? []
    }

    /// Each element of the member's array, in order, as the bytes of its JSON text (no space
    /// around it).
    /// - Throws: `Failure`, or what `body` throws.
    func forEachElement(_ body: ([UInt8]) throws -> Void) throws {
        var ignored: [UInt8]? = nil
        try scan(outline: &ignored, elements: true, body)
    }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    private static func isSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\t")
    }

    /// One pass over the file: the bytes outside the array go to `outline` (when it is not nil),
    /// each element to `body` (when `keepElements`).
    private func scan(outline: inout [UInt8]?, elements keepElements: Bool, _ body: ([UInt8]) throws -> Void) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(reason: SystemCalls.errnoText()) }
        defer { _ = SystemCalls.close(fd) }
        let keyBytes = Array(key.utf8)
        let keepOutline = outline != nil

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
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: SystemCalls.errnoText())
            }
            if n == 0 { break }
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
                            if keepOutline { outline!.append(b) }
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

                if keepOutline { outline!.append(b) }
                if inString {
                    if escaped { escaped = false } else if b == Self.backslash { escaped = true } else if b == Self.quote {
                        inString = false
                        if naming { awaiting = !found && name == keyBytes ? .colon : .nothing }
                        naming = false
                        continue
                    }
                    if naming { name.append(b) }
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
    }
}
