import Foundation
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// `JSONArrayMember` cuts a JSON object file into its outline and one array's elements, which
/// `relief report merge` reads a report at a time. Its answers are checked against Foundation's
/// `JSONSerialization` reading the same file whole.
@Suite struct JSONArrayMemberTests {
    /// Writes `text` to a file and returns the reader of its `key` array.
    func file(_ text: String, key: String = "reports", _ label: String = #function) throws -> (JSONArrayMember, String) {
        let dir = try temporaryFolder(label)
        let path = dir + "/file.json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (try JSONArrayMember(path: path, key: key), dir)
    }

    /// What the reader gives, parsed: the outline as an object, the elements as values.
    func read(_ reader: JSONArrayMember) throws -> (outline: NSDictionary, elements: [NSObject]) {
        let outline = try JSONSerialization.jsonObject(with: Data(reader.outline())) as! NSDictionary
        var elements: [NSObject] = []
        try reader.forEachElement { json in
            elements.append(try JSONSerialization.jsonObject(with: Data(json), options: .fragmentsAllowed) as! NSObject)
        }
        return (outline, elements)
    }

    /// Brackets, braces, commas, quotes and the key itself inside strings; nested arrays and
    /// objects; numbers, literals and non-ASCII text as elements; the key not first or last.
    static let documents = [
        #"{"a":1,"reports":[{"x":"[,]{}\"","y":[1,[2,3],{"z":"reports"}]},2,"s,t",null,true,-1.5e3,[]],"slice":["reports","]"]}"#,
        "{\n  \"month\" : \"2026-10\",\n  \"reports\" : [\n    {\n      \"name\" : \"مريم \\\\ \\\"الحسن\\\"\"\n    },\n    {\n      \"name\" : \"李 小龙\"\n    }\n  ],\n  \"shard\" : \"1/1\"\n}\n",
        #"{"reports":[],"b":{"reports":[9]}}"#,
        "{\"reports\" :\n[\n\n  ]}",
        #"{"nested":{"reports":[1,2]},"reports" : [ 3 , 4 ]}"#,
    ]

