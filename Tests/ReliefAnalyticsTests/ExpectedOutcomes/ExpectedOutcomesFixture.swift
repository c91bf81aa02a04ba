import Foundation
import ReliefTestSupport
@testable import ReliefAnalytics

/// The seeded synthetic clinic of expected-outcomes.md Appendix A and the edge cases built from
/// it. Fixtures/appendix-a-clinic.csv is the output of Fixtures/appendix-a-generator.py (the
/// appendix's generator verbatim, pandas replaced by a csv writer) run with python3 and numpy
/// 2.4.6 — numpy's PCG64 stream, ziggurat normals and `choice` are not re-implemented in Swift.
/// It reproduces the appendix's counts: 180 clients, 51 improved (5/12, 5/18, 5/25, 4/30, 13/40,
/// 19/55). Fixtures/edge-cases.csv and the R oracle values come from Fixtures/edge-cases.R.
enum ExpectedOutcomesFixture {
    struct Row {
        var client: String
        var therapist: String
        var baseline: Double
        var chronic: Bool
        var segment: String
        var region: String?
        var attendance: Double
        var improved: Bool
        var finalPain: Double?
        var fold: Int?
    }

    static func read(_ name: String) throws -> [Row] {
        let path = repositoryRoot.appendingPathComponent("Tests/ReliefAnalyticsTests/ExpectedOutcomes/Fixtures/\(name)").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        func column(_ n: String) -> Int? { header.firstIndex(of: n) }
        return lines.map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func v(_ n: String) -> String? { column(n).map { f[$0] } }
            let baseline = Double(v("baseline")!)!
            let final = v("final").flatMap(Double.init)
                ?? v("pct_change").flatMap(Double.init).map { baseline * (1 - $0 / 100) }
            return Row(client: v("client")!, therapist: v("therapist")!, baseline: baseline,
                       chronic: v("chronic") == "1", segment: v("segment")!, region: v("region"),
                       attendance: Double(v("attendance")!)!, improved: v("improved") == "1",
                       finalPain: final, fold: v("fold").flatMap { Int($0) })
        }
    }

    static func courses(_ rows: [Row], unit: (Row) -> String = { $0.therapist }) -> [CaseMixCourse] {
        rows.map { CaseMixCourse(unit: unit($0), improved: $0.improved, baseline: $0.baseline, finalPain: $0.finalPain,
                                 chronic: $0.chronic, segment: $0.segment, region: $0.region, attendance: $0.attendance) }
    }

    /// The appendix's model: b6 = baseline − 6, chronic, segment (office reference), a25 =
    /// attendance − 2.5; every course kept (the oracle was fitted on all 180, baselines of 3
    /// included), no region.
    static let appendixSpecification = CaseMixSpecification(excludeBaselineAtOrBelow: nil, segmentReference: "office",
                                                            includeRegion: false, attendanceCentre: 2.5)
    /// Appendix B's model: the same without attendance.
    static let appendixBSpecification = CaseMixSpecification(excludeBaselineAtOrBelow: nil, segmentReference: "office",
                                                             includeRegion: false)
    /// The primary model on the edge cases: default exclusions and collapsing, office reference.
    static let edgeSpecification = CaseMixSpecification(segmentReference: "office")

    static func clinic() throws -> [Row] { try read("appendix-a-clinic.csv") }
    static func edgeCases() throws -> [Row] { try read("edge-cases.csv") }

    static func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        return zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }
}
