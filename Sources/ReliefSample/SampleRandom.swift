/// The sample generator's pseudo-random number generator: xoshiro256** seeded through SplitMix64.
///
/// Blackman and Vigna's xoshiro256** (2018) passes BigCrush, is fast, and — unlike
/// `SystemRandomNumberGenerator` — is fully determined by its seed, so the same seed gives
/// the same clinic on every run and every machine. The 256-bit state is filled from a
/// SplitMix64 sequence, as the authors recommend, so nearby seeds give unrelated streams.
///
/// A `stream` number gives independent sequences from one seed: the generator uses one
/// stream per client, so a client's course does not depend on how many draws the clients
/// before it needed.
///
/// ```swift
/// var rng = SampleRandom(seed: 1, stream: 42)
/// let x = SampleDraw.normal(mean: 0, sd: 1, using: &rng)
/// ```
public struct SampleRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator for `stream` of `seed`.
    public init(seed: UInt64, stream: UInt64 = 0) {
        var mixer = SplitMix64(state: SplitMix64.mix(seed) ^ stream)
        self.init(state: (mixer.next(), mixer.next(), mixer.next(), mixer.next()))
    }

    /// A generator with this exact state (the reference test vectors use it).
    /// An all-zero state, the one xoshiro cannot leave, is replaced by a fixed non-zero one.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (s0, s1, s2, s3) = state
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// Steele, Lea and Flood's SplitMix64: used only to seed `SampleRandom`.
struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 output function (a bijection on UInt64).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
