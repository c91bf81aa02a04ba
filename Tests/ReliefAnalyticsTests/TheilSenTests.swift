import ReliefModel
import Testing
@testable import ReliefAnalytics

@Suite struct TheilSenTests {
    // Reference: scipy 1.17.1, stats.theilslopes(y, x) (alpha=0.95, method='separate').
    @Test func regularSeriesWithTiedY() throws {
        let x: [Double] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        let y = [6, 5.5, 5, 5.5, 4, 4.5, 3, 3.5, 3, 2]
        let f = try #require(TheilSen.fit(x: x, y: y))
        #expect(close(f.slope, -0.5)); #expect(close(f.intercept, 6.5))
        #expect(close(f.lower, -0.5)); #expect(close(f.upper, -0.3))
        #expect(f.pairs == 45)
        // scipy: theilslopes(y, x, alpha=0.90) → low −0.5, high −1/3
        let g = try #require(TheilSen.fit(x: x, y: y, confidence: 0.90))
        #expect(close(g.lower, -0.5)); #expect(close(g.upper, -1.0 / 3))
    }

    @Test func irregularSeriesWithTiedX() throws {
        // scipy 1.17.1: slope −0.46153846153846156, intercept 6.411538461538462,
        // low −0.625, high −0.3333333333333333
        let x = [0, 0.5, 1.5, 1.5, 3, 4.2, 5, 7.1, 8, 8]
        let y = [7, 6, 6.5, 5, 5, 4, 4.5, 3, 3.5, 2.5]
        let f = try #require(TheilSen.fit(x: x, y: y))
        #expect(close(f.slope, -0.46153846153846156))
        #expect(close(f.intercept, 6.411538461538462))
        #expect(close(f.lower, -0.625))
        #expect(close(f.upper, -0.3333333333333333))
        #expect(f.pairs == 45 - 2)   // two tied-x pairs left out
    }

    static let dx = [0.105, 0.714, 0.879, 3.204, 4.306, 4.504, 5.097, 5.569, 6.003, 6.061, 8.902, 9.324, 9.359,
                     10.091, 10.282, 10.298, 11.07, 12.251, 12.444, 12.502, 12.585, 15.514, 15.853, 15.941,
                     16.425, 17.471, 17.944, 18.343, 19.779, 19.91]
    static let dy = [4.4, 5.4, 4.8, 4.6, 6.2, 4.3, 4.9, 5.8, 4.2, 4.7, 4.3, 4.2, 2.9, 4.1, 5.3, 2.4, 4.6, 3.7,
                     2.9, 5.5, 4.2, 1.7, 2.9, 3.4, 2.5, 3.2, 2.3, 3.0, 3.5, 1.3]

    @Test func thirtyNoisyPoints() throws {
        // Data: numpy default_rng(7), x = sort(uniform(0, 20, 30)).round(3),
        // y = (6 − 0.2x + normal(0, 1, 30)).round(1). scipy 1.17.1 theilslopes:
        let f = try #require(TheilSen.fit(x: Self.dx, y: Self.dy))
        #expect(close(f.slope, -0.13832534120250833))
        #expect(close(f.intercept, 5.623367760973811))
        #expect(close(f.lower, -0.20746887966805008))
        #expect(close(f.upper, -0.09099181073703363))
    }

    @Test func handWorked() throws {
        // slopes of (0,6),(1,5),(2,5),(3,3): −1, −0.5, −1, 0, −1, −2 → sorted −2,−1,−1,−1,−0.5,0;
        // median −1. σ² = (4·3·13 − 2·1·9)/18 = 7.667 (one tie of 2 in y), σ = 2.769;
        // upper index round((6 + 1.96·2.769)/2) = round(5.71) = 6 → min(6, 5) = 5 → 0;
        // lower index round((6 − 5.43)/2) − 1 = round(0.286) − 1 = −1 → 0 → −2.
        let f = try #require(TheilSen.fit(x: [0, 1, 2, 3], y: [6, 5, 5, 3]))
        #expect(f.slope == -1)
        #expect(f.lower == -2)
        #expect(f.upper == 0)
        #expect(f.intercept == 5 - (-1) * 1.5)
    }

    @Test func edgeCases() throws {
        #expect(TheilSen.fit(x: [1], y: [3]) == nil)
        #expect(TheilSen.fit(x: [], y: []) == nil)
        #expect(TheilSen.fit(x: [2, 2, 2], y: [1, 2, 3]) == nil)          // all x equal
        let flat = try #require(TheilSen.fit(x: [0, 1, 2, 3, 4], y: [3, 3, 3, 3, 3]))
        #expect(flat.slope == 0 && flat.lower == 0 && flat.upper == 0)   // scipy: 0, 0, 0
        let nan = try #require(TheilSen.fit(x: [0, 1, .nan, 3], y: [4, 3, 2, 1]))
        #expect(nan.n == 3 && nan.slope == -1)
        let two = try #require(TheilSen.fit(x: [0, 1], y: [5, 3]))
        #expect(two.slope == -2)
    }

