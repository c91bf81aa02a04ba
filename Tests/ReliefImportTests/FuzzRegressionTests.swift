import Foundation
import Testing
import ReliefFiles
import ReliefModel
@testable import ReliefImport

/// Replays every committed fuzz input (Fuzz/corpus/<target>/: the seed corpus, the corpus
/// `make fuzz-merge` kept, and every crash, timeout or oom input a fuzzer ever found)
/// through the same steps as the fuzz targets (Fuzz/Sources/FuzzSupport), without a
/// sanitizer: a reader that crashes or loses count of a row fails here.
@Suite struct FuzzRegressionTests {
    static var corpus: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus")
    }

    static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let dir = corpus.appendingPathComponent(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
        return try names.map { ($0, Array(try Data(contentsOf: dir.appendingPathComponent($0)))) }
    }

    static let options = ImportOptions(today: Day(year: 2026, month: 11, day: 1)!)

    @Test(arguments: [FileFormat.csv, .json, .ndjson, .fhir, .xlsx])
    func readersSurviveEveryCommittedInput(format: FileFormat) throws {
        let inputs = try Self.inputs(format.rawValue)
        #expect(!inputs.isEmpty, "Fuzz/corpus/\(format.rawValue) has inputs")
        var read = 0
        for input in inputs {
            var o = Self.options
            o.format = format
            var sink = RecordCounter()
            do {
                let s = try RecordReader.read(bytes: input.bytes, name: input.name, options: o, into: &sink)
                #expect(s.isBalanced, "\(format.rawValue)/\(input.name): read \(s.read) ≠ accepted + rejected + skipped")
                #expect(s.accepted + s.namedClients == sink.count, "\(format.rawValue)/\(input.name)")
                read += 1
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
        // The seeds are real files: most of them must read, or the corpus lost its meaning.
        #expect(read > 0)
    }

    /// The xlsx target also reads every sheet of each input with the workbook reader alone,
    /// under the fuzzer's small limits; every failure must be an `XLSXError`.
    @Test func workbookReaderSurvivesEveryCommittedInput() throws {
        let inputs = try Self.inputs("xlsx")
        #expect(!inputs.isEmpty)
        var read = 0
        for input in inputs where XLSXFuzzing.fuzzXLSX(input.bytes) >= 0 { read += 1 }
        #expect(read > 0)
    }

    @Test func dateParserSurvivesEveryCommittedInput() throws {
        let inputs = try Self.inputs("date")
        #expect(!inputs.isEmpty)
        var parsed = 0
        for input in inputs {
            let bytes = input.bytes
            var pattern: String?
            var start = 0
            if let nl = bytes.firstIndex(of: 0x0A) {
                pattern = String(decoding: bytes[0..<nl], as: UTF8.self)
                start = nl + 1
            }
            let parser = (try? DateParser(format: pattern)) ?? (try? DateParser(format: nil))
            let field = Array(bytes[start...])
            let result = field.withUnsafeBufferPointer { parser?.parse($0) }
            if case .ok(let day, let minute)? = result {
                #expect(Day(iso: day.iso) == day, "date/\(input.name)")
                #expect(minute.map { (0..<1440).contains($0) } ?? true, "date/\(input.name)")
                parsed += 1
            }
        }
        #expect(parsed > 0)
    }

    @Test func numberParserSurvivesEveryCommittedInput() throws {
        let inputs = try Self.inputs("number")
        #expect(!inputs.isEmpty)
        for input in inputs {
            guard let mode = input.bytes.first else { continue }
            let field = Array(input.bytes.dropFirst())
            let r = field.withUnsafeBufferPointer { parseNumber($0, decimalComma: mode & 1 == 1, allowExponent: mode & 2 == 2) }
            if case .success(let n) = r { #expect(!n.isWhole || n.atMostOneDecimal, "number/\(input.name)") }
            _ = CSVWriter.escape(String(decoding: field, as: UTF8.self), options: .init(neutralizeFormulas: true))
        }
    }
}
