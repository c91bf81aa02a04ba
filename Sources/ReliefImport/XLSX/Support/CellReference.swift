/// Column letters and sheet names, as Excel writes them in references (`'Visits 2024'!C12`).
enum CellReference {
    /// The column letters for a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var letters: [UInt8] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.append(UInt8(65 + r))
            n = (n - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// A sheet name as it appears before `!`: bare when it is letters, digits, `_` and `.`
    /// (not starting with a digit), else in single quotes with inner quotes doubled.
    static func sheetName(_ name: String) -> String {
        let plain = !name.isEmpty && name.unicodeScalars.allSatisfy { s in
            (s.properties.isAlphabetic || s == "_" || s == "." || ("0"..."9").contains(s))
        } && !("0"..."9").contains(name.unicodeScalars.first ?? "0")
        if plain { return name }
        return "'" + name.replacingAll("'", with: "''") + "'"
    }

    /// `file:Sheet!row` — the name of a row in diagnostics.
    static func row(file: String, sheet: String, row: Int) -> String {
        "\(file):\(sheetName(sheet))!\(row)"
    }
}

extension String {
    /// Every occurrence of `target` replaced (the library does not import Foundation).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(count)
        for ch in self {
            if ch == target { out += replacement } else { out.append(ch) }
        }
        return out
    }
}
