import Foundation
import ReliefModel

/// Case mix in the sample clinic: how much of a client's chance of a *lasting* response is
/// known at intake (expected-outcomes.md, appendix A, in spirit). On the log-odds scale:
///
///     prognosis = 0.8 · (baseline − 5.6) + segment + region + therapist
///
/// (0 for the clinic's typical client: the baseline is centred on the clinic's mean intake
/// pain, and the segment and region effects average about 0 over its clients).
///
/// - **baseline**: more pain at intake leaves more room to improve (and "improved" needs a
///   2-point fall, which a low starting pain barely allows);
/// - **segment**: athletes' strains settle best, older adults' degenerative pain and the mixed
///   "other" group (fibromyalgia, scars, sciatica) least;
/// - **region**: the complaint's first region, as the client's record gives it: necks and upper
///   backs respond better, knees, hands and lower backs less;
/// - **therapist**: a modest random intercept (sd 0.3, `SampleStaff.effect`).
///
/// The simulation reads the prognosis in two places: whether the client responds at all
/// (P = logistic(1.8 + prognosis); those who do not are non-responders or worsen), and, for
/// those who respond, how far and how fast their pain falls (a lower floor and a faster
/// carry-over the better the prognosis).
enum SampleCaseMix {
    static let baselineEffect = 0.8
    static let baselineCentre = 5.6
    /// Intercept of P(responds) = logistic(respondIntercept + prognosis): about 80 % respond.
    static let respondIntercept = 1.8
    /// How much a unit of prognosis lowers a responder's floor (share of the baseline).
    static let floorPerUnit = 0.08
    /// How much a unit of prognosis speeds a responder's carry-over (a factor exp(0.3 · prognosis)).
    static let responsivenessPerUnit = 0.3

    static func segmentEffect(_ segment: Segment) -> Double {
        switch segment {
        case .officeWorker: 0.1
        case .athlete: 0.7
        case .olderAdult: -0.8
        case .headache: 0.4
        case .other: -0.6
        }
    }

    /// By the complaint's first region; regions not listed have no effect.
    static let regionEffects: [String: Double] = [
        "neck": 0.4, "upper-back": 0.3, "hamstrings": 0.3, "calves": 0.3, "jaw": 0.2, "shoulders": 0.1,
        "lower-back": -0.3, "knees": -0.4, "hands": -0.3, "feet": -0.3, "hips": -0.2,
    ]

    static func prognosis(baseline: Double, segment: Segment, firstRegion: String?, therapistEffect: Double) -> Double {
        baselineEffect * (baseline - baselineCentre) + segmentEffect(segment)
            + (firstRegion.flatMap { regionEffects[$0] } ?? 0) + therapistEffect
    }

    static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
}
