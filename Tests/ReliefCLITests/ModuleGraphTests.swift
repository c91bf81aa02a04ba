import Foundation
import Testing

/// The module graph must be exactly the architecture's (docs/architecture.md):
/// every `import` in Sources/<Target>/ is checked against the table of what that
/// target may import. Standard-library and OS modules are allowed everywhere.
@Suite struct ModuleGraphTests {
    /// What each target may import, in data-flow order (docs/architecture.md has the same table).
    static let allowed: [String: Set<String>] = [
        "ReliefCalendar": [],
        "ReliefModel": ["ReliefCalendar"],
        "ReliefFiles": ["ReliefCalendar"],
        "ReliefImport": ["ReliefModel", "ReliefFiles", "ReliefNotes", "CZlib"],  // CZlib: the system zlib, to inflate .xlsx parts
        "ReliefExport": ["ReliefModel", "ReliefFiles", "Crypto"],  // Crypto (swift-crypto): HMAC pseudonyms
        "ReliefSample": ["ReliefModel", "ReliefFiles"],
        "ReliefNotes": [],
        "ReliefStore": ["ReliefModel", "GRDB", "GRDBSQLite"],  // GRDBSQLite: GRDB's own SQLite C module (raw binds on the import hot path)
        // PostgresNIO (which brings NIO, NIOSSL and the Logger type with it): the server store for a chain.
        "ReliefPostgres": ["ReliefModel", "ReliefStore", "PostgresNIO"],
        "ReliefAnalytics": ["ReliefModel"],
        "ChartScene": ["ReliefCalendar"],
        "ChartCairo": ["ChartScene", "CCairo"],
        "ReliefReports": ["ReliefModel", "ReliefAnalytics", "ChartScene"],
        "ReliefWorkflows": ["ReliefModel", "ReliefFiles", "ReliefImport", "ReliefExport", "ReliefSample", "ReliefStore",
                            "ReliefPostgres", "ReliefAnalytics", "ChartScene", "ChartCairo", "ReliefReports"],
        // The web front end: pages over the workflows, plus the accounts and audit seam of the store.
        "ReliefWeb": ["ReliefModel", "ReliefImport", "ReliefStore", "ReliefAnalytics", "ReliefReports", "ChartScene", "ChartCairo",
                      "ReliefFiles", "ReliefWorkflows", "Hummingbird", "HummingbirdCore", "HummingbirdTLS", "HummingbirdBcrypt", "MultipartKit",
                      "NIOCore", "NIOPosix", "NIOSSL", "Logging"],
        // The front end: argument parsing, printing, and calling workflows. It names records
        // and the readers' and exporters' option types, never a store, analytics, scene or Cairo.
        "ReliefCLI": ["ReliefModel", "ReliefImport", "ReliefExport", "ReliefWorkflows", "ReliefWeb", "ArgumentParser"],
        "relief": ["ReliefCLI", "CMalloc"],  // CMalloc: glibc's mallopt, set once at start
    ]
    /// Modules that are not ours: declared in Package.swift as products, not targets.
    static let external: Set<String> = ["GRDB", "GRDBSQLite", "ArgumentParser", "Crypto", "Hummingbird", "HummingbirdCore", "HummingbirdTLS",
                                        "HummingbirdBcrypt", "MultipartKit", "NIOCore", "NIOPosix", "NIOSSL", "Logging", "PostgresNIO"]
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
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { !$0.hasPrefix(".") && !["CCairo", "CZlib", "CMalloc"].contains($0) }
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

    /// Each `.target(name: "X", dependencies: [...])` of Package.swift → X's own-module dependencies.
    static func manifestEdges(_ manifest: String) -> [String: Set<String>] {
        var edges: [String: Set<String>] = [:]
        let blocks = manifest.components(separatedBy: ".target(").dropFirst()
            + manifest.components(separatedBy: ".executableTarget(").dropFirst()
        for block in blocks {
            guard let nameStart = block.range(of: "name: \"")?.upperBound,
                  let nameEnd = block[nameStart...].firstIndex(of: "\"") else { continue }
            let name = String(block[nameStart..<nameEnd])
            var deps = Set<String>()
            if let d = block.range(of: "dependencies: [")?.upperBound, let close = block[d...].firstIndex(of: "]") {
                let list = block[d..<close]
                // Our modules are quoted names not inside .product(...).
                let withoutProducts = list.replacingOccurrences(of: #"\.product\([^)]*\)"#, with: "", options: .regularExpression)
                for part in withoutProducts.components(separatedBy: "\"").enumerated() where part.offset % 2 == 1 {
                    deps.insert(String(part.element))
                }
            }
            edges[name] = deps
        }
        return edges
    }

    @Test func packageManifestDeclaresTheSameEdges() throws {
        // Package.swift is the build's truth: a dependency added there but not in the table
        // (or the reverse) is caught here too.
        let manifest = try String(contentsOf: Self.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let edges = Self.manifestEdges(manifest)
        for (target, allowed) in Self.allowed {
            #expect(edges[target] == allowed.subtracting(Self.external), "\(target) in Package.swift")
        }
    }

    @Test func theFrontEndHoldsNoStoreAnalyticsSceneOrCairo() {
        let forbidden: Set<String> = ["ReliefStore", "ReliefPostgres", "ReliefAnalytics", "ChartScene", "ChartCairo", "ReliefReports",
                                      "GRDB", "PostgresNIO", "CCairo"]
        #expect(Self.allowed["ReliefCLI", default: []].isDisjoint(with: forbidden))
        #expect(Self.violations(target: "ReliefCLI", imports: ["ReliefStore"]) == ["ReliefCLI imports ReliefStore"])
    }
}
