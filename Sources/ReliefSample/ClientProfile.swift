/// How the generator meant a client's course to go: the ground truth behind the sample.
///
/// The CSV files never contain it; tests of the analytics read it from
/// `SampleData.profiles` to check that what the numbers find is what was put in
/// (consistent clients improve more than irregular ones, worsening ones get flagged).
public struct ClientProfile: Hashable, Sendable {
    /// The kind of course.
    public enum Course: String, CaseIterable, Hashable, Sendable {
        /// Comes 1–3 times a week; pain falls with carry-over and relief lasts longer each session.
        case consistent
        /// Gaps of 2–6 weeks with occasional short runs; relief fades between visits, pain rebounds.
        case irregular
        /// Attends regularly, gets a little immediate relief, but no lasting change.
        case nonResponder = "non-responder"
        /// The underlying condition worsens by about 0.05–0.12 points a week despite sessions.
        case worsening
    }

    public var course: Course
    /// Stops after 1–4 sessions, whatever the course.
    public var dropsOut: Bool
    /// Sessions a week the client intends (consistent, non-responder and worsening courses);
    /// `nil` for irregular clients.
    public var plannedPerWeek: Int?
    /// Pain level at intake before noise (0–10).
    public var baselinePain: Double
    /// Carry-over per unit of session dose (0 for worsening clients).
    public var responsiveness: Double
    /// Share of sessions that are relaxation rather than medical.
    public var relaxationShare: Double
    /// Whether the client sends check-ins between sessions.
    public var checkInSource: String?
    /// Case mix: the log-odds part of a lasting response that intake explains, from the baseline
    /// pain, the segment, the complaint's first region and the therapist's effect
    /// (`SampleCaseMix`; docs/sample-data.md, "Case mix").
    public var prognosis: Double

    public init(course: Course, dropsOut: Bool, plannedPerWeek: Int?, baselinePain: Double,
                responsiveness: Double, relaxationShare: Double, checkInSource: String?, prognosis: Double = 0) {
        self.course = course; self.dropsOut = dropsOut; self.plannedPerWeek = plannedPerWeek
        self.baselinePain = baselinePain; self.responsiveness = responsiveness
        self.relaxationShare = relaxationShare; self.checkInSource = checkInSource; self.prognosis = prognosis
    }
}
