/// Reads `xl/sharedStrings.xml`: each `<si>` is one string, either one `<t>` or rich
/// text runs (`<r><t>..</t></r>`) that are joined; phonetic guides (`<rPh>`) are skipped.
struct SharedStringsHandler: XMLHandler {
    /// The strings, in index order.
    private(set) var strings: [String] = []
    private var buffer: [UInt8] = []
    private var inItem = false
    private var capturing = false
    private var phonetic = 0
    /// The most strings kept (`XLSXLimits.maxSharedStrings`) and the file, for the error.
    let limit: Int
    let file: String

    init(limit: Int = XLSXLimits.default.maxSharedStrings, file: String = "") {
        self.limit = limit
        self.file = file
    }

    mutating func start(_ tag: XMLTag) throws {
        let name = tag.name
        if XMLBytes.equals(name, "si") {
            inItem = true
            buffer.removeAll(keepingCapacity: true)
        } else if inItem && XMLBytes.equals(name, "t") {
            capturing = phonetic == 0
        } else if XMLBytes.equals(name, "rPh") {
            phonetic += 1
        } else if XMLBytes.equals(name, "sst") {
            try tag.forEachAttribute { name, value in
                if XMLBytes.equals(name, "uniqueCount"), let n = XMLBytes.parseInt(value) {
                    strings.reserveCapacity(min(n, 1 << 20))
                }
            }
        }
    }

    mutating func end(_ name: UnsafeBufferPointer<UInt8>) throws {
        if XMLBytes.equals(name, "t") {
            capturing = false
        } else if XMLBytes.equals(name, "rPh") {
            phonetic = max(0, phonetic - 1)
        } else if XMLBytes.equals(name, "si") {
            guard strings.count < limit else { throw XLSXError.tooManyStrings(file: file, limit: limit) }
            strings.append(buffer.withUnsafeBufferPointer { XMLText.officeString($0) })
            inItem = false
            capturing = false
        }
    }

    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, isCDATA: Bool) throws {
        guard capturing else { return }
        if isCDATA || !XMLText.needsDecoding(raw) {
            buffer.append(contentsOf: raw)
        } else {
            XMLText.appendDecoded(raw, to: &buffer)
        }
    }
}
