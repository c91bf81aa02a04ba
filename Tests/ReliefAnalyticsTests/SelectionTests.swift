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
