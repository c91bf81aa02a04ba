import Foundation
import Testing
import ReliefModel
@testable import ReliefSample
import ReliefImport

@Suite struct SampleGeneratorTests {
    static let data = SampleGenerator.generate(SampleClinic(seed: 1))

    @Test func sameConfigurationSameRecords() {
        let config = SampleClinic(seed: 42, clients: 30, months: 6, therapists: 3)
        let a = SampleGenerator.generate(config)
        let b = SampleGenerator.generate(config)
        #expect(a.sessions == b.sessions)
        #expect(a.clients == b.clients)
        #expect(a.checkIns == b.checkIns)
        #expect(a.profiles == b.profiles)
        let other = SampleGenerator.generate(SampleClinic(seed: 43, clients: 30, months: 6, therapists: 3))
        #expect(other.sessions != a.sessions)
    }

    @Test func countsAreAsConfigured() {
        let d = Self.data
        #expect(d.clients.count == 120)
        #expect(d.therapists.map(\.id) == ["T01", "T02", "T03", "T04", "T05", "T06"])
        #expect(d.clients.first?.id == "C0001")
        #expect(d.clients.last?.id == "C0120")
        #expect(d.profiles.count == 120)
        // About 34 sessions a client over 12 months (docs/sample-data.md).
        let perClient = Double(d.sessions.count) / 120
        #expect((25...45).contains(perClient), "sessions per client: \(perClient)")
        #expect(d.sessions.first?.id == "S000001")
        #expect(Set(d.sessions.map(\.id)).count == d.sessions.count)
        let byClient = SampleTestSupport.sessionsByClient(d)
        #expect(byClient.count == 120, "every client has at least the intake session")
    }

