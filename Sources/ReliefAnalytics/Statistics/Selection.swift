/// Order statistics without a full sort: multiple quickselect (Hoare 1961) with a median-of-three
/// pivot, after one filtering pass when there are many values.
///
/// `orderStatistics(of:ranks:)` returns the k-th smallest values for several ranks at once.
/// With 256 values or more it first brackets the wanted ranks between two pivots read from a
/// sorted sample of 128 values (as Floyd & Rivest 1975 do), counts the values below the lower
/// one and copies out those between the two in one pass; when the wanted ranks fall among the
/// copied values (the sample's margin makes that the usual case) only those are selected from,
/// else the whole array is. Each partition step of the quickselect splits the wanted ranks
/// between its two sides and goes on only into the sides that hold some, so ranks close together
/// (Theil–Sen's median and Sen's interval bounds, in the middle of n(n−1)/2 slopes) share the
/// partitions of the large ranges. A full sort was a fifth of the cohort analysis' time.
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
        guard let first = unique.first, let last = unique.last else { return out }
        if values.count >= 256, var middle = bracket(values, first, last) {
            let below = middle.below
            middle.values.withUnsafeMutableBufferPointer { a in
                select(a, unique.map { $0 - below }[...], from: 0, to: a.count - 1)
                for k in unique { out[k] = a[k - below] }
            }
            return out
        }
        values.withUnsafeMutableBufferPointer { a in
            select(a, unique[...], from: 0, to: a.count - 1)
            for k in unique { out[k] = a[k] }
        }
        return out
    }

    /// The values between two pivots that should bracket ranks `first...last`, and how many
    /// values lie below the lower pivot; nil when the ranks are not all among them.
    static func bracket(_ values: [Double], _ first: Int, _ last: Int) -> (below: Int, values: [Double])? {
        let n = values.count, size = 128, margin = 12
        var sample = (0..<size).map { values[$0 * n / size] }
        sample.sort()
        let lowPivot = sample[max(0, first * size / n - margin)]
        let highPivot = sample[min(size - 1, last * size / n + margin)]
        var below = 0
        var middle: [Double] = []
        middle.reserveCapacity(n / 4)
        for v in values {
            if v < lowPivot { below += 1 } else if v <= highPivot { middle.append(v) }
        }
        guard below <= first, below + middle.count > last else { return nil }
        return (below, middle)
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
