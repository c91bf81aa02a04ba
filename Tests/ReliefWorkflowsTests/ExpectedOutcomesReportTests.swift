import Foundation
import ReliefAnalytics
import ReliefModel
import ReliefReports
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// The clinic report's expected outcomes against `relief analyze --json`: the sample clinic
/// (whose model check fails: raw figures only, said plainly) and a larger synthetic clinic whose
/// check lets adjusted figures through (funnel plot, adjusted table, one reading per unit).
/// Every number is checked at its printed precision, formatted here from the JSON independently
/// of ReportLanguage.
@Suite(.serialized) struct ExpectedOutcomesReportTests {
    static let october = Month(iso: "2026-10")!

    // MARK: - Independent formatting of JSON numbers

    static func fixed(_ v: Double, _ decimals: Int) -> String {
        var s = String(format: "%.\(decimals)f", v)
        if Double(s) == 0 { s = String(format: "%.\(decimals)f", 0.0) }
        return s.replacingOccurrences(of: "-", with: "\u{2212}")
    }
    static func signed(_ v: Double, _ d: Int) -> String {
        let s = fixed(v, d)
        return s.hasPrefix("\u{2212}") || Double(s) == 0 ? s : "+" + s
    }
    static func percent(_ v: Double) -> String { "\(Int((v * 100).rounded()))%" }

    /// What the expected-outcomes section must say, given the JSON; each missing claim is a violation.
    static func violations(text raw: String, json: [String: Any], names: [String: String]) -> [String] {
        // A line broken after a hyphen ("c-" / "statistic") joins without a space.
        let text = raw.replacingOccurrences(of: "-\n", with: "-").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var out: [String] = []
        func need(_ phrase: String) { if !text.contains(phrase) { out.append("missing: \(phrase)") } }
        guard let e = json["expectedOutcomes"] as? [String: Any] else { return ["no expectedOutcomes in the JSON"] }
        if let w = e["window"] as? [String: String] { need("over the 12 months from \(w["from"]!) to \(w["to"]!)") }
        need("chronic pain could not be adjusted for")
        need("a technique's results partly reflect who received it")
        // A chain is told its sites are not adjusted; a single clinic never reads the word.
        if json["bySite"] != nil {
            need("Sites are not compared against expected")
        } else if text.range(of: #"\bsites?\b"#, options: [.regularExpression, .caseInsensitive]) != nil {
            out.append("a single clinic's report mentions sites")
        }
        for (key, kind) in [("byTherapist", "therapist"), ("byTechnique", "technique")] {
            guard let r = e[key] as? [String: Any], let units = r["units"] as? [[String: Any]] else { out.append("no \(key)"); continue }
            if let g = r["gate"] as? [String: Any], let slope = g["calibrationSlope"] as? Double,
               let citl = g["calibrationInTheLarge"] as? Double, let c = g["cStatistic"] as? Double {
                need("calibration slope \(fixed(slope, 2)), calibration-in-the-large \(fixed(citl, 2)), c-statistic \(fixed(c, 2))")
                need(["pass": "passed:", "warn": "warning —", "suppress": "failed:"][g["outcome"] as? String ?? ""] ?? "?")
            }
            let adjusted = units.contains { ($0["display"] as? [String: Any])?["showAdjusted"] as? Bool == true }
            for u in units {
                let id = u["unit"] as! String
                let label = id == GroupKeys.unspecified ? (kind == "therapist" ? "No therapist recorded" : "No technique recorded")
                    : kind == "therapist" ? (names[id] ?? id) : id
                let n = u["count"] as! Int, o = u["observed"] as! Int
                let display = u["display"] as! [String: Any]
                let share = percent(u["observedShare"] as! Double)
                if !adjusted {
                    let lo = percent(u["observedShareLower95"] as! Double), hi = percent(u["observedShareUpper95"] as! Double)
                    need("\(label) \(n) \(o) \(share) (\(lo) to \(hi))")
                    continue
                }
                guard display["showAdjusted"] as? Bool == true else {
                    if (display["notes"] as? [String] ?? []).contains("below-minimum-for-value") {
                        need("\(label): too few clients to compare (n = \(n)).")
                    }
                    continue
                }
                let expected = u["expected"] as! Double
                let about = Int(expected.rounded())
                need("\(label): \(n) clients, \(o) improved where about \(about) \(about == 1 ? "was" : "were") expected")
                need("\(signed(u["excess"] as! Double, 1)) (\(signed(u["excessLower"] as! Double, 1)) to \(signed(u["excessUpper"] as! Double, 1)))")
                if let s = u["shrunkenRatio"] as? Double { need(fixed(s, 2)) }
                need("\(label) \(n) \(share) \(percent(u["expectedShare"] as! Double))")
                if display["showLabel"] as? Bool == true, let p = u["position"] as? String {
                    need(["inside-95": "— in line with expected", "above-95": "— possibly above expected — worth a look",
                          "below-95": "— possibly below expected — worth a look",
                          "above-99.8": "— above what chance usually explains", "below-99.8": "— below what chance usually explains"][p]!)
                }
            }
        }
        return out
    }

