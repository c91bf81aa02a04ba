/// One token of a note: a word, a number, a punctuation mark or a line break.
///
/// Positions are Unicode scalar offsets. Number words `zero`…`ten` become numbers with
/// `isWordNumber` set. Hyphens and slashes are their own tokens.
struct Token {
    enum Kind { case word, number, punct, lineBreak }

    let kind: Kind
    /// Scalar offsets of the token in the note.
    let start: Int
    let end: Int
    /// Lowercase text of a word (non-ASCII letters as `?`), or the punctuation mark.
    let text: String
    /// The value of a number token.
    let value: Double
    /// True for `zero`…`ten` written as words.
    let isWordNumber: Bool
    /// True when a letter or digit touches the token on the left (`L4`, `M54.2`).
    let gluedLeft: Bool
    /// True when a letter touches the token on the right (`3x`, `4th`, `37mm`).
    let gluedRight: Bool
    /// For a line break: true when it only wraps a sentence (pdftotext hard breaks), so it does not end it.
    var isSoftWrap = false
    /// For a line break: true when it contains an empty line (ends a block of lines).
    var isBlankLine = false
    /// Index of the sentence (split at `.`, `;`, `!`, `?`, line breaks and section headers).
    var sentence = 0
    /// Number of commas (or elisions) seen earlier in the same sentence.
    var clause = 0
    /// The SOAP section the token is in.
    var section: Section = .none

    init(kind: Kind, start: Int, end: Int, text: String, value: Double = 0,
         isWordNumber: Bool = false, gluedLeft: Bool = false, gluedRight: Bool = false) {
        self.kind = kind
        self.start = start
        self.end = end
        self.text = text
        self.value = value
        self.isWordNumber = isWordNumber
        self.gluedLeft = gluedLeft
        self.gluedRight = gluedRight
    }

    var isWord: Bool { kind == .word }
    var isNumber: Bool { kind == .number }
    func isPunct(_ mark: String) -> Bool { kind == .punct && text == mark }
    func isWord(_ w: String) -> Bool { kind == .word && text == w }
    func isWord(in set: Set<String>) -> Bool { kind == .word && set.contains(text) }
    /// For short inline lists: a linear scan, without building a Set on every call.
    func isWord(in list: [String]) -> Bool { kind == .word && list.contains(text) }
    /// True for an integer number written in digits.
    var isInteger: Bool { isNumber && value == value.rounded() }
}

/// The SOAP section a token belongs to (`S:`, `O:`, `A:`, `P:` or their long names).
enum Section { case none, subjective, objective, assessment, plan }
