import Foundation
import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefAnalytics

/// The `expectedOutcomes` JSON (docs/analyze-json.md): every documented key present, values equal
/// to the analysis, `null` for what cannot be computed (never NaN), and the same bytes every time.
@Suite struct ExpectedOutcomesJSONTests {
    static func encode(_ value: some Encodable) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(value)
    }

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Equal up to the last digit: Foundation's JSONSerialization on Linux may read the shortest
    /// round-trip digits the encoder wrote back one ulp off, so values are compared at 1e-12 relative.
    static func same(_ json: Any?, _ value: Double?) -> Bool {
        guard let value, value.isFinite else { return json == nil || json is NSNull }
        guard let j = (json as? NSNumber)?.doubleValue else { return false }
        return abs(j - value) <= 1e-12 * max(1, abs(value))
    }

    static let analysisKeys: Set<String> = ["courses", "improved", "excluded", "strategy", "caseMix", "columns", "segmentReference",
                                            "regionReference", "collapsed", "model", "gate", "linear",
                                            "noDifferencesBeyondChance", "units"]
    static let unitKeys: Set<String> = ["unit", "count", "observed", "expected", "observedShare", "observedShareLower95",
                                        "observedShareUpper95", "expectedShare", "ratio", "ratioLower", "ratioUpper",
                                        "excess", "excessLower", "excessUpper", "shrunkenRatio", "shrunkenLower",
                                        "shrunkenUpper", "effect", "reliability", "limits", "position", "upperTail",
                                        "lowerTail", "meanResidualPoints", "shrunkenResidualPoints", "display"]

    @Test func everyKeyIsPresentAndEqualsTheAnalysis() throws {
        let result = ExpectedOutcomes.analyze(ExpectedOutcomesFixture.courses(try ExpectedOutcomesFixture.clinic()),
                                              options: { var o = ExpectedOutcomesOptions(); o.specification = ExpectedOutcomesFixture.edgeSpecification
                                                         o.ladder = [.full, .reduced]; o.minimumEventsPerParameter = 0; return o }())
        let json = try Self.object(try Self.encode(result))
        #expect(Set(json.keys) == Self.analysisKeys)
        #expect(json["courses"] as? Int == result.courses && json["improved"] as? Int == result.improved)
        #expect(json["strategy"] as? String == result.strategy.rawValue)
        #expect(json["columns"] as? [String] == result.design.columns)
        let caseMix = try #require(json["caseMix"] as? [String: Any])
        #expect((caseMix["used"] as? String) == result.caseMix?.rawValue)
        #expect(caseMix["events"] as? Int == result.events && caseMix["minimumEventsPerParameter"] as? Double == 0)
        let ladder = try #require(caseMix["ladder"] as? [[String: Any]])
        #expect(ladder.map { $0["model"] as? String } == result.attempts.map(\.model.rawValue))
        #expect(ladder.map { $0["parameters"] as? Int } == result.attempts.map(\.parameters))
        #expect(zip(ladder, result.attempts).allSatisfy { j, a in
            ((j["gate"] as? [String: Any])?["outcome"] as? String) == a.gate?.outcome.rawValue && j["used"] as? Bool == a.used })

        let model = try #require(json["model"] as? [String: Any])
        #expect(model["approximation"] as? String == "adaptive-quadrature-25")
        #expect(Self.same(model["sd"], result.model?.sd))
        let coefficients = try #require(model["coefficients"] as? [[String: Any]])
        #expect(coefficients.map { $0["name"] as? String } == result.design.columns)
        #expect(zip(coefficients, result.model?.coefficients ?? []).allSatisfy { Self.same($0["estimate"], $1) })

        let gate = try #require(json["gate"] as? [String: Any])
        let g = try #require(result.gate)
        #expect(gate["outcome"] as? String == g.outcome.rawValue)
        #expect(Self.same(gate["calibrationSlope"], g.calibrationSlope))
        #expect(Self.same(gate["calibrationInTheLarge"], g.calibrationInTheLarge))
        #expect(Self.same(gate["cStatistic"], g.cStatistic))
        #expect(gate["folds"] as? Int == 5)
        #expect((gate["riskGroups"] as? [[String: Any]])?.count == 4)
        #expect((gate["bySegment"] as? [[String: Any]])?.map { $0["name"] as? String } == g.bySegment.map(\.name))

        let units = try #require(json["units"] as? [[String: Any]])
        #expect(units.count == result.units.count)
        for (j, u) in zip(units, result.units) {
            #expect(Set(j.keys) == Self.unitKeys, "\(u.unit)")
            #expect(j["unit"] as? String == u.unit && j["count"] as? Int == u.count && j["observed"] as? Int == u.observed)
            #expect(Self.same(j["expected"], u.expected))
            #expect(Self.same(j["ratio"], u.ratio))
            #expect(Self.same(j["excess"], u.excess) && Self.same(j["excessLower"], u.excessLower))
            #expect(Self.same(j["shrunkenRatio"], u.shrunkenRatio) && Self.same(j["shrunkenUpper"], u.shrunkenUpper))
            #expect(Self.same(j["reliability"], u.reliability))
            #expect(j["position"] as? String == u.position?.rawValue)
            #expect(Self.same(j["expectedShare"], u.expected / Double(u.count)))
            let display = try #require(j["display"] as? [String: Any])
            #expect(display["showAdjusted"] as? Bool == u.display.showAdjusted)
            #expect(display["notes"] as? [String] == u.display.notes.map(\.rawValue))
            let limits = try #require(j["limits"] as? [String: Any])
            #expect(Self.same(limits["upper95"], u.limits?.upper95) && Self.same(limits["lower998"], u.limits?.lower998))
        }
    }

    @Test func nothingAdjustedEncodesNullsNotNaN() throws {
        let courses = (0..<12).map { CaseMixCourse(unit: $0 < 6 ? "a" : "b", improved: false, baseline: 7, finalPain: 7,
                                                   chronic: false, segment: "s") }
        let result = ExpectedOutcomes.analyze(courses)
        #expect(result.strategy == .rawOnly)
        let data = try Self.encode(result)
        #expect(!String(decoding: data, as: UTF8.self).contains("NaN"))
        let json = try Self.object(data)
        #expect(json["model"] is NSNull && json["gate"] is NSNull)
        let unit = try #require((json["units"] as? [[String: Any]])?.first)
        #expect(Set(unit.keys) == Self.unitKeys)
        #expect(unit["expected"] is NSNull && unit["excess"] is NSNull && unit["upperTail"] is NSNull)
        #expect(unit["observedShare"] as? Double == 0)
    }

    @Test func theCohortObjectNamesTheWindowAndWhatIsNotRecorded() throws {
        let e = Analytics.expectedOutcomes(ExpectedOutcomesCoursesTests.records(), period: ExpectedOutcomesCoursesTests.october)
        let json = try Self.object(try Self.encode(e))
        #expect(Set(json.keys) == ["window", "activeClients", "completeCourses", "incompleteCourses", "covariates",
                                   "notRecorded", "regionRule", "byTherapist", "byTechnique", "bySite"])
        #expect((json["window"] as? [String: String]) == ["from": "2025-11-01", "to": "2026-10-31"])
        #expect(json["activeClients"] as? Int == 4 && json["completeCourses"] as? Int == 3 && json["incompleteCourses"] as? Int == 1)
        #expect(json["covariates"] as? [String] == ["baseline", "segment", "region"])
        #expect(json["notRecorded"] as? [String] == ["chronic"])
        #expect(json["bySite"] is NSNull)
        #expect(Set(try #require(json["byTherapist"] as? [String: Any]).keys) == Self.analysisKeys)
    }

    @Test func theSameRecordsGiveTheSameBytes() throws {
        let courses = ExpectedOutcomesFixture.courses(try ExpectedOutcomesFixture.clinic())
        let a = try Self.encode(ExpectedOutcomes.analyze(courses)), b = try Self.encode(ExpectedOutcomes.analyze(courses))
        #expect(a == b)
    }
}
