/// Entry points for fuzzing: one input, read every way the importer would, under small
/// limits. Any failure must be an `XLSXError`; a crash, a hang or another error is a bug.
enum XLSXFuzzing {
    /// Limits small enough for a fuzzer to reach every bound quickly.
    static let limits = XLSXLimits(
        maxUncompressedBytes: 8 << 20, maxEntries: 200, maxCompressionRatio: 200,
        ratioCheckThreshold: 64 << 10, maxRows: 10_000, maxColumns: 1_000, maxTokenBytes: 1 << 20)

    /// Opens `data` as a workbook and reads every sheet, rendering every cell and every
    /// error message. Returns the number of rows read, or -1 when the input was refused.
    ///
    /// The workbook half of the `fuzz-xlsx` target (Fuzz/Sources/FuzzSupport), and replayed over
    /// Fuzz/corpus/xlsx by `FuzzRegressionTests`.
    @discardableResult
    static func fuzzXLSX(_ data: [UInt8]) -> Int {
        do {
            let book = try XLSXWorkbook(bytes: data, name: "fuzz.xlsx", limits: limits)
            var rows = 0
            for sheet in book.sheetNames {
                // The importer's text form must be the value form's `textValues` byte for byte
                // (not `String ==`, which equates canonically equivalent text), row for row, and
                // stop with the same error.
                var expected: [(Int, [[UInt8]])] = []
                var valueError: String?
                do {
                    try book.forEachRow(sheet: sheet) { row in
                        rows += 1
                        expected.append((row.number, row.textValues.map { Array($0.utf8) }))
                        _ = row.location
                    }
                } catch let error as XLSXError {
                    valueError = error.description
                } catch {
                    fatalError("fuzzXLSX: an error that is not an XLSXError: \(error)")
                }
                var seen = 0
                var textError: String?
                do {
                    try book.forEachRowText(sheet: sheet) { row in
                        guard seen < expected.count, expected[seen].0 == row.number, expected[seen].1 == (0..<row.cells.count).map({ Array(row.text($0)) }),
                              row.isBlank == expected[seen].1.allSatisfy(\.isEmpty) else {
                            fatalError("fuzzXLSX: the text form's row \(row.number) differs from the value form's")
                        }
                        seen += 1
                    }
                } catch let error as XLSXError {
                    textError = error.description
                } catch {
                    fatalError("fuzzXLSX: an error that is not an XLSXError: \(error)")
                }
                if seen != expected.count || textError != valueError {
                    fatalError("fuzzXLSX: the text form read \(seen) rows (\(textError ?? "no error")), "
                        + "the value form \(expected.count) (\(valueError ?? "no error"))")
                }
            }
            _ = try? book.sheetName("no such sheet")
            return rows
        } catch let error {
            _ = error.description
            return -1
        }
    }
}
