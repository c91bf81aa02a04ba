import Testing
@testable import ReliefAnalytics

/// Quickselect against a full sort (the definition of an order statistic).
@Suite struct SelectionTests {
    @Test func equalsSortingForEveryRankOnTiesAndRandomData() {
        var rng = SplitMix64(seed: 42)
        for n in [1, 2, 3, 7, 50, 501] {
            for tiesEvery in [1, 3, 1000] {
                let values = (0..<n).map { _ in Double(Int.random(in: 0..<(n * 10 / tiesEvery + 1), using: &rng)) / 4 }
                let sorted = values.sorted()
                let ranks = Array(Set([0, n / 2, (n - 1) / 2, n - 1, n / 3, 2 * n / 3]))
                var work = values
                let got = Selection.orderStatistics(of: &work, ranks: ranks)
                for k in ranks { #expect(got[k] == sorted[k], "n \(n), rank \(k)") }
                #expect(work.sorted() == sorted, "a permutation of the input")
            }
        }
    }

    @Test func sortedAndReversedInputs() {
        let up = (0..<1000).map(Double.init)
        var a = up, b = Array(up.reversed())
        #expect(Selection.orderStatistics(of: &a, ranks: [0, 499, 500, 999]) == [0: 0, 499: 499, 500: 500, 999: 999])
        #expect(Selection.orderStatistics(of: &b, ranks: [10, 990]) == [10: 10, 990: 990])
    }
}

/// The filtering pass (256 values or more) against a full sort, with the ranks Theil–Sen asks for,
/// ranks at the ends (outside the sample's bracket: the whole-array fallback) and heavy ties.
@Suite struct SelectionBracketTests {
    @Test func bracketedSelectionEqualsSorting() throws {
        var rng = SplitMix64(seed: 7)
        for n in [256, 300, 1_225, 4_950, 11_175] {
            for distinct in [3, 40, 1_000_000] {
                let values = (0..<n).map { _ in Double(Int.random(in: 0..<distinct, using: &rng)) / 7 - 3 }
                let sorted = values.sorted()
                for ranks in [[(n - 1) / 2, n / 2, n / 3, 2 * n / 3], [0, n - 1], [n / 2], [1, n / 2, n - 2]] {
                    var work = values
                    let got = Selection.orderStatistics(of: &work, ranks: ranks)
                    for k in ranks { #expect(got[k] == sorted[k], "n \(n), distinct \(distinct), rank \(k)") }
                    #expect(work.sorted() == sorted, "a permutation of the input")
                }
            }
        }
        // The bracket is taken for middle ranks and refused for the extremes.
        let spread = (0..<1_000).map { Double(($0 * 7_919) % 1_000) }
        #expect(Selection.bracket(spread, 480, 520) != nil)
        #expect(Selection.bracket(spread, 0, 999) == nil)
    }
}
