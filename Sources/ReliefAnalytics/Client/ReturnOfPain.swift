import ReliefModel

/// One session's relief, followed until pain returned (metrics.md §4).
public struct ReliefObservation: Hashable, Sendable {
    /// Where the observation's information comes from.
    public enum Basis: String, Hashable, Sendable, Codable {
        /// The client reported `relief_days` (a number) at the next session: an exact time.
        case reportedDays
        /// A check-in between sessions narrowed the interval, or saw pain still low.
        case checkIns
        /// Only the next session's pre-session pain ("current status" data).
        case nextSession
        /// No later session up to the data cut-off; censored at the last check-in that saw pain
        /// still low. (A session with nothing at all after it is not an observation: see
        /// ``ReturnOfPain/observe(_:sessionsIn:cutoff:)``.)
        case noFollowUp
        /// The client said `relief_days = ongoing` and the scores agree.
        case reportedOngoing
    }

    public var sessionID: String
    public var day: Day
    /// 1-based number of the session in the client's course (all sessions on record).
    public var sessionNumber: Int
    public var time: CensoredTime
    public var basis: Basis
}

/// Builds return-of-pain observations from a client's sessions and check-ins (metrics.md §4).
///
/// For each session s in `sessions` with both scores and pain_after < pain_before (a session that
/// brought relief), the threshold is θ = pain_before(s), and time is counted in days from s:
/// 1. If the next session reports `relief_days = x` with x ≤ its gap g: exact event at x.
///    A reported x > g is read as "relief outlasted the interval": right-censored at g.
/// 2. Otherwise the observations after s are walked in time order: check-ins strictly after s's
///    day and strictly before the next session's day (a check-in on a session's day cannot be
///    placed before or after it, so it is left out), then the next session's pain_before at g.
///    The first one with pain ≥ θ at R, with L the last one below θ before it (or 0, the session
///    itself), gives an interval-censored event in (L, R]; L = R (two observations on one day)
///    becomes an exact event at R.
/// 3. If none reaches θ: right-censored at the last observation below θ (the next session's g
///    or a check-in's day). `relief_days = ongoing`
///    with scores that agree is labelled ``ReliefObservation/Basis/reportedOngoing``; scores that
///    show pain back win over "ongoing".
/// 4. A session with nothing after it up to the cut-off (no later session, no check-in) says
///    nothing about how long its relief lasts: relief always holds at day 0. It is left out of
///    the observations (and so of the curve, its counts and a cohort's client weights) and
///    counted in `withoutFollowUp`.
/// Data after `cutoff` is never read, so a report for a month is the same whenever it is run.
///
/// ```swift
/// let obs = ReturnOfPain.observations(record, sessionsIn: Period(march), cutoff: march.last)
/// ```
/// - Complexity: O(s + c) for s sessions and c check-ins (one forward pass).
public enum ReturnOfPain {
    /// The observations of a period's sessions, and how many sessions with relief were left
    /// out for having nothing after them up to the cut-off.
    public struct Observed: Hashable, Sendable {
        public var observations: [ReliefObservation]
        public var withoutFollowUp: Int
    }

    /// The informative observations alone (`observe(…).observations`).
    public static func observations(_ record: ClientRecord, sessionsIn period: Period,
                                    cutoff: Day) -> [ReliefObservation] {
        observe(record, sessionsIn: period, cutoff: cutoff).observations
    }

    public static func observe(_ record: ClientRecord, sessionsIn period: Period, cutoff: Day) -> Observed {
        // Both lists are sorted by day: the ones up to the cut-off are prefixes (not copied).
        let sessions = record.sessions[..<prefixEnd(record.sessions, cutoff, \.day)]
        let checkIns = record.checkIns[..<prefixEnd(record.checkIns, cutoff, \.day)]
        var out: [ReliefObservation] = []
        var withoutFollowUp = 0
        var ci = 0   // first check-in not before the current session's day
        for (k, s) in sessions.enumerated() {
            while ci < checkIns.count && checkIns[ci].day <= s.day { ci += 1 }
            guard period.contains(s.day), let after = s.painAfter, after < s.painBefore else { continue }
            let theta = s.painBefore
            let next: Session? = k + 1 < sessions.count ? sessions[k + 1] : nil
            let gap: Int? = next.map { $0.day - s.day }
            var time: CensoredTime? = nil
            var basis: ReliefObservation.Basis = .nextSession

            if let next, let gap, case .days(let x)? = next.reliefDays {
                time = x <= Double(gap) ? .exact(x) : .rightCensored(Double(gap))
                basis = .reportedDays
            } else {
                var lastBelow = 0.0
                var sawCheckIn = false
                var j = ci
                while j < checkIns.count, next.map({ checkIns[j].day < $0.day }) ?? true {
                    let c = checkIns[j]
                    let t = Double(c.day - s.day)
                    sawCheckIn = true
                    if c.pain >= theta {
                        time = t > lastBelow ? .interval(lastBelow, t) : .exact(t)
                        break
                    }
                    lastBelow = t
                    j += 1
                }
                if time == nil, let next, let gap {
                    let g = Double(gap)
                    if next.painBefore >= theta {
                        time = g > lastBelow ? .interval(lastBelow, g) : .exact(g)
                    } else {
                        time = .rightCensored(g)
                    }
                    if next.reliefDays == .ongoing, next.painBefore < theta { basis = .reportedOngoing }
                    else if sawCheckIn { basis = .checkIns }
                    else { basis = .nextSession }
                } else if time == nil {
                    guard sawCheckIn else { withoutFollowUp += 1; continue }   // rule 4
                    time = .rightCensored(lastBelow)
                    basis = .noFollowUp
                } else {
                    basis = .checkIns
                }
            }
            out.append(ReliefObservation(sessionID: s.id, day: s.day, sessionNumber: k + 1,
                                         time: time!, basis: basis))
        }
        return Observed(observations: out, withoutFollowUp: withoutFollowUp)
    }
}

/// The end of the prefix of `items` (sorted by `day`) on or before `cutoff`, by binary search.
func prefixEnd<T>(_ items: [T], _ cutoff: Day, _ day: (T) -> Day) -> Int {
    var lo = 0, hi = items.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if day(items[mid]) <= cutoff { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