    @Test func recordsStayInsideThePeriodAndTheClinicsWeek() {
        let d = Self.data
        let period = d.config.period
        #expect(period.from.iso == "2025-11-01" && period.to.iso == "2026-10-31")
        for s in d.sessions {
            #expect(period.contains(s.day))
            #expect(s.day.weekday != 6, "no sessions on Sundays: \(s.id)")
            #expect((SampleGenerator.opening...SampleGenerator.closing).contains(s.minute ?? -1))
        }
        for c in d.checkIns { #expect(period.contains(c.day)) }
        // Intake spread over the year: clients start in most months.
        let intakeMonths = Set(d.clients.compactMap { $0.intakeDate?.month })
        #expect(intakeMonths.count >= 10)
    }

    @Test func sessionsAreOrderedAndNumberedByTime() {
        let s = Self.data.sessions
        for (a, b) in zip(s, s.dropFirst()) {
            #expect((a.day, a.minute ?? 0) <= (b.day, b.minute ?? 0))
            #expect(a.id < b.id)
        }
    }

    @Test func everyScoreIsAValidScore() {
        let d = Self.data
        for s in d.sessions {
            for v in [s.painBefore, s.painAfter, s.sleep, s.mood, s.stress].compactMap({ $0 }) {
                #expect(Score.isValid(v), "\(s.id): \(v)")
                #expect((v * 2).rounded() == v * 2, "whole or half points only: \(s.id): \(v)")
            }
            #expect([30, 45, 60, 90].contains(s.durationMinutes ?? 0))
            #expect(!s.techniques.isEmpty && !s.regions.isEmpty && s.pressure != nil)
        }
        for c in d.checkIns {
            for v in [c.pain, c.sleep, c.mood, c.stress].compactMap({ $0 }) { #expect(Score.isValid(v)) }
            #expect(c.source == "diary" || c.source == "sms")
        }
        let halves = d.sessions.filter { $0.painBefore != $0.painBefore.rounded() }.count
        #expect(halves > 0 && Double(halves) < 0.15 * Double(d.sessions.count), "mostly whole numbers, some halves")
    }

    @Test func reliefDaysNeverExceedTheGap() {
        var reported = 0
        var ongoing = 0
        for (_, sessions) in SampleTestSupport.sessionsByClient(Self.data) {
            #expect(sessions[0].reliefDays == nil, "no previous session to report on")
            for (previous, s) in zip(sessions, sessions.dropFirst()) {
                #expect(s.day > previous.day, "one visit a day at most")
                switch s.reliefDays {
                case .days(let d):
                    reported += 1
                    #expect(d >= 0 && d <= Double(s.day - previous.day), "\(s.id): \(d)")
                case .ongoing: ongoing += 1
                case nil: break
                }
            }
        }
        let n = Double(Self.data.sessions.count)
        #expect(reported > 0 && ongoing > 0)
        #expect(Double(reported + ongoing) < 0.6 * n, "often missing")
    }

    @Test func missingScoresAtTheirRates() {
        let s = Self.data.sessions
        let n = Double(s.count)
        func share(_ missing: (Session) -> Bool) -> Double { Double(s.filter(missing).count) / n }
        // About 4,000 sessions: binomial sd ≈ 0.4–0.5 points, plus client clustering.
        #expect((0.03...0.07).contains(share { $0.painAfter == nil }))
        #expect((0.07...0.13).contains(share { $0.sleep == nil }))
        #expect((0.07...0.13).contains(share { $0.mood == nil }))
        #expect((0.07...0.13).contains(share { $0.stress == nil }))
        #expect((0.02...0.12).contains(share { $0.notes != nil }))
    }

    @Test func sessionKindsAndSegmentsAreAllThere() {
        let d = Self.data
        #expect(Set(d.clients.compactMap(\.segment)) == Set(Segment.allCases))
        let relaxation = d.sessions.filter { $0.kind == .relaxation }.count
        #expect(relaxation > 0 && relaxation < d.sessions.count / 2)
        #expect(Set(d.sessions.flatMap(\.techniques)).isSuperset(of: ["swedish", "deep-tissue", "trigger-point",
                                                                       "myofascial-release", "sports", "craniosacral"]))
        let therapistIDs = Set(d.therapists.map(\.id))
        #expect(d.clients.allSatisfy { therapistIDs.contains($0.therapistID ?? "") })
        #expect(d.sessions.allSatisfy { therapistIDs.contains($0.therapistID ?? "") })
    }

    @Test func checkInsComeFromAboutAQuarterOfClients() {
        let d = Self.data
        let withCheckIns = Set(d.checkIns.map(\.clientID))
        #expect((18...42).contains(withCheckIns.count), "\(withCheckIns.count) of 120")
        #expect(withCheckIns.allSatisfy { d.profiles[$0]?.checkInSource != nil })
        let sessionDays = Set(d.sessions.map { "\($0.clientID) \($0.day.ordinal)" })
        #expect(d.checkIns.allSatisfy { !sessionDays.contains("\($0.clientID) \($0.day.ordinal)") },
                "check-ins fall between sessions")
        for (a, b) in zip(d.checkIns, d.checkIns.dropFirst()) { #expect((a.day, a.clientID) <= (b.day, b.clientID)) }
    }

    @Test func namesIncludeArabicCJKAndAccentedScripts() {
        let names = Self.data.clients.compactMap(\.name)
        func has(_ ranges: [ClosedRange<UInt32>]) -> (String) -> Bool {
            { $0.unicodeScalars.contains { s in ranges.contains { $0.contains(s.value) } } }
        }
        let arabic = names.filter(has([0x0600...0x06FF]))
        let cjk = names.filter(has([0x4E00...0x9FFF, 0x3040...0x30FF, 0xAC00...0xD7AF]))
        #expect((2...8).contains(arabic.count), "\(arabic)")
        #expect((2...8).contains(cjk.count), "\(cjk)")
        #expect(names.filter { $0 == "Zoë Ångström" }.count == 1)
        #expect(Set(names).count == names.count, "no two clients share a name in a clinic this size")
        #expect(Self.data.therapists.allSatisfy { ($0.name ?? "").contains(" ") })
    }

    /// The ground truth behaves as docs/sample-data.md says, by the simplest measure:
    /// intake pain minus the mean of the last two pre-session pains.
    @Test func consistentClientsImproveMoreThanIrregularOnes() {
        let d = SampleGenerator.generate(SampleClinic(seed: 1, clients: 600))
        let byClient = SampleTestSupport.sessionsByClient(d)
        var drops: [ClientProfile.Course: [Double]] = [:]
        for (id, p) in d.profiles where !p.dropsOut {
            guard let s = byClient[id], s.count >= 4 else { continue }
            drops[p.course, default: []].append(s[0].painBefore - (s[s.count - 1].painBefore + s[s.count - 2].painBefore) / 2)
        }
        func mean(_ c: ClientProfile.Course) -> Double { drops[c]!.reduce(0, +) / Double(drops[c]!.count) }
        #expect(mean(.consistent) > 1.5)
        #expect(mean(.consistent) > mean(.irregular) + 1)
        #expect(abs(mean(.nonResponder)) < 0.75)
        #expect(mean(.worsening) < -0.75)
        let shares = ClientProfile.Course.allCases.map { c in d.profiles.values.filter { $0.course == c }.count }
        #expect(shares[0] > shares[1] && shares[1] > shares[2] && shares[2] > shares[3], "\(shares)")
    }

    /// Case mix (docs/sample-data.md, "Case mix"): who improves depends on what intake shows.
    /// By the project's definition (≥ 2 points and ≥ 30 % from the first to the mean of the last
    /// two pre-session pains), in a large clinic: more starting pain, more improve; athletes more
    /// than older adults; knees less than necks; and the drawn prognosis orders the rates.
    @Test func caseMixDecidesWhoImproves() {
        let d = SampleGenerator.generate(SampleClinic(seed: 3, clients: 3000, therapists: 60))
        let byClient = SampleTestSupport.sessionsByClient(d)
        let clients = Dictionary(uniqueKeysWithValues: d.clients.map { ($0.id, $0) })
        var rows: [(baseline: Double, improved: Bool, segment: String, region: String, prognosis: Double)] = []
        for (id, s) in byClient where s.count >= 2 {
            let b = s[0].painBefore, f = (s[s.count - 1].painBefore + s[s.count - 2].painBefore) / 2
            guard b > 3, let c = clients[id], let p = d.profiles[id] else { continue }
            rows.append((b, f - b <= -2 && (f - b) / b <= -0.3, c.segment?.rawValue ?? "", c.regions.first ?? "", p.prognosis))
        }
        func rate(_ keep: (Int) -> Bool) -> Double {
            let picked = rows.indices.filter(keep)
            return Double(picked.filter { rows[$0].improved }.count) / Double(max(1, picked.count))
        }
        let low = rate { rows[$0].baseline <= 5 }, high = rate { rows[$0].baseline >= 7 }
        #expect(high > low + 0.15, "baseline ≥ 7: \(high), ≤ 5: \(low)")
        let athlete = rate { rows[$0].segment == "athlete" }, older = rate { rows[$0].segment == "older-adult" }
        #expect(athlete > older + 0.05, "athlete \(athlete), older adult \(older)")
        let neck = rate { rows[$0].region == "neck" }, knees = rate { rows[$0].region == "knees" }
        #expect(neck > knees, "neck \(neck), knees \(knees)")
        let sorted = rows.map(\.prognosis).sorted()
        let q1 = sorted[sorted.count / 4], q3 = sorted[3 * sorted.count / 4]
        let poor = rate { rows[$0].prognosis <= q1 }, good = rate { rows[$0].prognosis >= q3 }
        #expect(good > poor + 0.2, "prognosis top quarter \(good), bottom quarter \(poor)")
        let share = Double(rows.filter(\.improved).count) / Double(rows.count)
        #expect(share > 0.25 && share < 0.5, "improved overall \(share)")
        // The therapist effect is modest: sd 0.3 on the log-odds, within ±0.6.
        var staffRNG = SampleRandom(seed: 3, stream: SampleGenerator.Stream.staff)
        let effects = SampleGenerator.makeStaff(count: 60, using: &staffRNG).1.effect
        #expect(effects.allSatisfy { abs($0) <= 0.6 })
        let sd = (effects.map { $0 * $0 }.reduce(0, +) / Double(effects.count)).squareRoot()
        #expect(sd > 0.2 && sd < 0.4, "therapist effect sd \(sd)")
    }

    @Test func reliefLastsLongerAsConsistentSessionsAddUp() {
        // Reported durations by session number for consistent clients: later ones run longer
        // (or are "ongoing" more often).
        let d = SampleGenerator.generate(SampleClinic(seed: 2, clients: 600))
        var early = (ongoing: 0, reported: 0)
        var late = (ongoing: 0, reported: 0)
        for (id, sessions) in SampleTestSupport.sessionsByClient(d) where d.profiles[id]?.course == .consistent {
            for (k, s) in sessions.enumerated() where s.reliefDays != nil {
                let isOngoing = s.reliefDays == .ongoing
                if k <= 3 { early.reported += 1; early.ongoing += isOngoing ? 1 : 0 }
                if k >= 15 { late.reported += 1; late.ongoing += isOngoing ? 1 : 0 }
            }
        }
        let earlyShare = Double(early.ongoing) / Double(early.reported)
        let lateShare = Double(late.ongoing) / Double(late.reported)
        #expect(lateShare > earlyShare + 0.1, "ongoing early \(earlyShare), late \(lateShare)")
    }

    @Test func aOneMonthClinicForTheReportBenchmark() {
        let d = SampleGenerator.generate(SampleClinic(seed: 9, clients: 2000, months: 1, therapists: 60))
        let month = Month(year: 2026, month: 10)!
        #expect(d.clients.count == 2000 && d.therapists.last?.id == "T60")
        #expect(d.sessions.allSatisfy { $0.day.month == month })
        #expect(d.sessions.count > 6000, "\(d.sessions.count)")
        #expect(d.clients.first?.id == "C0001" && d.clients.last?.id == "C2000")
    }

    @Test func degenerateConfigurationsAreClampedNotFatal() {
        #expect(SampleGenerator.generate(SampleClinic(clients: 0)).sessions.isEmpty)
        let one = SampleGenerator.generate(SampleClinic(clients: 1, months: 0, therapists: 0))
        #expect(one.therapists.count == 1 && one.clients.count == 1 && !one.sessions.isEmpty)
        #expect(one.clients[0].name?.isEmpty == false)
    }

    @Test func validationNamesTheBadValue() {
        #expect(throws: SampleError.invalidConfiguration("clients must be between 1 and 1000000, not 0")) {
            try SampleClinic(clients: 0).validate()
        }
        #expect(throws: SampleError.self) { try SampleClinic(months: 121).validate() }
        #expect(throws: SampleError.self) { try SampleClinic(therapists: 0).validate() }
        #expect(throws: SampleError.self) { try SampleClinic(months: 12, end: Month(year: 1, month: 6)!).validate() }
        #expect(throws: Never.self) { try SampleClinic().validate() }
        #expect(SampleClinic(months: 1, end: Month(year: 2026, month: 2)!).period
                == Period(from: Day(year: 2026, month: 2, day: 1)!, to: Day(year: 2026, month: 2, day: 28)!))
    }
}
