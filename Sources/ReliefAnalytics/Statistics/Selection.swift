/// Order statistics without a full sort: multiple quickselect (Hoare 1961) with a median-of-three
/// pivot.
///
/// `orderStatistics(of:ranks:)` returns the k-th smallest values for several ranks at once. Each
/// partition step splits the wanted ranks between its two sides and goes on only into the sides
/// that hold some, so ranks close together (Theil–Sen's median and Sen's interval bounds, in the
/// middle of n(n−1)/2 slopes) share the partitions of the large ranges: about two passes over
/// the values in all, where one quickselect per rank made one to two passes each. A full sort
/// was a fifth of the cohort analysis' time.
///
/// Values must be finite (no NaN). The result equals `values.sorted()[k]` for each k.
/// - Complexity: O(n) expected; O(n²) worst case (not reached on pivots chosen this way for real
///   slopes; the answer is exact either way).
enum Selection {
    static func orderStatistics(of values: inout [Double], ranks: [Int]) -> [Int: Double] {
        var wanted = ranks.filter { $0 >= 0 && $0 < values.count }
        wanted.sort()
        var unique: [Int] = []
        for k in wanted where unique.last != k { unique.append(k) }
        var out: [Int: Double] = [:]
        values.withUnsafeMutableBufferPointer { a in
            select(a, unique[...], from: 0, to: a.count - 1)
            for k in unique { out[k] = a[k] }
        }
        return out
    }

    /// Rearranges `a[lo...hi]` so that for every rank k in `ranks` (sorted, all in `lo...hi`),
    /// `a[k]` holds the value a sort would put there.
    static func select(_ a: UnsafeMutableBufferPointer<Double>, _ ranks: ArraySlice<Int>, from lo: Int, to hi: Int) {
        var lo = lo, hi = hi, ranks = ranks
        while hi > lo, !ranks.isEmpty {
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
            // Now a[lo...j] ≤ pivot ≤ a[i...hi], and a[j+1..<i] == pivot (already in place).
            let left = ranks.prefix { $0 <= j }
            let right = ranks.drop { $0 < i }
            // Loop on into the right side; recurse into the left one only when both hold ranks.
            if left.isEmpty { lo = i; ranks = right } else if right.isEmpty { hi = j; ranks = left } else {
                select(a, left, from: lo, to: j)
                lo = i; ranks = right
            }
        }
    }
}
