import Foundation
import ReliefTestSupport
import Testing
@testable import ReliefImport

/// docs/import.md stays in step with the code it describes.
@Suite struct DocsTests {
    let importDoc = (try? String(contentsOf: repositoryRoot.appendingPathComponent("docs/import.md"), encoding: .utf8)) ?? ""

    @Test func everyAliasIsDocumented() {
        var missing: [String] = []
        for (_, fields) in HeaderAliases.byKind { for (_, names) in fields { for n in names where !importDoc.contains("`\(n)`") { missing.append(n) } } }
        for (_, names) in HeaderAliases.common { for n in names where !importDoc.contains("`\(n)`") { missing.append(n) } }
        #expect(missing.isEmpty, "aliases not in docs/import.md: \(missing)")
    }

    @Test func everyRuleIsDocumented() {
        let missing = Rule.allCases.map(\.rawValue).filter { !importDoc.contains("`\($0)`") }
        #expect(missing.isEmpty, "rules not in docs/import.md: \(missing)")
    }
}
