/// A start tag seen by `XMLScanner`: its local name and its attributes, unparsed.
///
/// The buffers point into the scanner's input and are valid only during `XMLHandler.start`.
struct XMLTag {
    /// The name without its namespace prefix (`c` for `x:c`).
    let name: UnsafeBufferPointer<UInt8>
    /// The bytes between the name and `>` or `/>`.
    let attributeBytes: UnsafeBufferPointer<UInt8>

    /// Calls `body` with each attribute's local name and raw (still escaped) value, in order;
    /// either quote style and any whitespace around `=` are accepted.
    ///
    /// - Throws: `XMLSyntaxError` when the attributes are not well formed, or what `body` throws.
    func forEachAttribute(
        _ body: (_ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        let b = attributeBytes
        let n = b.count
        var i = 0
        while true {
            while i < n && XMLBytes.isSpace(b[i]) { i += 1 }
            if i >= n { return }
            let nameStart = i
            while i < n && b[i] != UInt8(ascii: "=") && !XMLBytes.isSpace(b[i]) { i += 1 }
            let nameEnd = i
            while i < n && XMLBytes.isSpace(b[i]) { i += 1 }
            guard i < n, b[i] == UInt8(ascii: "="), nameEnd > nameStart else {
                throw XMLSyntaxError(reason: "an attribute without a value")
            }
            i += 1
            while i < n && XMLBytes.isSpace(b[i]) { i += 1 }
            guard i < n, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") else {
                throw XMLSyntaxError(reason: "an attribute value without quotes")
            }
            let quote = b[i]
            i += 1
            let valueStart = i
            while i < n && b[i] != quote { i += 1 }
            guard i < n else { throw XMLSyntaxError(reason: "an attribute value that never closes") }
            let qualified = UnsafeBufferPointer(rebasing: b[nameStart..<nameEnd])
            i += 1
            // Namespace declarations (`xmlns`, `xmlns:r`) are not attributes of the element.
            if qualified[0] == UInt8(ascii: "x") && XMLBytes.hasPrefix(qualified, "xmlns")
                && (qualified.count == 5 || qualified[5] == UInt8(ascii: ":")) {
                continue
            }
            try body(XMLBytes.localName(qualified), UnsafeBufferPointer(rebasing: b[valueStart..<(i - 1)]))
        }
    }
}
