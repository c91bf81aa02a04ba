import Foundation
import ReliefModel

extension SampleCourse {
    /// Simulates one client's course over `period`.
    static func simulate(clientID: String, name: String, period: Period, staff: SampleStaff,
                         using rng: inout some RandomNumberGenerator) -> SampleCourse {
        var sim = SampleSimulation(period: period, staff: staff, using: &rng)
        return sim.run(clientID: clientID, name: name, using: &rng)
    }
}

/// Everything drawn once for a client, and the loop that walks their course.
struct SampleSimulation {
    let period: Period
    let staff: SampleStaff
    let catalog: SampleCatalog
    let complaint: SampleCatalog.Complaint
    let course: ClientProfile.Course
    let model: SampleCourseModel
    let profile: ClientProfile
    let therapist: Int
    let intake: Day
    /// Sessions after which the client stops, if they do.
    let stopAfter: Int
    /// For consistent clients who move to weekly maintenance: after which session.
    let maintenanceAfter: Int
    let usualDuration: Int
    let usualPressure: Pressure
    let primaryTechnique: String
    let techniqueNames: [String]
    let techniqueWeights: [Double]
    let usesHalves: Bool
    let reliefReportRate: Double
    let sleep0: Double
    let mood0: Double
    let stress0: Double

    init(period: Period, staff: SampleStaff, using rng: inout some RandomNumberGenerator) {
        self.period = period
        self.staff = staff
        let catalog = SampleCatalog.all[SampleDraw.weighted(SampleCatalog.all.map(\.share), using: &rng)]
        self.catalog = catalog
        let complaint = SampleDraw.pick(catalog.complaints, using: &rng)
        self.complaint = complaint
        let baseline = min(9, max(3, SampleDraw.normal(mean: catalog.painMean, sd: 1.1, using: &rng)))

        // The therapist: often one with a special interest in the client's segment.
        let specialists = staff.specialties.indices.filter { staff.specialties[$0] == catalog.segment }
        let therapist = !specialists.isEmpty && SampleDraw.chance(0.45, using: &rng)
            ? SampleDraw.pick(specialists, using: &rng)
            : SampleDraw.int(0...(staff.skill.count - 1), using: &rng)
        self.therapist = therapist

        // Case mix: whether the client responds at all, and how far, depends on what intake
        // shows (SampleCaseMix). Those who respond come consistently (55 : 25) or irregularly;
        // the rest are non-responders or worsen (13 : 7), as the course shares say overall.
        let prognosis = SampleCaseMix.prognosis(baseline: baseline, segment: catalog.segment,
                                                firstRegion: complaint.regions.first,
                                                therapistEffect: staff.effect[therapist])
        let responds = SampleDraw.chance(SampleCaseMix.logistic(SampleCaseMix.respondIntercept + prognosis), using: &rng)
        let course: ClientProfile.Course = responds
            ? (SampleDraw.chance(0.55 / 0.8, using: &rng) ? .consistent : .irregular)
            : (SampleDraw.chance(0.13 / 0.2, using: &rng) ? .nonResponder : .worsening)
        self.course = course

        func clamped(_ x: Double, _ lo: Double, _ hi: Double) -> Double { min(hi, max(lo, x)) }
        let model: SampleCourseModel
        switch course {
        case .consistent, .irregular:
            model = SampleCourseModel(
                baseline: baseline,
                floorShare: clamped(SampleDraw.uniform(0.15, 0.4, using: &rng) - SampleCaseMix.floorPerUnit * prognosis,
                                    0.08, 0.7),
                responsiveness: clamped(SampleDraw.normal(mean: 0.14, sd: 0.05, using: &rng)
                                        * exp(SampleCaseMix.responsivenessPerUnit * prognosis), 0.04, 0.4),
                effect: clamped(SampleDraw.normal(mean: 0.62, sd: 0.1, using: &rng), 0.3, 0.85),
                reliefStart: SampleDraw.gamma(shape: 4, scale: 0.5, using: &rng),
                reliefGrowth: clamped(SampleDraw.normal(mean: 0.4, sd: 0.1, using: &rng), 0.15, 0.7),
                driftPerWeek: 0)
        case .nonResponder:
            model = SampleCourseModel(
                baseline: baseline, floorShare: 0.85,
                responsiveness: SampleDraw.uniform(0, 0.02, using: &rng),
                effect: clamped(SampleDraw.normal(mean: 0.25, sd: 0.08, using: &rng), 0.05, 0.45),
                reliefStart: SampleDraw.gamma(shape: 3, scale: 0.4, using: &rng),
                reliefGrowth: SampleDraw.uniform(0, 0.05, using: &rng), driftPerWeek: 0)
        case .worsening:
            model = SampleCourseModel(
                baseline: baseline, floorShare: 1, responsiveness: 0,
                effect: clamped(SampleDraw.normal(mean: 0.22, sd: 0.08, using: &rng), 0.05, 0.4),
                reliefStart: SampleDraw.gamma(shape: 3, scale: 0.4, using: &rng),
                reliefGrowth: 0, driftPerWeek: SampleDraw.uniform(0.05, 0.12, using: &rng))
        }
        self.model = model

        let plannedPerWeek: Int? = switch course {
        case .consistent: [1, 2, 3][SampleDraw.weighted([0.25, 0.45, 0.3], using: &rng)]
        case .irregular: nil
        case .nonResponder: [1, 2][SampleDraw.weighted([0.5, 0.5], using: &rng)]
        case .worsening: [1, 2][SampleDraw.weighted([0.6, 0.4], using: &rng)]
        }
        let dropsOut = SampleDraw.chance(0.1, using: &rng)
        var stopAfter = Int.max
        switch course {
        case .consistent where SampleDraw.chance(0.2, using: &rng):
            stopAfter = SampleDraw.int(16...40, using: &rng)  // course completed
        case .nonResponder where SampleDraw.chance(0.5, using: &rng):
            stopAfter = SampleDraw.int(6...14, using: &rng)  // gives up
        case .worsening where SampleDraw.chance(0.4, using: &rng):
            stopAfter = SampleDraw.int(6...16, using: &rng)
        default: break
        }
        if dropsOut { stopAfter = SampleDraw.int(1...4, using: &rng) }
        self.stopAfter = stopAfter
        maintenanceAfter = course == .consistent && (plannedPerWeek ?? 1) > 1 && SampleDraw.chance(0.35, using: &rng)
            ? SampleDraw.int(10...16, using: &rng) : Int.max

        let relaxationShare = [0.05, 0.35, 0.85][SampleDraw.weighted([0.65, 0.25, 0.1], using: &rng)]
        let checkInSource: String? = SampleDraw.chance(0.25, using: &rng)
            ? (SampleDraw.chance(0.6, using: &rng) ? "diary" : "sms") : nil
        profile = ClientProfile(course: course, dropsOut: dropsOut, plannedPerWeek: plannedPerWeek,
                                baselinePain: baseline, responsiveness: model.responsiveness,
                                relaxationShare: relaxationShare, checkInSource: checkInSource,
                                prognosis: prognosis)

        // Intake: 30% in the first four weeks (the caseload the clinic had when its records
        // begin), the rest spread evenly over the period, never in the last week.
        let span = max(0, period.length - 8)
        let early = min(span, 27)
        var intake = period.from + (SampleDraw.chance(0.3, using: &rng)
            ? SampleDraw.int(0...early, using: &rng) : SampleDraw.int(0...span, using: &rng))
        if intake.weekday == 6 { intake = intake + 1 <= period.to ? intake + 1 : intake - 1 }
        self.intake = max(period.from, intake)

        usualDuration = SampleCatalog.durationChoices[SampleDraw.weighted(catalog.durations, using: &rng)]
        usualPressure = Pressure.allCases[SampleDraw.weighted(catalog.pressure, using: &rng)]
        techniqueNames = catalog.techniques.map(\.0)
        techniqueWeights = catalog.techniques.map(\.1)
        primaryTechnique = techniqueNames[SampleDraw.weighted(techniqueWeights, using: &rng)]
        usesHalves = SampleDraw.chance(0.15, using: &rng)
        reliefReportRate = SampleDraw.chance(0.35, using: &rng) ? 0.85 : 0.15
        sleep0 = clamped(SampleDraw.normal(mean: 5.0, sd: 1.2, using: &rng), 1, 9)
        mood0 = clamped(SampleDraw.normal(mean: 5.5, sd: 1.2, using: &rng), 1, 9)
        stress0 = clamped(SampleDraw.normal(mean: 6.0, sd: 1.4, using: &rng), 1, 9.5)
    }

