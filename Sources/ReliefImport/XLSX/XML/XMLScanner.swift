/// A small streaming XML tokenizer for the parts of an .xlsx workbook.
///
/// Spreadsheet XML uses a tiny vocabulary and no DTDs, so this scanner reads only what
/// those parts need: start and end tags (namespace prefixes dropped), attributes in any
/// order with either quote style, character data, CDATA sections; comments, processing
/// instructions and a DOCTYPE are skipped (no entity in a DTD is ever expanded). Text is
/// handed over still escaped; `XMLText` decodes it when a handler keeps it.
///
/// Bytes arrive in chunks (`feed`) as they are inflated. A token cut by a chunk boundary
/// is kept and completed by the next chunk, so memory is one chunk plus one token,
/// whatever the size of the part. Tokens longer than `maxTokenBytes` are refused.
///
/// It does not check well-formedness beyond what it must to find tokens (end tags are not
/// matched to start tags); handlers judge the structure they need.
struct XMLScanner<Handler: XMLHandler> {
    /// The handler receiving tokens.
    var handler: Handler
    /// The longest token allowed.
    let maxTokenBytes: Int
    /// Bytes of an unfinished token carried over from the previous chunk.
    private var pending: [UInt8] = []
    /// Whether the start of the part (a byte-order mark) has been looked at.
    private var started = false

    /// A scanner that hands tokens to `handler`.
    init(handler: Handler, maxTokenBytes: Int) {
        self.handler = handler
        self.maxTokenBytes = maxTokenBytes
    }

