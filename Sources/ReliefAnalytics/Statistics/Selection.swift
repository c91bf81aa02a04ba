/// Order statistics without a full sort: quickselect (Hoare 1961) with a median-of-three pivot.
///
/// `orderStatistics(of:ranks:)` returns the k-th smallest values for several ranks at once,
/// selecting the ranks in ascending order so each search only partitions what lies above the
/// previous one. Used by Theil–Sen, which needs three order statistics of n(n−1)/2 slopes: a
/// full sort was a fifth of the cohort analysis' time.
///
/// Values must be finite (no NaN). The result equals `values.sorted()[k]` for each k.
/// - Complexity: O(n) expected per rank; O(n²) worst case (not reached on pivots chosen this way
///   for real slopes; the answer is exact either way).
enum Selection {
    static func orderStatistics(of values: inout [Double], ranks: [Int]) -> [Int: Double] {
        var out: [Int: Double] = [:]
        var low = 0
        for k in Set(ranks).sorted() where k >= 0 && k < values.count {
            select(&values, k, from: low, to: values.count - 1)
            out[k] = values[k]
            low = k
        }
        return out
    }

    /// Rearranges `a[lo...hi]` so that `a[k]` holds the value a sort would put there, with
    /// nothing larger before it and nothing smaller after it.
    static func select(_ a: inout [Double], _ k: Int, from lo: Int, to hi: Int) {
        var lo = lo, hi = hi
        a.withUnsafeMutableBufferPointer { a in
            while hi > lo {
                let mid = lo + (hi - lo) / 2
                // Median of three as the pivot value.
                if a[mid] < a[lo] { a.swapAt(mid, lo) }
                if a[hi] < a[lo] { a.swapAt(hi, lo) }
                if a[hi] < a[mid] { a.swapAt(hi, mid) }
                let pivot = a[mid]
                var i = lo, j = hi
                while i <= j {
                    while a[i] < pivot { i += 1 }
                    while a[j] > pivot { j -= 1 }
                    if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
                }
                // Now a[lo...j] ≤ pivot ≤ a[i...hi], and a[j+1..<i] == pivot.
                if k <= j { hi = j } else if k >= i { lo = i } else { return }
            }
        }
    }
}
