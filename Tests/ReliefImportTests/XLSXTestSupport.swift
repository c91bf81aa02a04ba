import Foundation
@testable import ReliefImport

/// Shared helpers for the tests.
enum XLSXWorkbookForTests {
    /// Opens workbook bytes under the name `test.xlsx`.
    static func open(_ bytes: [UInt8], limits: XLSXLimits = .default) throws -> XLSXWorkbook {
        try XLSXWorkbook(bytes: bytes, name: "test.xlsx", limits: limits)
    }

    /// Tests/ReliefImportTests/Fixtures/xlsx: files written by openpyxl and LibreOffice (docs/import.md).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/xlsx")

    /// The error thrown by `body`, as an `XLSXError`, or nil when it throws none or another kind.
    static func error(_ body: () throws -> Void) -> XLSXError? {
        do {
            try body()
            return nil
        } catch let e as XLSXError {
            return e
        } catch {
            return nil
        }
    }
}

extension XMLScanner {
    /// Feeds `bytes` in chunks of `chunk` bytes, then finishes: how a test shows that a token
    /// cut at any chunk boundary is read the same.
    mutating func scan(_ bytes: [UInt8], chunk: Int) throws {
        try bytes.withUnsafeBufferPointer { all in
            var i = 0
            while i < all.count {
                let n = min(chunk, all.count - i)
                try feed(UnsafeBufferPointer(rebasing: all[i..<(i + n)]))
                i += n
            }
        }
        try finish()
    }
}