    /// Days to the next visit after visit number `n` (1-based).
    func nextGap(after n: Int, using rng: inout some RandomNumberGenerator) -> Int {
        var gap: Int
        if let perWeek = profile.plannedPerWeek {
            let f = n >= maintenanceAfter ? 1 : perWeek
            let jitter = course == .consistent ? 0.15 : 0.3
            gap = max(1, Int((7 / Double(f) * SampleDraw.normal(mean: 1, sd: jitter, using: &rng)).rounded()))
            if SampleDraw.chance(0.05, using: &rng) { gap += 7 }  // a missed week
            if SampleDraw.chance(0.012, using: &rng) { gap += 14 }  // a holiday
        } else if SampleDraw.chance(0.3, using: &rng) {
            gap = SampleDraw.int(3...9, using: &rng)  // a short run
        } else {
            gap = min(45, max(14, Int(SampleDraw.gamma(shape: 5, scale: 5.4, using: &rng).rounded())))
        }
        return gap
    }

    /// A score as a client gives it: clamped to 0–10, a whole number, sometimes a half.
    func reported(_ x: Double, using rng: inout some RandomNumberGenerator) -> Double {
        let v = min(10, max(0, x))
        if usesHalves && SampleDraw.chance(0.4, using: &rng) { return (v * 2).rounded() / 2 }
        return v.rounded()
    }

