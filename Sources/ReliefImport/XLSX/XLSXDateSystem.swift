/// Which day an Excel date serial counts from, set per workbook (`<workbookPr date1904="1"/>`).
enum XLSXDateSystem: Sendable, Hashable {
    /// Windows Excel's default: serial 1 is 1900-01-01, and serial 60 is 1900-02-29, a day
    /// that did not exist, kept from Lotus 1-2-3; serials from 61 on are one day behind
    /// the calendar count, so 61 is 1900-03-01.
    case system1900
    /// Older Mac Excel's: serial 0 is 1904-01-01.
    case system1904
}
