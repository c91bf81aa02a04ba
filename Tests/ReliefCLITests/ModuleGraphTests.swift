import Foundation
import Testing

/// The module graph must be exactly the architecture's (docs/architecture.md):
/// every `import` in Sources/<Target>/ is checked against the table of what that
/// target may import. Standard-library and OS modules are allowed everywhere.
@Suite struct ModuleGraphTests {
    static let allowed: [String: Set<String>] = [
        "ReliefModel": [],
        "ReliefImport": ["ReliefModel", "Crypto"],  // Crypto (swift-crypto): HMAC pseudonyms for de-identified exports
        "ReliefStore": ["ReliefModel", "GRDB", "GRDBSQLite"],  // GRDBSQLite: GRDB's own SQLite C module (raw binds on the import hot path)
        "ReliefAnalytics": ["ReliefModel"],
        "ChartScene": [],
        "ChartCairo": ["ChartScene", "CCairo"],
        "ReliefReports": ["ReliefModel", "ReliefAnalytics", "ChartScene"],
        "ReliefCLI": ["ReliefModel", "ReliefImport", "ReliefStore", "ReliefAnalytics",
                      "ChartScene", "ChartCairo", "ReliefReports", "ArgumentParser"],
        "relief": ["ReliefCLI"],
    ]
    static let system: Set<String> = ["Foundation", "FoundationEssentials", "Glibc", "Musl", "Darwin", "Dispatch", "Synchronization"]

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `import X`, `@testable import X`, `import struct X.Y`, `public import X` → X.
    static func imports(in source: String) -> Set<String> {
        var found = Set<String>()
        for rawLine in source.split(separator: "\n") {
            var words = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            while let w = words.first, w.hasPrefix("@") || ["public", "internal", "private", "fileprivate", "package"].contains(w) {
                words.removeFirst()
            }
            guard words.first == "import", words.count >= 2 else { continue }
            let kinds: Set<String> = ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"]
            let name = kinds.contains(words[1]) && words.count >= 3 ? words[2] : words[1]
            found.insert(String(name.split(separator: ".")[0]))
        }
        return found
    }

    static func violations(target: String, imports: Set<String>) -> [String] {
        guard let ok = allowed[target] else { return ["\(target): not a target of the architecture"] }
        return imports.subtracting(ok).subtracting(system).sorted().map { "\(target) imports \($0)" }
    }

    @Test func everyTargetImportsOnlyWhatTheArchitectureAllows() throws {
        let sources = Self.packageRoot.appendingPathComponent("Sources")
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { !$0.hasPrefix(".") && $0 != "CCairo" }
        #expect(Set(targets) == Set(Self.allowed.keys), "Sources/ holds exactly the architecture's targets")
        var problems: [String] = []
        for target in targets.sorted() {
            let dir = sources.appendingPathComponent(target)
            let files = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
            #expect(!files.isEmpty, "\(target) has sources")
            var found = Set<String>()
            for f in files {
                found.formUnion(Self.imports(in: try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)))
            }
            problems += Self.violations(target: target, imports: found)
        }
        #expect(problems.isEmpty, "forbidden imports: \(problems)")
    }

    @Test func theCheckCatchesAForbiddenImport() {
        let src = "import Foundation\n@preconcurrency import CCairo\nimport struct GRDB.Row\n"
        #expect(Self.imports(in: src) == ["Foundation", "CCairo", "GRDB"])
        #expect(Self.violations(target: "ReliefReports", imports: Self.imports(in: src)) ==
                ["ReliefReports imports CCairo", "ReliefReports imports GRDB"])
        #expect(Self.violations(target: "ReliefAnalytics", imports: ["ReliefStore"]) == ["ReliefAnalytics imports ReliefStore"])
        #expect(Self.violations(target: "ChartCairo", imports: ["CCairo", "ChartScene", "Glibc"]).isEmpty)
    }

    @Test func packageManifestDeclaresTheSameEdges() throws {
        // Package.swift is the build's truth: a dependency added there but not in the table
        // (or the reverse) is caught here too.
        let manifest = try String(contentsOf: Self.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        for (target, deps) in Self.allowed where target != "ReliefModel" && target != "ChartScene" {
            for dep in deps where !["GRDB", "GRDBSQLite", "ArgumentParser", "Crypto"].contains(dep) {
                #expect(manifest.contains("\"\(dep)\""), "\(target) → \(dep) declared")
            }
        }
        #expect(manifest.contains(".target(name: \"ReliefModel\", swiftSettings"), "ReliefModel depends on nothing")
        #expect(manifest.contains(".target(name: \"ChartScene\", swiftSettings"), "ChartScene depends on nothing")
    }
}
