import ReliefTestSupport
import Foundation
import ReliefModel
@testable import ReliefAnalytics

/// Tolerances, stated per use: `rel` relative to the expected value, `abs` absolute.
struct Tolerance {
    var rel: Double
    var abs: Double
    /// For numbers SciPy/lifelines computed with the same formula in double precision.
    static let sameFormula = Tolerance(rel: 1e-12, abs: 1e-14)
    /// For values from an iterative fit (EM) compared with another iterative fit.
    static let iterative = Tolerance(rel: 1e-6, abs: 1e-7)
}

func close(_ actual: Double?, _ expected: Double, _ tol: Tolerance = .sameFormula) -> Bool {
    guard let a = actual else { return false }
    return Swift.abs(a - expected) <= max(tol.abs, tol.rel * Swift.abs(expected))
}


/// A session with the fields the analytics read; the id orders sessions on one day.
func session(_ iso: String, _ before: Double, _ after: Double? = nil, id: String? = nil, client: String = "c1",
             therapist: String? = "t1", kind: SessionKind = .medical, techniques: [String] = [],
             regions: [String] = [], sleep: Double? = nil, mood: Double? = nil, stress: Double? = nil,
             relief: ReliefDays? = nil) -> Session {
    Session(id: id ?? "\(client)-\(iso)", clientID: client, therapistID: therapist, day: day(iso), kind: kind,
            techniques: techniques, regions: regions, painBefore: before, painAfter: after, sleep: sleep,
            mood: mood, stress: stress, reliefDays: relief)
}

func record(_ sessions: [Session], checkIns: [CheckIn] = [], id: String = "c1", segment: Segment? = nil,
            therapist: String? = "t1", appointments: [Appointment] = []) -> ClientRecord {
    ClientRecord(client: Client(id: id, name: "Client \(id)", segment: segment, therapistID: therapist),
                 sessions: sessions, checkIns: checkIns, appointments: appointments)
}

let march2026 = Period(Month(year: 2026, month: 3)!)

func json(_ value: some Encodable) throws -> [String: Any] {
    let data = try JSONEncoder().encode(value)
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
}
