import GRDB

/// A 0–10 score with at most one decimal, stored as an integer number of tenths (6.5 → 65).
///
/// Integers are exact (no 6.499999 in the file), take one byte instead of eight, compare
/// faster, and make "at most one decimal" a property of the column's type rather than a
/// CHECK with `round()` (which cost half a second per million sessions). The readable views
/// divide by 10.
///
/// ```swift
/// try Tenths.encode(6.5, column: "pain_before")   // 65
/// Tenths.decode(65)                               // 6.5
/// ```
enum Tenths {
    /// The tenths of `value`.
    /// - Throws: a CHECK-constraint `DatabaseError` naming `column` when `value` is not a finite
    ///   number with at most one decimal; the store refuses it rather than rounding it.
    static func encode(_ value: Double, column: String) throws -> Int {
        if value.isFinite, abs(value) < 1e9 {
            let scaled = (value * 10).rounded()
            if abs(value * 10 - scaled) < 1e-6 { return Int(scaled) }
        }
        throw DatabaseError(resultCode: .SQLITE_CONSTRAINT_CHECK,
                            message: "\(column): \(value) is not a 0–10 score with at most one decimal")
    }

    static func encode(_ value: Double?, column: String) throws -> Int? {
        try value.map { try encode($0, column: column) }
    }

    /// The score `tenths` stands for: the double nearest to tenths / 10, exactly what parsing
    /// the decimal text ("6.5") gives.
    static func decode(_ tenths: Int) -> Double { Double(tenths) / 10 }
}