    @Test func countingPathAgreesWithSortedPath() throws {
        var rng = SplitMix64(seed: 42)
        var x: [Double] = [], y: [Double] = []
        for i in 0..<300 {
            x.append(Double(i / 2))   // ties in x
            y.append((Double(rng.next() % 100) / 10).rounded())   // ties in y
        }
        let exact = try #require(TheilSen.fit(x: x, y: y))
        let counted = try #require(TheilSen.fit(x: x, y: y, exactLimit: 10))
        let tol = Tolerance(rel: 1e-9, abs: 1e-12)
        #expect(close(counted.slope, exact.slope, tol))
        #expect(close(counted.lower, exact.lower!, tol))
        #expect(close(counted.upper, exact.upper!, tol))
        let d = try #require(TheilSen.fit(x: Self.dx, y: Self.dy, exactLimit: 5))
        #expect(close(d.slope, -0.13832534120250833, tol))
        #expect(close(d.lower, -0.20746887966805008, tol))
    }
}

/// `TheilSen.intervalSide` and `Trend.direction`: the side of 0 that Sen's interval lies on,
/// from slope signs alone, must be exactly what the full fit's bounds say.
@Suite struct TrendDirectionTests {
    /// Seeded random series of 2–60 points: scores on the half-point grid (many tied y), tied
    /// and untied x, trends up, down and flat, at 90% and 95%. Every kind of answer occurs.
    @Test func slopeSignsGiveTheFullFitsSides() throws {
        var rng = SplitMix64(seed: 2026_11_26)
        var seen = Set<String>()
        for _ in 0..<3000 {
            let n = Int.random(in: 2...60, using: &rng)
            let drift = Double(Int.random(in: -2...2, using: &rng)) * 0.05
            var x: [Double] = [], y: [Double] = []
            var t = 0.0
            for _ in 0..<n {
                t += Int.random(in: 0..<6, using: &rng) == 0 ? 0 : Double(Int.random(in: 1...14, using: &rng)) / 7
                x.append(t)
                let noise = Double(Int.random(in: -3...3, using: &rng)) * 0.5
                y.append(min(10, max(0, ((5 + drift * t * 7 + noise) * 2).rounded() / 2)))
            }
            let confidence = Bool.random(using: &rng) ? 0.95 : 0.90
            let fit = TheilSen.fit(x: x, y: y, confidence: confidence)
            let side = TheilSen.intervalSide(x: x, y: y, confidence: confidence)
            if let lo = fit?.lower, let hi = fit?.upper {
                let s = try #require(side)
                #expect(s.lowerAboveZero == (lo > 0) && s.upperBelowZero == (hi < 0), "x \(x) y \(y)")
                seen.insert(hi < 0 ? "below" : lo > 0 ? "above" : "across")
            } else {
                #expect(side == nil)
                seen.insert("none")
            }
        }
        #expect(seen == ["below", "above", "across", "none"])
    }

    @Test func trendDirectionIsTheFullTrendsDirection() throws {
        var rng = SplitMix64(seed: 77)
        let start = Day(year: 2026, month: 1, day: 5)!
        var seen = Set<Trend.Direction>()
        for _ in 0..<1000 {
            let measure = [Measure.pain, .sleep, .mood, .stress][Int.random(in: 0..<4, using: &rng)]
            let drift = Double(Int.random(in: -2...2, using: &rng)) * 0.06
            var day = start
            let sessions = (0..<Int.random(in: 1...30, using: &rng)).map { i -> Session in
                day = day + Int.random(in: 1...14, using: &rng)
                let v = min(10, max(0, (5 + drift * Double(day - start) + Double(Int.random(in: -2...2, using: &rng)) * 0.5).rounded()))
                return Session(id: "S\(i)", clientID: "C", day: day, painBefore: v, sleep: v, mood: v, stress: v)
            }
            let series = ScoreSeries(sessions, measure: measure, upTo: day)
            let full = Trend.of(series, better: measure.better)
            #expect(Trend.direction(of: series, better: measure.better, options: .init()) == full.direction)
            seen.insert(full.direction)
        }
        #expect(seen == [.improving, .worsening, .noClearTrend, .notEnoughData])
    }
}
