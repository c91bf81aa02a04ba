import ReliefModel

/// Makes a synthetic clinic: therapists, clients, a year of sessions and check-ins whose
/// scores behave like real courses of massage therapy.
///
/// The result depends on the configuration alone: the same `SampleClinic` gives the same
/// records, and the same CSV bytes, every time (no clock, no system randomness). Each
/// client's course draws from its own random stream, so one client's course does not shift
/// when another's needs more draws. docs/sample-data.md describes the model.
///
/// ```swift
/// let data = SampleGenerator.generate(SampleClinic(seed: 1, clients: 120, months: 12))
/// data.sessions.count   // about 6,000
/// ```
///
/// - Complexity: O(s log s) for s sessions; 20,000 clients (≈ a million sessions) take a
///   few seconds in a release build.
public enum SampleGenerator {
    /// Random streams of one seed.
    enum Stream {
        static let staff: UInt64 = 1
        static let names: UInt64 = 2
        static let firstClient: UInt64 = 1 << 32
    }

    public static func generate(_ config: SampleClinic) -> SampleData {
        let clientCount = min(max(0, config.clients), SampleClinic.clientLimit.upperBound)
        let therapistCount = SampleClinic.clamp(config.therapists, SampleClinic.therapistLimit)
        let period = config.period

        var staffRNG = SampleRandom(seed: config.seed, stream: Stream.staff)
        let (therapists, staff) = makeStaff(count: therapistCount, using: &staffRNG)
        var nameRNG = SampleRandom(seed: config.seed, stream: Stream.names)
        let names = clientNames(count: clientCount, using: &nameRNG)
        let idWidth = max(4, String(clientCount).count)

        var courses: [SampleCourse] = []
        courses.reserveCapacity(clientCount)
        for i in 0..<clientCount {
            var rng = SampleRandom(seed: config.seed, stream: Stream.firstClient + UInt64(i))
            courses.append(SampleCourse.simulate(clientID: "C" + pad(i + 1, idWidth), name: names[i],
                                                 period: period, staff: staff, using: &rng))
        }

        var sessions = schedule(courses, period: period, therapistIDs: staff.ids)
        let siteCount = min(SampleClinic.clamp(config.sites, SampleClinic.siteLimit), therapists.count)
        if siteCount >= 2 {
            // A chain: each therapist at one site, in turn; a session at its therapist's site.
            // No random draw, so the records are otherwise those of the single clinic.
            let ids = siteIDs(siteCount)
            var siteOf: [String: String] = [:]
            for (i, t) in therapists.enumerated() { siteOf[t.id] = ids[i % siteCount] }
            for i in sessions.indices { sessions[i].site = sessions[i].therapistID.flatMap { siteOf[$0] } }
        }
        let checkIns = mergeCheckIns(courses)
        var profiles: [String: ClientProfile] = [:]
        profiles.reserveCapacity(clientCount)
        for c in courses { profiles[c.client.id] = c.profile }
        return SampleData(config: config, therapists: therapists, clients: courses.map(\.client),
                          sessions: sessions, checkIns: checkIns, profiles: profiles)
    }

    /// The ids of a sample chain's sites: compass points, then letters.
    public static func siteIDs(_ count: Int) -> [String] {
        let named = ["north", "south", "east", "west", "central"]
        return (0..<count).map { $0 < named.count ? named[$0] : "site-" + String(UnicodeScalar(UInt8(65 + $0))) }
    }

    /// Therapists T01… with names, a special interest each (segments in turn), a skill and an
    /// effect on lasting response.
    static func makeStaff(count: Int, using rng: inout some RandomNumberGenerator) -> ([Therapist], SampleStaff) {
        var pool = SampleNames.therapists
        SampleDraw.shuffle(&pool, using: &rng)
        let width = max(2, String(count).count)
        var therapists: [Therapist] = []
        var staff = SampleStaff(specialties: [], skill: [], effect: [], ids: [])
        for i in 0..<count {
            let name = i < pool.count ? pool[i]
                : SampleDraw.pick(SampleNames.first, using: &rng) + " " + SampleDraw.pick(SampleNames.last, using: &rng)
            let id = "T" + pad(i + 1, width)
            therapists.append(Therapist(id: id, name: name))
            staff.ids.append(id)
            staff.specialties.append(Segment.allCases[i % Segment.allCases.count])
            staff.skill.append(min(1.12, max(0.88, SampleDraw.normal(mean: 1, sd: 0.06, using: &rng))))
            staff.effect.append(min(0.6, max(-0.6, SampleDraw.normal(mean: 0, sd: 0.3, using: &rng))))
        }
        return (therapists, staff)
    }

    /// Client names: mostly Latin-script, about 3.5% Arabic-script and 3.5% CJK (at least one
    /// each from 3 clients on), and one "Zoë Ångström". Latin names repeat only when the
    /// clinic is too large for the pool.
    static func clientNames(count: Int, using rng: inout some RandomNumberGenerator) -> [String] {
        var names = [String](repeating: "", count: count)
        guard count > 0 else { return names }
        let scriptCount = count >= 3 ? max(1, Int((Double(count) * 0.035).rounded())) : 0
        var positions = Array(0..<count)
        // A partial Fisher–Yates: the first 2·scriptCount + 1 positions get the special names.
        let special = min(count, 2 * scriptCount + (count >= 3 ? 1 : 0))
        for i in 0..<special { positions.swapAt(i, SampleDraw.int(i...(count - 1), using: &rng)) }
        var used = Set<String>()
        for (k, i) in positions.enumerated() {
            let script: NameScript = k < special
                ? (k == 0 ? .accented : k <= scriptCount ? .arabic : .cjk) : .latin
            var name = randomName(script, using: &rng)
            for _ in 0..<8 where used.contains(name) { name = randomName(script, using: &rng) }
            used.insert(name)
            names[i] = name
        }
        return names
    }

    enum NameScript { case latin, arabic, cjk, accented }

    static func randomName(_ script: NameScript, using rng: inout some RandomNumberGenerator) -> String {
        func pick(_ items: [String]) -> String { SampleDraw.pick(items, using: &rng) }
        switch script {
        case .accented:
            return SampleNames.accented
        case .latin:
            return pick(SampleNames.first) + " " + pick(SampleNames.last)
        case .arabic:
            return pick(SampleNames.arabicGiven) + " " + pick(SampleNames.arabicFamily)
        case .cjk:
            switch SampleDraw.weighted([0.5, 0.3, 0.2], using: &rng) {
            case 0: return pick(SampleNames.chineseFamily) + pick(SampleNames.chineseGiven)
            case 1: return pick(SampleNames.japaneseFamily) + " " + pick(SampleNames.japaneseGiven)
            default: return pick(SampleNames.koreanFamily) + pick(SampleNames.koreanGiven)
            }
        }
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