    @Test(arguments: documents.indices) func theOutlineAndElementsAreTheWholeFilesParts(k: Int) throws {
        let text = Self.documents[k]
        let (reader, dir) = try file(text, "doc\(k)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let whole = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! NSDictionary
        let (outline, elements) = try read(reader)
        let rest = whole.mutableCopy() as! NSMutableDictionary
        rest["reports"] = NSArray()
        #expect(outline == rest, "the outline is the object with its reports emptied")
        #expect(NSArray(array: elements) == (whole["reports"] as! NSArray), "the elements are the array's, in order")
    }

    @Test func aLongArrayIsReadAcrossChunkBoundaries() throws {
        // ~630 KB: ten 64 KiB reads, which cut elements and strings wherever they fall.
        let elements = (0..<20_000).map { #"{"id":"C\#($0)","s":"\#(String(repeating: "\\\"]", count: $0 % 7))"}"# }
        let text = #"{"count":20000,"reports":["# + elements.joined(separator: ",") + #"],"z":true}"#
        let (reader, dir) = try file(text)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var seen: [String] = []
        try reader.forEachElement { seen.append(String(decoding: $0, as: UTF8.self)) }
        #expect(seen == elements)
        #expect(String(decoding: try reader.outline(), as: UTF8.self) == #"{"count":20000,"reports":[],"z":true}"#)
    }

    @Test(arguments: [
        (#"{"reports":[1,,2]}"#, "empty element"),
        (#"{"reports":[1,2,]}"#, "empty element"),
        (#"{"reports":[,]}"#, "empty element"),
        (#"{"slice":[1]}"#, "has no \"reports\" array"),
        (#"{"a":"reports","b":[1]}"#, "has no \"reports\" array"),
        (#"{"reports":[{"a":1}"#, "ends before its JSON does"),
        (#"{"reports":["open]}"#, "ends before its JSON does"),
        (#"{"reports":[1}"#, "closes with `}`"),
        (#"{"a":1}}"#, "closes a bracket it never opened"),
    ]) func aFileThatCannotBeCutSaysWhy(text: String, words: String) throws {
        let (reader, dir) = try file(text, "bad-\(abs(text.hashValue))")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            try reader.forEachElement { _ in }
            _ = try reader.outline()
            Issue.record("\(text) was read")
        } catch let failure as JSONArrayMember.Failure {
            #expect(failure.reason.contains(words), "\(text): \(failure)")
        }
    }

    @Test(arguments: [-3, -2, -1, 0, 1, 2, 3])
    func aReadMayEndInsideAnEscapeOrTheKey(shift: Int) throws {
        // A padding string puts the 64 KiB boundary (byte 65,536) right after the backslash of an
        // escaped quote, and then inside `"reports"`, between it and `:`, and between `:` and `[`.
        let chunk = 1 << 16
        func document(before marker: String, at boundary: Int, then rest: String) -> String {
            let head = #"{"pad":""#
            let pad = String(repeating: "x", count: boundary - head.utf8.count - 2 - marker.utf8.count + shift)
            return head + pad + #"","# + marker + rest
        }
        // The backslash is the last byte of the first read (shift 0), or near it.
        let escaped = document(before: #""e":"a\"#, at: chunk, then: #""b","reports":[{"q":"\"]\""}],"z":1}"#)
        // The key's first letters end the first read (shift 0), or near it.
        let keyed = document(before: #""rep"#, at: chunk, then: #"orts" : [ "v" , [1] ] , "z":2}"#)
        for (text, elements, outline) in [
            (escaped, [#"{"q":"\"]\""}"#], #""z":1}"#),
            (keyed, [#""v""#, "[1]"], #"orts" : [] , "z":2}"#),
        ] {
            let (reader, dir) = try file(text, "boundary\(shift)-\(elements.count)")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            var seen: [String] = []
            try reader.forEachElement { seen.append(String(decoding: $0, as: UTF8.self)) }
            #expect(seen == elements, "shift \(shift)")
            #expect(String(decoding: try reader.outline(), as: UTF8.self).hasSuffix(outline), "shift \(shift)")
        }
    }

    @Test func aKeySpelledWithEscapesIsAnotherMember() throws {
        // A decoder reads both names as "reports"; the reader finds only the one written plainly,
        // and leaves the other in the outline, where `ShardMerge` sees it and refuses the file.
        let (reader, dir) = try file(#"{"rep\u006frts":[1],"reports":[2]}"#)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var seen: [String] = []
        try reader.forEachElement { seen.append(String(decoding: $0, as: UTF8.self)) }
        #expect(seen == ["2"])
        #expect(String(decoding: try reader.outline(), as: UTF8.self) == #"{"rep\u006frts":[1],"reports":[]}"#)
    }

    @Test func aFileThatIsNotThereIsAFailure() throws {
        #expect(throws: JSONArrayMember.Failure(reason: "No such file or directory")) {
            try JSONArrayMember(path: "/nonexistent/relief/file.json", key: "reports")
        }
    }

    @Test func everyPassReadsTheFileFirstOpened() throws {
        // A shard re-rendered and renamed into place between the outline and the entries does not
        // mix two files: the reader keeps the one it opened.
        let (reader, dir) = try file(#"{"reports":[1],"slice":["a"]}"#)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(String(decoding: try reader.outline(), as: UTF8.self) == #"{"reports":[],"slice":["a"]}"#)
        try Data(#"{"reports":[9,9],"slice":["b"]}"#.utf8).write(to: URL(fileURLWithPath: dir + "/new.json"))
        #expect(rename(dir + "/new.json", dir + "/file.json") == 0)
        var seen: [String] = []
        try reader.forEachElement { seen.append(String(decoding: $0, as: UTF8.self)) }
        #expect(seen == ["1"])
    }
}
