import ReliefModel

/// Times and durations of appointment exports: an `End` column, or minutes in a service name.
enum AppointmentTimes {
    /// An end time: a date and time in the file's layout (`2026-10-03T10:30`), or a time of day
    /// alone (`10:30`, `10:30 am`, `2:15 PM`). The day is nil for a time alone.
    static func minutes(_ bytes: UnsafeBufferPointer<UInt8>, dates: DateParser) -> (day: Day?, minute: Int)? {
        if case .ok(let day, let minute?) = dates.parse(bytes) { return (day, minute) }
        return timeOfDay(String(decoding: bytes, as: UTF8.self)).map { (nil, $0) }
    }

    /// `H:mm` or `HH:mm`, optionally `:ss`, optionally `am`/`pm`, as minutes after midnight.
    static func timeOfDay(_ text: String) -> Int? {
        var t = text.lowercased().filter { $0 != " " }
        var pm: Bool?
        if t.hasSuffix("am") || t.hasSuffix("pm") { pm = t.hasSuffix("pm"); t.removeLast(2) }
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isASCIIDigit) }),
              var h = Int(parts[0]), let m = Int(parts[1]), m < 60 else { return nil }
        if let pm {
            guard (1...12).contains(h) else { return nil }
            h = h % 12 + (pm ? 12 : 0)
        }
        guard h < 24 else { return nil }
        return h * 60 + m
    }

    /// A service name as stored: ClinicSense writes some twice (`60 minute Massage 60 minute
    /// Massage`); one copy is kept.
    static func serviceName(_ name: String) -> String {
        let words = name.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 2, words.count % 2 == 0 else { return name }
        let half = words.count / 2
        return words[..<half].elementsEqual(words[half...]) ? words[..<half].joined(separator: " ") : name
    }

    /// The minutes a service name states: `60 minute Massage`, `Deep tissue (90 min)`, `1.5 hr`,
    /// `1 hour`; nil when it states none, several different ones, or one outside 5–720.
    static func minutes(inServiceName name: String) -> Int? {
        let lower = Array(name.lowercased())
        var found: Set<Int> = []
        var i = 0
        while i < lower.count {
            guard lower[i].isASCIIDigit, i == 0 || !lower[i - 1].isASCIIDigit && lower[i - 1] != "." else { i += 1; continue }
            var j = i
            while j < lower.count, lower[j].isASCIIDigit || (lower[j] == "." && j + 1 < lower.count && lower[j + 1].isASCIIDigit) { j += 1 }
            guard let value = Double(String(lower[i..<j])) else { i = j; continue }
            var k = j
            while k < lower.count, lower[k] == " " || lower[k] == "-" { k += 1 }
            var unit = ""
            while k < lower.count, lower[k].isLetter { unit.append(lower[k]); k += 1 }
            if ["min", "mins", "minute", "minutes", "m"].contains(unit) {
                found.insert(Int(value.rounded()))
            } else if ["h", "hr", "hrs", "hour", "hours"].contains(unit) {
                found.insert(Int((value * 60).rounded()))
            }
            i = j
        }
        guard found.count == 1, let m = found.first, (5...720).contains(m) else { return nil }
        return m
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
