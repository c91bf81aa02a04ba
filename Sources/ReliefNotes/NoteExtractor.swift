/// Reads pain before and after, and sleep, mood and stress scores, out of one therapist's note.
///
/// The rules are inputs.md §4: numbers written as scores (`4/10`, `4 out of 10`, `an 8 on a scale
/// of 1 to 10`, `pain 4`, `VAS 37 mm`, `no pain`, `from 6/10 to 3/10`), markers that make a reading
/// this session's before or after, and refusals (strength `5/5`, blood pressure, dates, codes,
/// counts, goals, `99`). An ambiguous measure is rejected with a reason, never guessed.
/// `extract` is pure and deterministic and never traps, whatever the input.
public enum NoteExtractor {
    /// Extracts every score the note states, with its provenance.
    public static func extract(_ text: String) -> NoteExtraction {
        let tokens = Tokenizer.tokenize(NoteText(text))
        let scanner = ReadingScanner(tokens: tokens)
        var readings = scanner.readings
        var ignored = scanner.ignored
        Labeller.label(&readings, tokens: tokens)
        PairFinder.find(&readings, tokens: tokens)
        readings = Acceptance.filter(readings, tokens: tokens, ignored: &ignored)
        mergeRanges(&readings, tokens: tokens)
        for k in readings.indices { readings[k].region = Labeller.region(of: readings[k], tokens: tokens) }
        let roles = RoleAssigner.assign(readings, markers: MarkerScanner.scan(tokens), tokens: tokens)
        var resolver = Resolver(readings: readings, roles: roles, note: text)
        resolver.ignored = ignored
        return resolver.resolve()
    }

    /// The sentence (or SOAP line) of `text` around `span`, for a review file.
    public static func sentence(around span: Range<Int>, in text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return "" }
        let lower = min(max(0, span.lowerBound), scalars.count)
        let upper = min(max(lower, span.upperBound), scalars.count)
        func isStop(_ k: Int) -> Bool {
            let c = scalars[k]
            if c == "\n" || c == "\r" || c == ";" || c == "!" || c == "?" { return true }
            if c == "." { return k + 1 >= scalars.count || scalars[k + 1] == " " || scalars[k + 1] == "\n" }
            return false
        }
        var start = lower
        while start > 0 && !isStop(start - 1) { start -= 1 }
        var end = upper
        while end < scalars.count && !isStop(end) { end += 1 }
        if end < scalars.count && scalars[end] != "\n" && scalars[end] != "\r" { end += 1 }
        var s = String(String.UnicodeScalarView(scalars[start..<end]))
        while s.first == " " { s.removeFirst() }
        return s
    }

    /// Joins `3/10 or 4/10`, `4/10 - 6/10`, `3/10 to 4/10` (without `from`) into one range.
    static func mergeRanges(_ readings: inout [Reading], tokens: [Token]) {
        var k = 0
        while k + 1 < readings.count {
            let a = readings[k], b = readings[k + 1]
            let gap = tokens[a.tokens.upperBound..<b.tokens.lowerBound]
            let joined = gap.count == 1 && (gap.first?.isPunct("-") == true || gap.first?.isWord("or") == true || gap.first?.isWord("to") == true)
            if joined, a.sentence == b.sentence, a.pair == nil, b.pair == nil, a.form.hasScale, b.form.hasScale,
               a.high == nil, b.high == nil, b.value > a.value {
                readings[k].high = b.value
                readings[k].end = b.end
                readings[k].tokens = a.tokens.lowerBound..<b.tokens.upperBound
                readings.remove(at: k + 1)
            } else {
                k += 1
            }
        }
    }
}