    mutating func run(clientID: String, name: String, using rng: inout some RandomNumberGenerator) -> SampleCourse {
        var visits: [SampleCourse.Visit] = []
        var checkIns: [CheckIn] = []
        var day = intake
        var dose = 0.0
        var relaxationRecent = profile.relaxationShare
        // The previous visit: its day, its post-session pain, how long its relief lasts, and the
        // day after it of a flare-up, if one came before the next visit.
        var previous: (day: Day, after: Double, relief: Double, flareDay: Int?)?

        while day <= period.to && visits.count < stopAfter {
            let weeks = Double(day - intake) / 7
            let sinceLast = previous.map { day - $0.day }
            // Dose decays between sessions; the underlying level follows it.
            if let g = sinceLast { dose *= exp(-Double(g) / SampleCourseModel.fadeDays) }
            let level = model.level(dose: dose, weeks: weeks)
            var truePain: Double
            var reliefDays: ReliefDays?
            if let prev = previous, let g = sinceLast {
                truePain = SampleCourseModel.pain(at: Double(g), after: prev.after, relief: prev.relief, level: level)
                truePain += SampleDraw.normal(mean: 0, sd: 0.55, using: &rng)
                let lasted = min(prev.relief, Double(prev.flareDay ?? Int.max))
                if prev.flareDay != nil { truePain += SampleDraw.uniform(1.5, 3, using: &rng) }
                if SampleDraw.chance(reliefReportRate, using: &rng) {
                    if lasted < Double(g) {
                        // Clients say "a day" or "half a day", not "none": at least 1 (or 0.5).
                        let said = usesHalves ? max(0.5, (lasted * 2).rounded() / 2) : max(1, lasted.rounded())
                        reliefDays = .days(min(Double(g), said))
                    } else if SampleDraw.chance(0.8, using: &rng) {
                        reliefDays = .ongoing
                    }
                }
            } else {
                truePain = model.baseline + SampleDraw.normal(mean: 0, sd: 0.4, using: &rng)
            }
            let before = reported(truePain, using: &rng)

            // What the session is.
            let kind: SessionKind = SampleDraw.chance(profile.relaxationShare, using: &rng) ? .relaxation : .medical
            relaxationRecent = 0.7 * relaxationRecent + 0.3 * (kind == .relaxation ? 1 : 0)
            var t = therapist
            if staff.skill.count > 1 && SampleDraw.chance(0.07, using: &rng) {  // covered by a colleague
                t = (therapist + SampleDraw.int(1...(staff.skill.count - 1), using: &rng)) % staff.skill.count
            }
            let (duration, techniques, pressure, regions) = content(of: kind, using: &rng)

            // Immediate relief.
            let durationFactor = SampleCourseModel.reliefFactor(minutes: duration)
            let kindFactor = kind == .medical ? 1.0 : 0.5
            let share = min(0.95, max(0, model.effect * durationFactor * kindFactor * staff.skill[t]
                                      * SampleDraw.normal(mean: 1, sd: 0.15, using: &rng)))
            var afterTrue = before * (1 - share) + SampleDraw.normal(mean: 0, sd: 0.3, using: &rng)
            if pressure == .deep && SampleDraw.chance(0.04, using: &rng) {
                afterTrue = before + SampleDraw.uniform(0, 1, using: &rng)  // sore after deep work
            }
            afterTrue = min(10, max(0, afterTrue))
            let after = SampleDraw.chance(0.05, using: &rng) ? nil : reported(afterTrue, using: &rng)

            // Sleep, mood and stress over the past week follow the pain, with noise.
            var sleep: Double?
            var mood: Double?
            var stress: Double?
            let skipsForm = SampleDraw.chance(0.07, using: &rng)
            if !skipsForm {
                let weekPain = 0.5 * (before + level) - model.baseline
                let s = sleep0 - 0.5 * weekPain + SampleDraw.normal(mean: 0, sd: 0.8, using: &rng)
                let m = mood0 - 0.4 * weekPain + SampleDraw.normal(mean: 0, sd: 0.8, using: &rng)
                let st = stress0 + 0.45 * weekPain - 0.8 * relaxationRecent
                    + SampleDraw.normal(mean: 0, sd: 0.9, using: &rng)
                sleep = SampleDraw.chance(0.03, using: &rng) ? nil : reported(s, using: &rng)
                mood = SampleDraw.chance(0.03, using: &rng) ? nil : reported(m, using: &rng)
                stress = SampleDraw.chance(0.03, using: &rng) ? nil : reported(st, using: &rng)
            }

            var notes: String?
            if SampleDraw.chance(0.06, using: &rng) {
                notes = SampleDraw.chance(0.5, using: &rng)
                    ? SampleDraw.pick(catalog.notes, using: &rng) : SampleDraw.pick(SampleCatalog.commonNotes, using: &rng)
            }

            // Carry-over: full dose when the last relief still held, less once pain had returned.
            let stillRelieved = previous.map { Double(day - $0.day) < $0.relief } ?? true
            let weight = (kind == .medical ? 1.0 : 0.35) * SampleCourseModel.doseFactor(minutes: duration)
            dose += weight * (stillRelieved ? 1 : 0.6)
            let relief = min(28, max(0.3, (model.reliefStart + model.reliefGrowth * dose)
                                     * SampleDraw.gamma(shape: 6, scale: 1.0 / 6, using: &rng)))

            visits.append(SampleCourse.Visit(
                day: day, therapist: t, duration: duration, kind: kind, techniques: techniques,
                pressure: pressure, regions: regions, painBefore: before, painAfter: after,
                sleep: sleep, mood: mood, stress: stress, reliefDays: reliefDays, notes: notes,
                order: rng.next()))

            // The next visit, and what happens on the way.
            let planned = nextGap(after: visits.count, using: &rng)
            var next = day + planned
            if next.weekday == 6 { next = next + (planned > 1 && SampleDraw.chance(0.5, using: &rng) ? -1 : 1) }
            let gap = next - day
            let flareDay = gap > 1 && SampleDraw.chance(0.04, using: &rng) ? SampleDraw.int(1...(gap - 1), using: &rng) : nil
            if let source = profile.checkInSource {
                let lastDay = visits.count >= stopAfter ? min(next - 1, day + 10) : next - 1
                appendCheckIns(into: &checkIns, clientID: clientID, source: source, from: day,
                               through: min(lastDay, period.to), after: afterTrue, relief: relief,
                               flareDay: flareDay, dose: dose, using: &rng)
            }
            previous = (day, afterTrue, relief, flareDay)
            day = next
        }

        let client = Client(id: clientID, name: name, segment: catalog.segment, complaint: complaint.text,
                            regions: complaint.regions, intakeDate: visits.first?.day,
                            therapistID: staff.ids[therapist])
        return SampleCourse(client: client, profile: profile, visits: visits, checkIns: checkIns)
    }

