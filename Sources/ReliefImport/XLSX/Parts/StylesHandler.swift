/// Reads `xl/styles.xml` for what the sheet reader needs: which cell styles (`s="3"`,
/// an index into `<cellXfs>`) format numbers as dates or times.
struct StylesHandler: XMLHandler {
    /// Custom formats by id (`<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>`).
    private var customFormats: [Int: String] = [:]
    /// The number format id of each cell style, in order.
    private var styleFormats: [Int] = []
    private var inCellXfs = false
    private var inNumFmts = false

    mutating func start(_ tag: XMLTag) throws {
        if XMLBytes.equals(tag.name, "cellXfs") {
            inCellXfs = true
        } else if XMLBytes.equals(tag.name, "numFmts") {
            inNumFmts = true
        } else if inCellXfs && XMLBytes.equals(tag.name, "xf") {
            var id = 0
            try tag.forEachAttribute { name, value in
                if XMLBytes.equals(name, "numFmtId") { id = XMLBytes.parseInt(value) ?? 0 }
            }
            styleFormats.append(id)
        } else if inNumFmts && XMLBytes.equals(tag.name, "numFmt") {
            var id: Int?
            var code = ""
            try tag.forEachAttribute { name, value in
                if XMLBytes.equals(name, "numFmtId") { id = XMLBytes.parseInt(value) }
                if XMLBytes.equals(name, "formatCode") { code = XMLText.string(value) }
            }
            if let id { customFormats[id] = code }
        }
    }

    mutating func end(_ name: UnsafeBufferPointer<UInt8>) throws {
        if XMLBytes.equals(name, "cellXfs") { inCellXfs = false }
        if XMLBytes.equals(name, "numFmts") { inNumFmts = false }
    }

    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, isCDATA: Bool) throws {}

    /// The date kind of each cell style, by style index.
    var dateStyles: [DateStyle] {
        styleFormats.map { id in
            if let code = customFormats[id] { return DateStyle.classify(code: code) }
            return DateStyle.builtIn(id)
        }
    }
}
