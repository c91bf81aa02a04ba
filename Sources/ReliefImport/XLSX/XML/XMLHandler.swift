/// Receives the tokens of one XML part from `XMLScanner`, in document order.
///
/// Names are local names (a namespace prefix such as `x:` is dropped). Bytes passed in
/// are valid only during the call. A self-closing tag produces `start` then `end`.
protocol XMLHandler {
    /// A start tag; `tag.attributes` is parsed on demand.
    ///
    /// - Throws: `XMLSyntaxError` or `XLSXError` to stop the read.
    mutating func start(_ tag: XMLTag) throws
    /// An end tag (or the end of a self-closing tag).
    ///
    /// - Throws: `XMLSyntaxError` or `XLSXError`, or an error from the caller's closure.
    mutating func end(_ name: UnsafeBufferPointer<UInt8>) throws
    /// Character data between tags, still escaped (`&amp;`), or a CDATA section (not escaped).
    ///
    /// - Throws: `XMLSyntaxError` or `XLSXError`.
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, isCDATA: Bool) throws
}

/// XML that cannot be tokenized; turned into `XLSXError.malformed` with the part or row.
struct XMLSyntaxError: Error, Sendable {
    /// What is wrong, in words.
    let reason: String
}