    /// Length, techniques, pressure and regions of a session of this kind.
    func content(of kind: SessionKind, using rng: inout some RandomNumberGenerator)
        -> (duration: Int, techniques: [String], pressure: Pressure, regions: [String]) {
        let duration: Int
        let techniques: [String]
        let pressure: Pressure
        let regions: [String]
        switch kind {
        case .medical:
            duration = SampleDraw.chance(0.85, using: &rng) ? usualDuration
                : SampleCatalog.durationChoices[SampleDraw.weighted(catalog.durations, using: &rng)]
            var list = [SampleDraw.chance(0.8, using: &rng) ? primaryTechnique
                        : techniqueNames[SampleDraw.weighted(techniqueWeights, using: &rng)]]
            if SampleDraw.chance(0.45, using: &rng) {
                let second = techniqueNames[SampleDraw.weighted(techniqueWeights, using: &rng)]
                if second != list[0] { list.append(second) }
            }
            techniques = list
            pressure = SampleDraw.chance(0.75, using: &rng) ? usualPressure
                : Pressure.allCases[SampleDraw.weighted(catalog.pressure, using: &rng)]
            var r = complaint.regions
            if r.count > 1 && SampleDraw.chance(0.3, using: &rng) {
                r.remove(at: SampleDraw.int(0...(r.count - 1), using: &rng))
            }
            if SampleDraw.chance(0.12, using: &rng) {
                let extra = SampleDraw.pick(catalog.extraRegions, using: &rng)
                if !r.contains(extra) { r.append(extra) }
            }
            regions = r
        case .relaxation:
            duration = SampleCatalog.relaxationDurations[
                SampleDraw.weighted(SampleCatalog.relaxationDurationWeights, using: &rng)].0
            techniques = SampleCatalog.relaxationTechniques[
                SampleDraw.weighted(SampleCatalog.relaxationTechniqueWeights, using: &rng)].0
            pressure = SampleDraw.chance(0.4, using: &rng) ? .light : .moderate
            regions = SampleCatalog.relaxationRegions[
                SampleDraw.weighted(SampleCatalog.relaxationRegionWeights, using: &rng)].0
        }
        return (duration, techniques, pressure, regions)
    }

