import ReliefModel

extension SampleGenerator {
    /// Opening hours for the time of day given to sessions: 08:00–21:00.
    static let opening = 8 * 60
    static let closing = 21 * 60

    /// Gives every visit a time of day and an id, and returns them as sessions in id order.
    ///
    /// A therapist's sessions of one day come in a random order, spread over opening hours
    /// (`dayPlan`). A session that would not fit into its therapist's day goes to the
    /// colleague with the most free time that day, as a clinic's front desk would book it;
    /// only when every therapist is full (a clinic with far more clients than therapists)
    /// do a therapist's sessions overlap. Ids then number the sessions by day, time and
    /// therapist: S000001, S000002, …
    static func schedule(_ courses: [SampleCourse], period: Period, therapistIDs: [String]) -> [Session] {
        struct Slot {
            var day: Int32
            var therapist: Int32
            var order: UInt64
            var course: Int32
            var visit: Int32
            var need: Int32
            var minute: Int32 = 0
        }
        var slots: [Slot] = []
        slots.reserveCapacity(courses.reduce(0) { $0 + $1.visits.count })
        for (c, course) in courses.enumerated() {
            for (v, visit) in course.visits.enumerated() {
                slots.append(Slot(day: Int32(visit.day - period.from), therapist: Int32(visit.therapist),
                                  order: visit.order, course: Int32(c), visit: Int32(v),
                                  need: Int32(roomTime(visit.duration))))
            }
        }
        func byTherapistDay(_ a: Slot, _ b: Slot) -> Bool {
            (a.day, a.therapist, a.order, a.course, a.visit) < (b.day, b.therapist, b.order, b.course, b.visit)
        }
        slots.sort(by: byTherapistDay)

        // Move what does not fit into a therapist's day to the least busy colleague.
        let capacity = Int32(closing - opening)
        var load = [Int32](repeating: 0, count: therapistIDs.count)
        var touched: [Int] = []
        var dayStart = 0
        for i in slots.indices {
            if slots[i].day != slots[dayStart].day {
                for t in touched { load[t] = 0 }
                touched.removeAll(keepingCapacity: true)
                dayStart = i
            }
            var t = Int(slots[i].therapist)
            if load[t] + slots[i].need > capacity {
                var best = t
                for u in load.indices where load[u] < load[best] { best = u }
                if load[best] + slots[i].need <= capacity { t = best }
                slots[i].therapist = Int32(t)
            }
            if load[t] == 0 { touched.append(t) }
            load[t] += slots[i].need
        }
        slots.sort(by: byTherapistDay)

        // Times of day, therapist by therapist, day by day.
        var start = 0
        while start < slots.count {
            var end = start + 1
            while end < slots.count && slots[end].day == slots[start].day
                    && slots[end].therapist == slots[start].therapist { end += 1 }
            let plan = dayPlan(slots[start..<end].map {
                (courses[Int($0.course)].visits[Int($0.visit)].duration, $0.order)
            })
            for (k, m) in plan.enumerated() { slots[start + k].minute = Int32(m) }
            start = end
        }

        // Ids by day, time, therapist.
        slots.sort { ($0.day, $0.minute, $0.therapist, $0.course, $0.visit) < ($1.day, $1.minute, $1.therapist, $1.course, $1.visit) }
        let width = max(6, String(slots.count).count)
        var sessions: [Session] = []
        sessions.reserveCapacity(slots.count)
        for (n, slot) in slots.enumerated() {
            let course = courses[Int(slot.course)]
            let v = course.visits[Int(slot.visit)]
            sessions.append(Session(
                id: "S" + pad(n + 1, width), clientID: course.client.id,
                therapistID: therapistIDs[Int(slot.therapist)], day: v.day, minute: Int(slot.minute),
                durationMinutes: v.duration, kind: v.kind, techniques: v.techniques, pressure: v.pressure,
                regions: v.regions, painBefore: v.painBefore, painAfter: v.painAfter, sleep: v.sleep,
                mood: v.mood, stress: v.stress, reliefDays: v.reliefDays, notes: v.notes))
        }
        return sessions
    }

    /// Minutes a session holds the room: its length and 15 minutes to turn round, to the quarter hour.
    static func roomTime(_ duration: Int) -> Int { (duration + 15 + 14) / 15 * 15 }

    /// Start times for one therapist's sessions of one day, in the given order.
    ///
    /// The sessions (each with 15 minutes after it to turn the room round) are laid in order
    /// with the day's free time shared out at random between them, on the quarter hour. When
    /// they do not fit between opening and closing, they are laid end to end from the morning
    /// and start again from the morning when the day is full.
    static func dayPlan(_ sessions: [(duration: Int, order: UInt64)]) -> [Int] {
        let busy = sessions.reduce(0) { $0 + roomTime($1.duration) }
        let slack = closing - opening - busy
        var clock = opening
        var result: [Int] = []
        result.reserveCapacity(sessions.count)
        if slack >= 0 {
            // Shares of the free time before each session; the rest is after the last.
            let weights = sessions.map { Double($0.order >> 40 & 0xFFFF) + 1 }
            let total = weights.reduce(0, +) + Double(sessions[0].order >> 24 & 0xFFFF) + 1
            for (s, w) in zip(sessions, weights) {
                clock += Int(Double(slack) * w / total) / 15 * 15
                result.append(clock)
                clock += roomTime(s.duration)
            }
        } else {
            for s in sessions {
                if clock + s.duration > closing { clock = opening }
                result.append(clock)
                clock += roomTime(s.duration)
            }
        }
        return result
    }

    /// All check-ins, by day then client (clients in id order).
    static func mergeCheckIns(_ courses: [SampleCourse]) -> [CheckIn] {
        var refs: [(day: Int, course: Int, index: Int)] = []
        for (c, course) in courses.enumerated() {
            for (k, checkIn) in course.checkIns.enumerated() { refs.append((checkIn.day.ordinal, c, k)) }
        }
        refs.sort { ($0.day, $0.course, $0.index) < ($1.day, $1.course, $1.index) }
        return refs.map { courses[$0.course].checkIns[$0.index] }
    }
}
