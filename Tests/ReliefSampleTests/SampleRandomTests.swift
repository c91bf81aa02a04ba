import Testing
@testable import ReliefSample
import ReliefImport

@Suite struct SampleRandomTests {
    @Test func xoshiroMatchesTheReferenceImplementation() {
        // xoshiro256starstar.c from state {1, 2, 3, 4}.
        var rng = SampleRandom(state: (1, 2, 3, 4))
        #expect([rng.next(), rng.next(), rng.next(), rng.next()]
                == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
    }

    @Test func splitMixMatchesTheReferenceImplementation() {
        var rng = SplitMix64(state: 1_234_567)
        #expect([rng.next(), rng.next(), rng.next()]
                == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423])
    }

    @Test func aSeedAndStreamDetermineTheSequence() {
        var a = SampleRandom(seed: 1, stream: 5)
        var b = SampleRandom(seed: 1, stream: 5)
        var c = SampleRandom(seed: 1, stream: 6)
        var d = SampleRandom(seed: 2, stream: 5)
        let sa = (0..<8).map { _ in a.next() }
        #expect(sa == (0..<8).map { _ in b.next() })
        #expect(sa != (0..<8).map { _ in c.next() })
        #expect(sa != (0..<8).map { _ in d.next() })
    }

    @Test func integersCoverTheRangeAndNothingElse() {
        var rng = SampleRandom(seed: 3)
        var seen = Set<Int>()
        for _ in 0..<2000 {
            let x = SampleDraw.int(-2...4, using: &rng)
            #expect((-2...4).contains(x))
            seen.insert(x)
        }
        #expect(seen.count == 7)
        #expect(SampleDraw.int(5...5, using: &rng) == 5)
    }

    @Test func normalAndGammaHaveTheirMoments() {
        var rng = SampleRandom(seed: 11)
        let n = 40_000
        let normals = (0..<n).map { _ in SampleDraw.normal(mean: 2, sd: 3, using: &rng) }
        let mean = normals.reduce(0, +) / Double(n)
        let sd = (normals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)).squareRoot()
        // Standard error of the mean is 3/√40000 = 0.015; allow 5 of them. sd within 3%.
        #expect(abs(mean - 2) < 0.075)
        #expect(abs(sd - 3) < 0.09)

        for (shape, scale) in [(0.5, 2.0), (5.0, 5.4)] {
            let g = (0..<n).map { _ in SampleDraw.gamma(shape: shape, scale: scale, using: &rng) }
            let expected = shape * scale
            let standardError = (shape).squareRoot() * scale / Double(n).squareRoot()
            #expect(g.allSatisfy { $0 >= 0 })
            #expect(abs(g.reduce(0, +) / Double(n) - expected) < 5 * standardError)
        }
    }

    @Test func weightedDrawsFollowTheWeights() {
        var rng = SampleRandom(seed: 5)
        var counts = [0, 0, 0]
        for _ in 0..<30_000 { counts[SampleDraw.weighted([1, 0, 3], using: &rng)] += 1 }
        #expect(counts[1] == 0)
        #expect(abs(Double(counts[2]) / 30_000 - 0.75) < 0.015)
    }
}
