/// Splits a folded note into tokens and marks sentences, clauses and SOAP sections.
enum Tokenizer {
    static let numberWords: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
        "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    ]
    /// Words whose trailing `.` is an abbreviation, not the end of a sentence.
    static let abbreviations: Set<String> = ["approx", "pt", "e", "g", "i", "vs", "dr", "deg", "wk", "wks", "min", "mins", "hr", "hrs", "eg", "ie", "st"]

    static func tokenize(_ note: NoteText) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(note.count / 3)
        var i = 0
        let n = note.count
        while i < n {
            let c = note[i]
            if c == 0x20 { i += 1; continue }
            if c == 0x0A || c == 0x0D {
                var j = i
                while j < n && (note[j] == 0x0A || note[j] == 0x0D || note[j] == 0x20) { j += 1 }
                var lineBreak = Token(kind: .lineBreak, start: i, end: j, text: "\n")
                lineBreak.isSoftWrap = isSoftWrap(note, from: i, to: j, previous: tokens.last)
                lineBreak.isBlankLine = newlineCount(note, from: i, to: j) >= 2
                // A soft wrap is only a space: `4 out of\n10` stays one pattern.
                if !lineBreak.isSoftWrap { tokens.append(lineBreak) }
                i = j
                continue
            }
            if note.isLetter(i) {
                // `w/` and `w/o` are shorthand for `with` and `without`.
                if c == UInt8(ascii: "w"), !note.isLetter(i + 1), note.is(i + 1, "/"), !note.isDigit(i + 2) {
                    let without = note.is(i + 2, "o") && !note.isLetter(i + 3)
                    tokens.append(Token(kind: .word, start: i, end: i + (without ? 3 : 2), text: without ? "without" : "with"))
                    i += without ? 3 : 2
                    continue
                }
                var j = i
                var word = ""
                var pieceStart = i
                while j < n {
                    if note.isLetter(j) || (note[j] == UInt8(ascii: "'") && note.isLetter(j + 1) && j > pieceStart) { j += 1; continue }
                    // A word hyphenated across a line break by pdftotext (`de-\ncreased`) is one word.
                    if note.is(j, "-"), j > pieceStart, let resume = hyphenatedContinuation(note, j) {
                        word += note.string(pieceStart..<j)
                        pieceStart = resume
                        j = resume
                        continue
                    }
                    break
                }
                word += note.string(pieceStart..<j)
                if let value = numberWords[word] {
                    tokens.append(Token(kind: .number, start: i, end: j, text: word, value: value, isWordNumber: true))
                } else {
                    tokens.append(Token(kind: .word, start: i, end: j, text: word))
                }
                i = j
                continue
            }
            if note.isDigit(i) {
                var j = i
                var value = 0.0
                var digits = 0
                while j < n && note.isDigit(j) { value = value * 10 + Double(note[j] - 0x30); j += 1; digits += 1 }
                // `6/1O`: a capital O typed for the zero of a denominator 10.
                if digits == 1, value == 1, i > 0, note.is(i - 1, "/"), note.is(j, "o"), note.isCapital(j), !note.isLetter(j + 1) {
                    value = 10; j += 1; digits += 1
                }
                if note.is(j, ".") && note.isDigit(j + 1) {
                    j += 1
                    var scale = 0.1
                    while j < n && note.isDigit(j) { value += Double(note[j] - 0x30) * scale; scale /= 10; j += 1 }
                }
                if digits > 6 { value = .infinity }
                let left = i > 0 && (note.isWordChar(i - 1) || (note.is(i - 1, ".") && note.isDigit(i - 2)))
                tokens.append(Token(kind: .number, start: i, end: j, text: note.string(i..<j), value: value,
                                    gluedLeft: left, gluedRight: note.isLetter(j)))
                i = j
                continue
            }
            tokens.append(Token(kind: .punct, start: i, end: i + 1, text: c < 0x80 ? String(UnicodeScalar(c)) : "§"))
            i += 1
        }
        annotate(&tokens)
        return tokens
    }

    /// Words a sentence cannot end on: a line break right after one only wraps the sentence.
    static let continuingWords: Set<String> = [
        "of", "to", "at", "as", "a", "an", "the", "and", "or", "with", "from", "is", "was", "by", "in", "on", "for",
        "rated", "rates", "rate", "level", "than", "her", "his", "their", "reported", "reports",
    ]

    /// The index where a word resumes after `-` + one line break (`glu-\nteals`), or nil.
    static func hyphenatedContinuation(_ note: NoteText, _ hyphen: Int) -> Int? {
        guard note.isLetter(hyphen - 1) else { return nil }
        var k = hyphen + 1
        while note.isBlankSpace(k) { k += 1 }
        if note.is(k, "\r") { k += 1 }
        guard note.is(k, "\n") else { return nil }
        k += 1
        while note.isBlankSpace(k) { k += 1 }
        guard note.isLetter(k), !note.isCapital(k) else { return nil }
        return k
    }

    /// Line breaks in `from..<to` (`\r\n` counts once).
    static func newlineCount(_ note: NoteText, from: Int, to: Int) -> Int {
        var newlines = 0
        for k in from..<to where note[k] == 0x0A || (note[k] == 0x0D && !note.is(k + 1, "\n")) { newlines += 1 }
        return newlines
    }

    /// True when the line break `from..<to` wraps a sentence instead of ending it: a single line break after a
    /// word, number or comma, followed by a lowercase word, or after a word a sentence cannot end on.
    static func isSoftWrap(_ note: NoteText, from: Int, to: Int, previous: Token?) -> Bool {
        guard newlineCount(note, from: from, to: to) == 1, to < note.count, let previous else { return false }
        guard previous.kind == .word || previous.kind == .number || previous.isPunct(",") else { return false }
        if previous.isWord(in: continuingWords) { return note.isLetter(to) || note.isDigit(to) }
        return note.isLetter(to) && !note.isCapital(to) && note[to] != NoteText.otherLetter
    }

    /// Marks sentence and clause numbers and SOAP sections on `tokens`.
    static func annotate(_ tokens: inout [Token]) {
        var sentence = 0, clause = 0
        var section = Section.none
        var index = 0
        while index < tokens.count {
            if let header = sectionHeader(tokens, index) {
                section = header.section
                sentence += 1; clause = 0
                for k in index..<header.end {
                    tokens[k].sentence = sentence; tokens[k].section = section
                }
                sentence += 1
                index = header.end
                continue
            }
            tokens[index].sentence = sentence
            tokens[index].clause = clause
            tokens[index].section = section
            let token = tokens[index]
            if endsSentence(tokens, index) {
                sentence += 1; clause = 0
            } else if token.isPunct(",") {
                clause += 1
            }
            index += 1
        }
    }

    static func endsSentence(_ tokens: [Token], _ i: Int) -> Bool {
        let t = tokens[i]
        switch t.kind {
        case .lineBreak: return !t.isSoftWrap
        case .punct:
            if t.text == ";" || t.text == "!" || t.text == "?" { return true }
            if t.text == "." {
                if i > 0, tokens[i - 1].isWord, tokens[i - 1].end == t.start, abbreviations.contains(tokens[i - 1].text) {
                    return false
                }
                return true
            }
            return false
        default: return false
        }
    }

    static let sectionWords: [String: Section] = [
        "s": .subjective, "subjective": .subjective, "o": .objective, "objective": .objective,
        "a": .assessment, "assessment": .assessment, "p": .plan, "plan": .plan,
    ]

    /// A header such as `S:` or `Assessment:` at `i`, with the index after its colon.
    static func sectionHeader(_ tokens: [Token], _ i: Int) -> (section: Section, end: Int)? {
        guard i + 1 < tokens.count, tokens[i].isWord, let section = sectionWords[tokens[i].text],
              tokens[i + 1].isPunct(":") else { return nil }
        if i > 0 {
            let previous = tokens[i - 1]
            if previous.isPunct("(") || previous.isPunct("-") { return nil }
        }
        return (section, i + 2)
    }

    /// True when the sentence containing token `i` ends with a question mark.
    static func questionSentences(_ tokens: [Token]) -> Set<Int> {
        var result: Set<Int> = []
        for t in tokens where t.isPunct("?") { result.insert(t.sentence) }
        return result
    }
}