    /// Check-ins on days after a session up to `last`: a diary on most days, or a message a few
    /// days after each session.
    func appendCheckIns(into list: inout [CheckIn], clientID: String, source: String, from session: Day,
                        through last: Day, after: Double, relief: Double, flareDay: Int?, dose: Double,
                        using rng: inout some RandomNumberGenerator) {
        guard last > session else { return }
        let days: [Int] = source == "diary"
            ? (1...(last - session)).filter { _ in SampleDraw.chance(0.5, using: &rng) }
            : [2, 5].filter { $0 <= last - session }
        for t in days {
            let d = session + t
            let level = model.level(dose: dose * exp(-Double(t) / SampleCourseModel.fadeDays),
                                    weeks: Double(d - intake) / 7)
            var p = SampleCourseModel.pain(at: Double(t), after: after, relief: relief, level: level)
            if let f = flareDay, t >= f { p += 2 }
            p += SampleDraw.normal(mean: 0, sd: 0.5, using: &rng)
            let weekPain = p - model.baseline
            var c = CheckIn(clientID: clientID, day: d, pain: reported(p, using: &rng), source: source)
            if source == "diary" {
                if SampleDraw.chance(0.7, using: &rng) {
                    c.sleep = reported(sleep0 - 0.5 * weekPain + SampleDraw.normal(mean: 0, sd: 1, using: &rng), using: &rng)
                }
                if SampleDraw.chance(0.7, using: &rng) {
                    c.mood = reported(mood0 - 0.4 * weekPain + SampleDraw.normal(mean: 0, sd: 1, using: &rng), using: &rng)
                }
                if SampleDraw.chance(0.5, using: &rng) {
                    c.stress = reported(stress0 + 0.45 * weekPain + SampleDraw.normal(mean: 0, sd: 1, using: &rng), using: &rng)
                }
            } else if SampleDraw.chance(0.3, using: &rng) {
                c.mood = reported(mood0 - 0.4 * weekPain + SampleDraw.normal(mean: 0, sd: 1, using: &rng), using: &rng)
            }
            list.append(c)
        }
    }
}
