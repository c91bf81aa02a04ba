import Foundation
import ReliefTestSupport
import Testing
@testable import ReliefImport

/// Random mutations of small valid workbooks: every input must be read or refused with an
/// `XLSXError` (`fuzzXLSX` stops the process on anything else), quickly, never hang.
@Suite struct XLSXFuzzTests {

    static func seeds() throws -> [[UInt8]] {
        var b = WorkbookBuilder()
        b.sharedStrings = ["<si><t>a &amp; b</t></si>", "<si><r><t>x</t></r><r><t>y</t></r></si>"]
        b.numberFormats = [(164, "dd/mm/yyyy hh:mm")]
        b.cellStyleFormats = [0, 164, 14]
        b.sheets = [.init(name: "S", rows: """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" s="1"><v>45000.5</v></c><c r="D1" t="b"><v>1</v></c></row>
            <row r="2"><c r="B2" t="inlineStr"><is><t>in&#x41;</t></is></c><c r="C2" t="e"><v>#N/A</v></c><c r="D2" t="s"><v>1</v></c></row>
            """), .init(name: "T", rows: "<row r=\"3\"><c r=\"A3\" s=\"2\"><v>60</v></c></row>")]
        let fixture = try [UInt8](Data(contentsOf: XLSXWorkbookForTests.fixtures.appendingPathComponent("openpyxl-types.xlsx")))
        var stored = b
        stored.extraEntries = [("xl/stored.bin", Array(repeating: 7, count: 64), false)]
        return [try b.build(), fixture, try stored.build()]
    }

    @Test func mutatedWorkbooksNeverCrash() throws {
        let seeds = try Self.seeds()
        for seed in seeds { #expect(XLSXFuzzing.fuzzXLSX(seed) > 0) }
        var rng = SeededGenerator(seed: 20_260_101)
        let iterations = 3000
        var refused = 0
        let start = Date()
        for i in 0..<iterations {
            var input = seeds[i % seeds.count]
            let edits = Int.random(in: 1...8, using: &rng)
            for _ in 0..<edits {
                guard !input.isEmpty else { break }
                let at = Int.random(in: 0..<input.count, using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: input[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: input[at] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
                case 2: input.remove(at: at)
                case 3: input.insert(UInt8.random(in: 0...255, using: &rng), at: at)
                case 4: input.removeSubrange(at..<min(input.count, at + Int.random(in: 1...64, using: &rng)))
                default:
                    // Overwrite with an "interesting" 32-bit value (sizes and offsets live in such fields).
                    let v: UInt32 = [0, 1, 0x7FFF_FFFF, 0xFFFF_FFFF, 0x8000_0000, 0xFFFF][Int.random(in: 0..<6, using: &rng)]
                    for k in 0..<4 where at + k < input.count { input[at + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
                }
            }
            if XLSXFuzzing.fuzzXLSX(input) < 0 { refused += 1 }
        }
        #expect(refused > 0)
        #expect(Date().timeIntervalSince(start) < 120)
    }

    @Test func xmlScannerSurvivesArbitraryBytes() throws {
        // Straight into the scanner with tiny chunks: tokens cut at every boundary.
        var rng = SeededGenerator(seed: 7)
        let alphabet = Array("<>/=\"' &;#x:?!-[]CDATAcrvtis0123456789\n".utf8)
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<200, using: &rng)
            let bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            let chunk = Int.random(in: 1...16, using: &rng)
            do {
                try XLSXBenchmarkSupportForTests.scan(bytes, chunk: chunk)
            } catch is XLSXError {
            } catch is XMLSyntaxError {
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}

/// Runs a sheet handler over bytes in chunks of `chunk`.
enum XLSXBenchmarkSupportForTests {
    static func scan(_ bytes: [UInt8], chunk: Int) throws {
        let handler = SheetHandler(sharedStrings: ["a"], dateStyles: [.none, .date], system: .system1900,
                                   limits: .default, file: "f.xlsx", sheet: "S") { row in _ = row.textValues }
        var scanner = XMLScanner(handler: handler, maxTokenBytes: 1 << 16)
        try scanner.scan(bytes, chunk: chunk)
    }
}
