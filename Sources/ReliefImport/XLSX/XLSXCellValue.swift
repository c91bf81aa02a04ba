/// The value of one cell.
enum XLSXCellValue: Sendable, Hashable {
    /// Text: a shared string, an inline string, or a formula's text result.
    case text(String)
    /// A number not formatted as a date.
    case number(Double)
    /// `TRUE` or `FALSE`.
    case bool(Bool)
    /// A number whose format is a date or time format, or an ISO date cell (`t="d"`).
    case date(XLSXDateTime)
    /// No value (a gap in a sparse row, or a cell with only formatting).
    case empty
    /// An error value such as `#N/A` or `#DIV/0!`.
    case error(String)

    /// The value as text for a CSV-style validator: text as is; numbers in the shortest
    /// form that reads back the same, without exponent and without `.0` on whole
    /// numbers (`7`, `3.5`); dates as `yyyy-MM-dd`, or `yyyy-MM-ddTHH:mm` when there is
    /// a time (`HH:mm` for a time alone); `TRUE`/`FALSE`; errors as Excel shows them;
    /// empty as "".
    var textValue: String {
        switch self {
        case .text(let s): return s
        case .number(let d): return NumberText.format(d)
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .date(let d): return d.isoText
        case .empty: return ""
        case .error(let e): return e
        }
    }

    /// Whether the cell has no value.
    var isEmpty: Bool {
        if case .empty = self { return true }
        return false
    }
}
