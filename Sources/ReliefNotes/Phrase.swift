/// A short word pattern such as `"at|by ?the end of ?the session|treatment"`.
///
/// Slots are separated by spaces, alternatives by `|`; a slot starting with `?` may be absent.
/// Hyphens between words are skipped, so `post session` also matches `post-session`.
struct Phrase {
    struct Slot {
        let options: Set<String>
        let optional: Bool
    }

    let slots: [Slot]

    init(_ pattern: String) {
        slots = pattern.split(separator: " ").map { slot in
            let optional = slot.hasPrefix("?")
            let body = optional ? slot.dropFirst() : slot
            return Slot(options: Set(body.split(separator: "|").map(String.init)), optional: optional)
        }
    }

    /// The words the phrase can start with.
    var firstWords: Set<String> {
        var words: Set<String> = []
        for slot in slots {
            words.formUnion(slot.options)
            if !slot.optional { break }
        }
        return words
    }

    /// The index just past the longest match starting at token `i`, or nil.
    func match(_ tokens: [Token], at i: Int) -> Int? {
        match(tokens, token: i, slot: 0)
    }

    private func match(_ tokens: [Token], token: Int, slot: Int) -> Int? {
        if slot == slots.count { return token }
        var t = token
        if slot > 0 { while t < tokens.count && tokens[t].isPunct("-") { t += 1 } }
        var best: Int?
        if t < tokens.count, tokens[t].kind == .word || tokens[t].isWordNumber, slots[slot].options.contains(tokens[t].text),
           tokens[t].sentence == tokens[token].sentence {
            best = match(tokens, token: t + 1, slot: slot + 1)
        }
        if slots[slot].optional, let skipped = match(tokens, token: token, slot: slot + 1) {
            best = max(best ?? skipped, skipped)
        }
        return best
    }
}
