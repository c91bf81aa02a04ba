#if canImport(Glibc)
import Glibc
#endif
import CLibFuzzer
@testable import ReliefImport
import ReliefFiles
import ReliefModel

/// What each fuzz target does with one input. The same steps are replayed over the
/// committed corpus by Tests/ReliefImportTests/FuzzRegressionTests.swift (without a sanitizer).
public enum FuzzHarness {
    /// "Today" for every fuzzed read (the importer reads no clock).
    static let options = ImportOptions(today: Day(year: 2026, month: 11, day: 1)!)

    /// Reads `bytes` as a file of `format` and checks the summary's accounting.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, format: FileFormat) {
        var o = options
        o.format = format
        var sink = RecordCounter()
        let name: String
        switch format {
        case .csv: name = "fuzz.csv"
        case .json: name = "fuzz.json"
        case .ndjson: name = "fuzz.ndjson"
        case .fhir: name = "fuzz.json"
        case .xlsx: name = "fuzz.xlsx"
        case .notes: name = "fuzz.txt"
        }
        do {
            let summary = try RecordReader.read(bytes: Array(bytes), name: name, options: o, into: &sink)
            // Every row read is accounted for, and every accepted record reached the sink (with the
            // client record a row that names its client delivers first: `namedClients`).
            if !summary.isBalanced || summary.accepted + summary.namedClients != sink.count { abort() }
            for d in summary.diagnostics { _ = d.description }
        } catch {
            _ = error.description
        }
    }

    /// An Excel workbook: read by the importer (accounting checked), then every sheet by the
    /// workbook reader alone under small limits, where any failure must be an `XLSXError`.
    public static func xlsx(_ bytes: UnsafeBufferPointer<UInt8>) {
        read(bytes, format: .xlsx)
        XLSXFuzzing.fuzzXLSX(Array(bytes))
    }

    /// A date layout (up to the first line break, may be empty) and a date to parse with it.
    public static func date(_ bytes: UnsafeBufferPointer<UInt8>) {
        var pattern: String?
        var start = 0
        if let nl = bytes.firstIndex(of: 0x0A) {
            pattern = String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<nl]), as: UTF8.self)
            start = nl + 1
        }
        let parser = (try? DateParser(format: pattern)) ?? (try? DateParser(format: nil))
        let field = UnsafeBufferPointer(rebasing: bytes[start...])
        if let parser {
            if case .ok(let day, let minute) = parser.parse(field) {
                // A parsed day is a real one, and prints and re-parses as itself.
                if Day(iso: day.iso) != day { abort() }
                if let minute, !(0..<1440).contains(minute) { abort() }
            }
        }
        _ = Day(iso: String(decoding: field, as: UTF8.self))
    }

    /// A number in each of the parser's modes (the first byte picks decimal comma and exponent).
    public static func number(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let mode = bytes.first else { return }
        let field = UnsafeBufferPointer(rebasing: bytes[1...])
        let r = parseNumber(field, decimalComma: mode & 1 == 1, allowExponent: mode & 2 == 2)
        if case .success(let n) = r, n.isWhole && !n.atMostOneDecimal { abort() }
        let text = String(decoding: field, as: UTF8.self)
        _ = CSVWriter.escape(text, options: .init(neutralizeFormulas: true))
    }

    /// Hands control to libFuzzer with `callback` as the target; never returns.
    public static func run(_ callback: LLVMFuzzerCallback) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
    }
}
