import Foundation
import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefAnalytics

/// Courses from records (issue 19, integration): the 12-month window, the cohort's eligibility,
/// baseline/final/improved from `MeasureProgress`, the unit rules and the region rule, worked by hand.
@Suite struct ExpectedOutcomesCoursesTests {
    static let october = Period(Month(iso: "2026-10")!)

    static func session(_ id: String, _ client: String, _ d: String, pain: Double, therapist: String? = nil,
                        techniques: [String] = [], regions: [String] = []) -> Session {
        Session(id: id, clientID: client, therapistID: therapist, day: day(d), techniques: techniques,
                regions: regions, painBefore: pain)
    }

    /// Five clients:
    /// - a: 8, 6, 4, 4 in the window → current (4 + 4)/2 = 4, change −4 (−50 %): improved; 3 of 4 sessions
    ///   with t1 → t1; swedish ×2 and deep-tissue ×2 → deep-tissue (tie, alphabetical); region: the
    ///   client's first, neck; athlete.
    /// - b: one session in the window: incomplete.
    /// - c: sessions only in 2024: not active.
    /// - d: intake 7 in June 2025 (before the window), 6 in the window → complete, current 6.5, change −0.5:
    ///   not improved; no therapist anywhere → unspecified; no technique → unspecified; no client region →
    ///   the first session's first region, hips; no segment → unspecified.
    /// - e: 3, 1, 1 → current 1, change −2 (−67 %): improved, but its baseline ≤ 3 leaves the model
    ///   (counted as excluded).
    static func records() -> [ClientRecord] {
        [
            ClientRecord(client: Client(id: "e", segment: .officeWorker, regions: ["back"], therapistID: "t2"), sessions: [
                session("e1", "e", "2026-09-01", pain: 3), session("e2", "e", "2026-09-08", pain: 1),
                session("e3", "e", "2026-09-15", pain: 1)]),
            ClientRecord(client: Client(id: "a", segment: .athlete, regions: ["neck", "back"], therapistID: "t2"), sessions: [
                session("a1", "a", "2026-03-02", pain: 8, therapist: "t1", techniques: ["swedish"]),
                session("a2", "a", "2026-03-09", pain: 6, therapist: "t1", techniques: ["swedish"]),
                session("a3", "a", "2026-03-16", pain: 4, therapist: "t2", techniques: ["deep-tissue"]),
                session("a4", "a", "2026-03-23", pain: 4, therapist: "t1", techniques: ["deep-tissue"])]),
            ClientRecord(client: Client(id: "b", segment: .olderAdult), sessions: [session("b1", "b", "2026-10-20", pain: 6)]),
            ClientRecord(client: Client(id: "c"), sessions: [
                session("c1", "c", "2024-05-01", pain: 6), session("c2", "c", "2024-05-08", pain: 2)]),
            ClientRecord(client: Client(id: "d"), sessions: [
                session("d1", "d", "2025-06-10", pain: 7, regions: ["hips", "knees"]),
                session("d2", "d", "2026-01-10", pain: 6, regions: ["neck"])]),
        ]
    }

    @Test func theWindowIsTwelveCalendarMonthsEndingAtThePeriodsEnd() {
        #expect(Analytics.expectedOutcomesWindow(endingOn: day("2026-10-31")) == Period(from: day("2025-11-01"), to: day("2026-10-31")))
        #expect(Analytics.expectedOutcomesWindow(endingOn: day("2026-03-15")) == Period(from: day("2025-03-16"), to: day("2026-03-15")))
        // 29 February: the same day a year earlier is the 28th.
        #expect(Analytics.expectedOutcomesWindow(endingOn: day("2028-02-29")) == Period(from: day("2027-03-01"), to: day("2028-02-29")))
    }

    @Test func coursesByTherapistFollowTheCohortRules() {
        let window = Analytics.expectedOutcomesWindow(endingOn: Self.october.to)
        let set = Analytics.caseMixCourses(Self.records(), window: window, unit: .therapist)
        #expect(set.activeClients == 4, "a, b, d, e have a session in the window; c does not")
        #expect(set.incomplete == 1, "b has a single day of pain")
        #expect(set.clients == ["a", "d", "e"], "sorted by client id, which fixes the folds")
        let a = set.courses[0], d = set.courses[1], e = set.courses[2]
        #expect(a == CaseMixCourse(unit: "t1", improved: true, baseline: 8, finalPain: 4, chronic: false,
                                   segment: "athlete", region: "neck"))
        #expect(d == CaseMixCourse(unit: GroupKeys.unspecified, improved: false, baseline: 7, finalPain: 6.5, chronic: false,
                                   segment: GroupKeys.unspecified, region: "hips"))
        #expect(e == CaseMixCourse(unit: "t2", improved: true, baseline: 3, finalPain: 1, chronic: false,
                                   segment: "office-worker", region: "back"), "no session names a therapist: the assigned one")
    }

    @Test func improvedIsTheCohortsOwnFlag() {
        // Over the same window as a period, the cohort counts the same eligible and improved clients.
        let window = Analytics.expectedOutcomesWindow(endingOn: Self.october.to)
        let set = Analytics.caseMixCourses(Self.records(), window: window, unit: .therapist)
        let cohort = Analytics.cohort(Self.records(), therapists: [], period: window)
        #expect(set.courses.count == cohort.eligible)
        #expect(set.courses.filter(\.improved).count == cohort.improved)
    }

    @Test func mainTechniqueTiesGoAlphabeticallyAndNoneIsUnspecified() {
        let window = Analytics.expectedOutcomesWindow(endingOn: Self.october.to)
        let set = Analytics.caseMixCourses(Self.records(), window: window, unit: .technique)
        #expect(set.courses.map(\.unit) == ["deep-tissue", GroupKeys.unspecified, GroupKeys.unspecified])
    }

    @Test func chronicIsLeftOutOfTheModel() {
        let spec = Analytics.recordsCaseMixSpecification
        #expect(!spec.includeChronic)
        let courses = Analytics.caseMixCourses(Self.records(), window: Analytics.expectedOutcomesWindow(endingOn: Self.october.to),
                                               unit: .therapist).courses
        let design = CaseMixDesign(courses, specification: spec)
        #expect(!design.columns.contains("chronic"))
        #expect(design.columns.prefix(2) == ["intercept", "baseline"])
        #expect(design.rows.allSatisfy { $0.count == design.columns.count })
        #expect(design.exclusions.map(\.reason) == [.baselineAtOrBelowThreshold], "e starts at 3")
    }

    @Test func stratifiedFallbackUsesBaselineAloneWithoutChronic() {
        // Baseline ≥ 7: 2 of 3 improved; < 7: 1 of 2.
        let courses = [(8.0, true), (9, true), (7, false), (5, true), (6, false)].map {
            CaseMixCourse(unit: "u", improved: $0.1, baseline: $0.0, chronic: true, segment: "s")
        }
        let spec = CaseMixSpecification(includeRegion: false, includeChronic: false)
        let p = ExpectedOutcomes.stratifiedProbabilities(CaseMixDesign(courses, specification: spec), specification: spec)
        let twoThirds = 2.0 / 3
        let expected: [Double] = [twoThirds, twoThirds, twoThirds, 0.5, 0.5]
        #expect(p == expected)
    }
}
