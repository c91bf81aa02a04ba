import Foundation
import ReliefModel

/// One client's simulated course: who they are, how it was meant to go, their visits
/// (not yet given ids or times of day) and their check-ins.
struct SampleCourse {
    /// A session before the generator has given it an id and a time of day.
    struct Visit {
        var day: Day
        var therapist: Int
        var duration: Int
        var kind: SessionKind
        var techniques: [String]
        var pressure: Pressure
        var regions: [String]
        var painBefore: Double
        var painAfter: Double?
        var sleep: Double?
        var mood: Double?
        var stress: Double?
        var reliefDays: ReliefDays?
        var notes: String?
        /// Random order among the therapist's sessions of the day.
        var order: UInt64
    }

    var client: Client
    var profile: ClientProfile
    var visits: [Visit]
    var checkIns: [CheckIn]
}

/// The clinic's therapists as the simulation needs them.
struct SampleStaff {
    /// Each therapist's special interest: a segment they are often chosen for.
    var specialties: [Segment]
    /// Each therapist's multiplier on immediate relief (about 0.9–1.1).
    var skill: [Double]
    /// Each therapist's effect on the log-odds of a lasting response (a modest random
    /// intercept, sd 0.3: what the expected-outcomes model should find beyond case mix).
    var effect: [Double]
    /// Each therapist's id.
    var ids: [String]
}

/// The model behind a client's scores (docs/sample-data.md explains it in words).
///
/// - *Immediate relief*: a session cuts pain by a share `effect` (≈ 0.6 for a 60-minute
///   medical session on a responder, less for shorter or relaxation sessions).
/// - *Relief duration*: pain climbs back linearly from the post-session level to the
///   client's underlying level over `D` days, D = (D₀ + growth · dose) × noise.
/// - *Carry-over*: each session adds to a `dose` that decays with a 45-day time constant;
///   the underlying level falls from the baseline toward a floor as exp(−responsiveness ·
///   dose). A session that comes while the last one's relief still holds adds a full unit,
///   one that comes after the pain returned adds 0.6: consistent sessions build on each other.
/// - Worsening clients' baseline climbs `drift` points a week.
struct SampleCourseModel {
    static let fadeDays = 45.0

    var baseline: Double
    var floorShare: Double
    var responsiveness: Double
    var effect: Double
    var reliefStart: Double
    var reliefGrowth: Double
    var driftPerWeek: Double

    /// Immediate relief of a session this long, relative to 60 minutes.
    static func reliefFactor(minutes: Int) -> Double {
        switch minutes {
        case ..<40: 0.7
        case ..<55: 0.85
        case ..<75: 1.0
        default: 1.1
        }
    }

    /// Carry-over dose of a session this long, relative to 60 minutes.
    static func doseFactor(minutes: Int) -> Double {
        switch minutes {
        case ..<40: 0.6
        case ..<55: 0.8
        case ..<75: 1.0
        default: 1.15
        }
    }

    /// Underlying (between-sessions) pain for a dose, `weeks` after intake.
    func level(dose: Double, weeks: Double) -> Double {
        let base = min(9.5, baseline + driftPerWeek * weeks)
        let floor = floorShare * base
        return floor + (base - floor) * exp(-responsiveness * dose)
    }

    /// Pain `t` days after a session that left it at `after`, with relief lasting `relief` days,
    /// the underlying level then being `level`.
    static func pain(at t: Double, after: Double, relief: Double, level: Double) -> Double {
        t >= relief ? level : after + (level - after) * t / relief
    }
}