    /// Scans the next chunk of the part.
    ///
    /// - Throws: `XMLSyntaxError` for input that cannot be tokenized, `XLSXError.tokenTooLong`
    ///   (with an empty file name, filled in by the caller) for a token past the limit, or
    ///   what the handler throws.
    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) throws {
        if !started {
            if pending.count + chunk.count < 3 {
                pending.append(contentsOf: chunk)
                return
            }
            started = true
            var local: [UInt8] = []
            swap(&local, &pending)
            local.append(contentsOf: chunk)
            if local[0] == 0xFE && local[1] == 0xFF || local[0] == 0xFF && local[1] == 0xFE {
                throw XMLSyntaxError(reason: "the part is in UTF-16, which this reader does not read")
            }
            let skip = local[0] == 0xEF && local[1] == 0xBB && local[2] == 0xBF ? 3 : 0
            try local.withUnsafeBufferPointer { try self.feed(UnsafeBufferPointer(rebasing: $0[skip...])) }
            return
        }
        if pending.isEmpty {
            let used = try scan(chunk, final: false)
            if used < chunk.count {
                try keep(UnsafeBufferPointer(rebasing: chunk[used...]))
            }
        } else {
            try finishPending(chunk)
        }
    }

    /// `feed` when a token is carried over: the same tokens, in the same order, as scanning
    /// `pending` followed by the whole chunk, without copying the whole chunk after it.
    ///
    /// The chunk is added to `pending` a piece at a time (256 bytes, then twice as many each
    /// time, and never less than `pending` holds, so the rescans cost at most twice the bytes)
    /// until the carried token ends; the rest of the chunk is scanned where it is. The scanner
    /// keeps no state between tokens, so where it stops and starts again changes nothing: a
    /// token is handed over only once its end is seen, whichever buffer it is in.
    private mutating func finishPending(_ chunk: UnsafeBufferPointer<UInt8>) throws {
        var local: [UInt8] = []
        swap(&local, &pending)
        var taken = 0
        var piece = max(256, local.count)
        while true {
            let more = min(piece, chunk.count - taken)
            local.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[taken..<(taken + more)]))
            taken += more
            let carried = local.count - taken  // bytes before the chunk's first
            let used = try local.withUnsafeBufferPointer { try scan($0, final: false) }
            if used >= carried {
                // The carried token is done: scan the chunk from where the scan stopped.
                let start = used - carried
                let rest = UnsafeBufferPointer(rebasing: chunk[start...])
                let usedInRest = try scan(rest, final: false)
                if usedInRest < rest.count {
                    try keep(UnsafeBufferPointer(rebasing: rest[(rest.startIndex + usedInRest)...]))
                }
                return
            }
            local.removeFirst(used)
            if taken == chunk.count {
                // The chunk ends inside the carried token.
                try local.withUnsafeBufferPointer { try keep($0) }
                return
            }
            piece *= 2
        }
    }

    /// Ends the part: what is left must be whitespace or text.
    ///
    /// - Throws: `XMLSyntaxError` when the part ends inside a tag.
    mutating func finish() throws {
        if !started, !pending.isEmpty {
            started = true
        }
        var local: [UInt8] = []
        swap(&local, &pending)
        let used = try local.withUnsafeBufferPointer { try scan($0, final: true) }
        if used < local.count {
            throw XMLSyntaxError(reason: "the part ends in the middle of a tag")
        }
    }

    private mutating func keep(_ rest: UnsafeBufferPointer<UInt8>) throws {
        if rest.count > maxTokenBytes { throw XLSXError.tokenTooLong(file: "", part: "", limit: maxTokenBytes) }
        pending.append(contentsOf: rest)
    }

    /// The `>` ending the start tag at `b[i]` (`<`) and where its name ends (the first space or
    /// `/` outside quotes, or -1), or nil when the tag does not end in `b`.
    ///
    /// Two tight loops instead of one that asks four questions of every byte: the name runs
    /// to a space, `/` or `>`; after it only quotes and `>` matter, and a quoted value is
    /// skipped to its closing quote. A quote inside the name (not XML, but it must be read the
    /// same) takes the general loop, `startTagEndSlowly`, which gives the same answer for all input.
    @inline(__always)
    private static func startTagEnd(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> (close: Int, nameEnd: Int)? {
        let n = b.count
        let gt = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
        let dq = UInt8(ascii: "\""), sq = UInt8(ascii: "'")
        var j = i + 1
        while j < n {
            let d = b[j]
            if d == gt || d == slash || XMLBytes.isSpace(d) { break }
            if d == dq || d == sq { return startTagEndSlowly(b, from: i) }
            j += 1
        }
        guard j < n else { return nil }
        let nameEnd = b[j] == gt ? -1 : j
        while true {
            // Here b[j] is outside quotes.
            let d = b[j]
            if d == gt { return (j, nameEnd) }
            if d == dq || d == sq {
                j += 1
                while j < n && b[j] != d { j += 1 }
                guard j < n else { return nil }
            }
            j += 1
            guard j < n else { return nil }
        }
    }

    /// `startTagEnd` one byte at a time, tracking quotes and the name's end together.
    private static func startTagEndSlowly(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> (close: Int, nameEnd: Int)? {
        let n = b.count
        var j = i + 1
        var nameEnd = -1
        var quote: UInt8 = 0
        while j < n {
            let d = b[j]
            if quote != 0 {
                if d == quote { quote = 0 }
            } else if d == UInt8(ascii: ">") {
                return (j, nameEnd)
            } else if d == UInt8(ascii: "\"") || d == UInt8(ascii: "'") {
                quote = d
            } else if nameEnd < 0 && (XMLBytes.isSpace(d) || d == UInt8(ascii: "/")) {
                nameEnd = j
            }
            j += 1
        }
        return nil
    }

    /// Scans complete tokens; returns how many bytes were used (the rest is an unfinished token).
    private mutating func scan(_ b: UnsafeBufferPointer<UInt8>, final: Bool) throws -> Int {
        let n = b.count
        var i = 0
        let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
        while i < n {
            if b[i] != lt {
                guard let next = XMLBytes.find(lt, in: b, from: i) else {
                    if final {
                        try handler.text(UnsafeBufferPointer(rebasing: b[i..<n]), isCDATA: false)
                        return n
                    }
                    return i
                }
                try handler.text(UnsafeBufferPointer(rebasing: b[i..<next]), isCDATA: false)
                i = next
                continue
            }
            guard i + 1 < n else { return i }
            let c = b[i + 1]
            if c == slash {
                guard let close = XMLBytes.find(gt, in: b, from: i + 2) else { return i }
                var e = close
                while e > i + 2 && XMLBytes.isSpace(b[e - 1]) { e -= 1 }
                guard e > i + 2 else { throw XMLSyntaxError(reason: "an end tag without a name") }
                try handler.end(XMLBytes.localName(UnsafeBufferPointer(rebasing: b[(i + 2)..<e])))
                i = close + 1
            } else if c == UInt8(ascii: "?") {
                guard let close = XMLBytes.find("?>", in: b, from: i + 2) else { return i }
                i = close + 2
            } else if c == UInt8(ascii: "!") {
                guard i + 3 < n else { return i }
                if b[i + 2] == UInt8(ascii: "-") && b[i + 3] == UInt8(ascii: "-") {
                    guard let close = XMLBytes.find("-->", in: b, from: i + 4) else { return i }
                    i = close + 3
                } else if b[i + 2] == UInt8(ascii: "[") {
                    guard i + 9 <= n else { return i }
                    guard XMLBytes.hasPrefix(UnsafeBufferPointer(rebasing: b[i...]), "<![CDATA[") else {
                        throw XMLSyntaxError(reason: "an unknown <![ section")
                    }
                    guard let close = XMLBytes.find("]]>", in: b, from: i + 9) else { return i }
                    try handler.text(UnsafeBufferPointer(rebasing: b[(i + 9)..<close]), isCDATA: true)
                    i = close + 3
                } else {
                    // <!DOCTYPE ...> possibly with an internal subset in [...]: skipped whole.
                    var j = i + 2
                    var depth = 0
                    var quote: UInt8 = 0
                    while j < n {
                        let d = b[j]
                        if quote != 0 {
                            if d == quote { quote = 0 }
                        } else if d == UInt8(ascii: "\"") || d == UInt8(ascii: "'") {
                            quote = d
                        } else if d == UInt8(ascii: "[") {
                            depth += 1
                        } else if d == UInt8(ascii: "]") {
                            depth -= 1
                        } else if d == gt && depth <= 0 {
                            break
                        }
                        j += 1
                    }
                    guard j < n else { return i }
                    i = j + 1
                }
            } else {
                // A start tag: find the `>` that is not inside a quoted attribute value.
                guard let (close, end) = XMLScanner.startTagEnd(b, from: i) else { return i }
                let j = close
                var nameEnd = end
                let selfClosing = b[j - 1] == slash && j - 1 > i
                let tagEnd = selfClosing ? j - 1 : j
                if nameEnd < 0 || nameEnd > tagEnd { nameEnd = tagEnd }
                guard nameEnd > i + 1 else { throw XMLSyntaxError(reason: "a tag without a name") }
                let name = XMLBytes.localName(UnsafeBufferPointer(rebasing: b[(i + 1)..<nameEnd]))
                let tag = XMLTag(name: name, attributeBytes: UnsafeBufferPointer(rebasing: b[nameEnd..<tagEnd]))
                try handler.start(tag)
                if selfClosing { try handler.end(name) }
                i = j + 1
            }
        }
        return i
    }
}
