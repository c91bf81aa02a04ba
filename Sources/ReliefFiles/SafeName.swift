/// A file-name stem for an id that came from outside: letters, digits, `-` and `_`
/// kept; everything else (slashes, `..`, NUL, control characters, spaces) replaced,
/// length capped, and a short hash appended when anything changed so two ids never
/// collide. The result never escapes the output folder.
public enum SafeName {
    public static func stem(_ id: String) -> String {
        var out = ""
        var changed = false
        for scalar in id.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" {
                out.unicodeScalars.append(scalar)
            } else {
                out.append("_"); changed = true
            }
        }
        if out.unicodeScalars.count > 60 { out = String(String.UnicodeScalarView(out.unicodeScalars.prefix(60))); changed = true }
        if out.isEmpty || out.hasPrefix(".") { changed = true }
        if changed { out += "-" + fnv1a(id) }
        return out
    }

    /// 32-bit FNV-1a of the UTF-8 bytes, as 8 hex digits: stable across runs and machines.
    public static func fnv1a(_ s: String) -> String {
        var h: UInt32 = 0x811c9dc5
        for b in s.utf8 { h = (h ^ UInt32(b)) &* 0x01000193 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
