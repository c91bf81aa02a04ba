/// Reads a relationships part (`_rels/.rels`, `xl/_rels/workbook.xml.rels`).
struct RelationshipsHandler: XMLHandler {
    /// One `<Relationship>`.
    struct Relationship {
        /// `Id` (`rId1`).
        let id: String
        /// `Type`, a URI whose last segment names the kind (`.../worksheet`).
        let type: String
        /// `Target`, relative to the source part's folder, or absolute from the package root.
        let target: String
        /// `TargetMode="External"`: the target is outside the package.
        let isExternal: Bool

        /// Whether the type's last path segment is `kind`.
        func isType(_ kind: String) -> Bool {
            type.hasSuffix("/" + kind)
        }
    }

    /// The relationships in order.
    private(set) var relationships: [Relationship] = []

    mutating func start(_ tag: XMLTag) throws {
        guard XMLBytes.equals(tag.name, "Relationship") else { return }
        var id = "", type = "", target = ""
        var external = false
        try tag.forEachAttribute { name, value in
            if XMLBytes.equals(name, "Id") { id = XMLText.string(value) }
            if XMLBytes.equals(name, "Type") { type = XMLText.string(value) }
            if XMLBytes.equals(name, "Target") { target = XMLText.string(value) }
            if XMLBytes.equals(name, "TargetMode") { external = XMLBytes.equals(value, "External") }
        }
        relationships.append(Relationship(id: id, type: type, target: target, isExternal: external))
    }

    mutating func end(_ name: UnsafeBufferPointer<UInt8>) throws {}

    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, isCDATA: Bool) throws {}

    /// The package path of `target` seen from the part at `source` (`xl/workbook.xml` +
    /// `worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`; `/xl/x.xml` → `xl/x.xml`).
    static func resolve(_ target: String, from source: String) -> String {
        var parts: [Substring] = []
        if !target.hasPrefix("/") {
            parts = source.split(separator: "/", omittingEmptySubsequences: true)
            if !parts.isEmpty { parts.removeLast() }
        }
        for piece in target.split(separator: "/", omittingEmptySubsequences: true) {
            if piece == "." { continue }
            if piece == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(piece)
        }
        return parts.joined(separator: "/")
    }
}
