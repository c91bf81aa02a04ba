/// Reads `xl/workbook.xml`: the sheets in tab order with their relationship ids, and
/// the date system (`<workbookPr date1904="1"/>`).
struct WorkbookHandler: XMLHandler {
    /// One `<sheet>` element.
    struct Sheet {
        /// The tab name.
        let name: String
        /// The relationship id (`r:id`) naming the sheet's part in the workbook's rels.
        let relationshipID: String
    }

    /// The sheets in tab order.
    private(set) var sheets: [Sheet] = []
    /// Whether the workbook uses the 1904 date system.
    private(set) var date1904 = false

    mutating func start(_ tag: XMLTag) throws {
        if XMLBytes.equals(tag.name, "sheet") {
            var name = ""
            var id = ""
            try tag.forEachAttribute { attribute, value in
                if XMLBytes.equals(attribute, "name") { name = XMLText.string(value) }
                if XMLBytes.equals(attribute, "id") { id = XMLText.string(value) }
            }
            sheets.append(Sheet(name: name, relationshipID: id))
        } else if XMLBytes.equals(tag.name, "workbookPr") {
            try tag.forEachAttribute { attribute, value in
                if XMLBytes.equals(attribute, "date1904") {
                    date1904 = XMLBytes.equals(value, "1") || XMLBytes.equals(value, "true")
                }
            }
        }
    }

    mutating func end(_ name: UnsafeBufferPointer<UInt8>) throws {}

    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, isCDATA: Bool) throws {}
}