    static func render(_ db: ReliefDatabase) throws -> (text: String, json: [String: Any], names: [String: String], dir: String) {
        let dir = try temporaryFolder()
        _ = try ReportService.renderClinic(store: db, month: october, out: dir, options: ReportOptions(created: Day(iso: "2026-11-01")!))
        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(try AnalysisService.analyze(store: db, client: nil, period: Period(october)).utf8)) as? [String: Any])
        var names: [String: String] = [:]
        for t in try db.therapists() { names[t.id] = t.name ?? t.id }
        return (try pdfText(dir + "/clinic.pdf", raw: true), json, names, dir)
    }

    /// The sample clinic (112 courses, 37 improved): too few events for the full model's 10 case-mix
    /// terms, so the ladder checks the reduced model (first pain score only), whose gate passes; the
    /// report says which model and why, and shows the funnel plot and the adjusted table.
    @Test func theSampleClinicNamesTheSimplerModelItsCheckPassedOn() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else { return }
        let db = try ReliefDatabase.inMemory()
        try importFiles(sampleCSVs, into: db)
        let (text, json, names, dir) = try Self.render(db)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let byTherapist = try #require((json["expectedOutcomes"] as? [String: Any])?["byTherapist"] as? [String: Any])
        let caseMix = try #require(byTherapist["caseMix"] as? [String: Any])
        let ladder = try #require(caseMix["ladder"] as? [[String: Any]])
        #expect(ladder.first?["model"] as? String == "full" && ladder.first?["skipped"] as? String == "too-few-events-per-parameter")
        let gate = try #require(byTherapist["gate"] as? [String: Any])
        if caseMix["used"] is NSNull {
            // Honest either way: no rung passed, raw figures only.
            #expect(gate["outcome"] as? String == "suppress")
            #expect(!FileManager.default.fileExists(atPath: dir + "/clinic-expected-by-therapist.png"), "no funnel plot")
        } else {
            #expect(caseMix["used"] as? String == "reduced" && byTherapist["columns"] as? [String] == ["intercept", "baseline"])
            #expect(gate["outcome"] as? String != "suppress", "slope \(gate["calibrationSlope"] ?? "")")
            #expect(FileManager.default.fileExists(atPath: dir + "/clinic-expected-by-therapist.png"), "the funnel plot")
            let joined = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(joined.contains("Which model: 37 improved are too few for the full model"))
            #expect(joined.contains("so the expected values use the first pain score only"))
            #expect(joined.contains("Improved against expected, by therapist"))
        }
        #expect(Self.violations(text: text, json: json, names: names) == [])
    }

    /// 320 clients over 7 therapists (sizes 8…80), baseline 4–10, improvement driven by baseline,
    /// segment and a therapist effect; seeded, so the same every run.
    static func syntheticClinic() throws -> ReliefDatabase {
        var rng = SplitMix64(seed: 19)
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        let therapists: [(String, String, Int, Double)] = [("T1", "Ana Lima", 12, 0.5), ("T2", "Ben Ode", 30, -0.3),
            ("T3", "Cara Diaz", 45, 0.1), ("T4", "Dev Rao", 60, 0), ("T5", "Eli Park", 80, -0.5), ("T6", "Fay Moss", 70, 0.9),
            ("T7", "Gus Hale", 8, 0)]
        let segments = [("office-worker", 0.0), ("athlete", 0.5), ("older-adult", -0.6)]
        let regions = ["lower-back", "neck", "shoulders"], techniques = ["swedish", "deep-tissue", "trigger-point"]
        var t = ["therapist_id,name"], c = ["client_id,name,segment,regions,therapist_id"]
        var s = ["session_id,client_id,therapist_id,date,technique,regions,pain_before"]
        var id = 0, sid = 0
        let start = Day(iso: "2025-11-10")!
        for (tid, name, n, effect) in therapists {
            t.append("\(tid),\(name)")
            for _ in 0..<n {
                id += 1
                let client = String(format: "C%04d", id)
                let (segment, segmentEffect) = segments[Int(uniform() * 3)]
                let region = regions[Int(uniform() * 3)], technique = techniques[Int(uniform() * 3)]
                let baseline = 4 + Int(uniform() * 7)
                let lp = -0.4 + 0.6 * (Double(baseline) - 6.5) + segmentEffect + effect
                let improved = uniform() < 1 / (1 + exp(-lp))
                let final = improved ? baseline - 3 : baseline - 1
                c.append("\(client),Client \(id),\(segment),\(region),\(tid)")
                let first = start + Int(uniform() * 300)
                for (k, pain) in [baseline, baseline, final, final].enumerated() {
                    sid += 1
                    s.append("\(String(format: "S%06d", sid)),\(client),\(tid),\((first + 7 * k).iso),\(technique),\(region),\(pain)")
                }
            }
        }
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (file, lines) in [("therapists.csv", t), ("clients.csv", c), ("sessions.csv", s)] {
            try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        }
        let db = try ReliefDatabase.inMemory()
        try importFiles(["therapists.csv", "clients.csv", "sessions.csv"].map { dir + "/" + $0 }, into: db)
        return db
    }

    @Test func aClinicWhoseModelCheckLetsAdjustedFiguresThroughShowsFunnelTableAndReadings() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else { return }
        let db = try Self.syntheticClinic()
        let (text, json, names, dir) = try Self.render(db)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let byTherapist = try #require((json["expectedOutcomes"] as? [String: Any])?["byTherapist"] as? [String: Any])
        let gate = try #require(byTherapist["gate"] as? [String: Any])
        try #require(gate["outcome"] as? String != "suppress", "this clinic is built to pass or warn")
        #expect(byTherapist["strategy"] as? String == "estimated-sd", "≥ 100 courses and ≥ 40 improved")
        #expect(FileManager.default.fileExists(atPath: dir + "/clinic-expected-by-therapist.png"), "the funnel plot")
        let joined = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(joined.contains("Improved against expected, by therapist"))
        #expect(joined.contains("Gus Hale: too few clients to compare (n = 8)."))
        #expect(joined.contains("Ana Lima: 12 clients") && joined.contains("(fewer than 25 clients: no verdict)"))
        #expect(Self.violations(text: text, json: json, names: names) == [])
    }
}
