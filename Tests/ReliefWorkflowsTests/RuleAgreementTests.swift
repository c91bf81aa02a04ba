import Foundation
import ReliefAnalytics
import ReliefModel
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// Rules the client report and the clinic report used to apply differently (issue 16).
@Suite(.serialized) struct RuleAgreementTests {
    static let october = Month(iso: "2026-10")!

    /// Client C1 is assigned to Ana (T1) but Bea (T2) gave two of October's three sessions.
    static func store() throws -> ReliefDatabase {
        let db = try ReliefDatabase.inMemory()
        try db.importBatch(file: "clinic.csv", importedOn: day("2026-11-01")) { w in
            try w.upsert(Therapist(id: "T1", name: "Ana Assigned"))
            try w.upsert(Therapist(id: "T2", name: "Bea Busiest"))
            try w.upsert(Client(id: "C1", name: "Chris", therapistID: "T1"))
            for (i, (d, t)) in [("2026-10-02", "T2"), ("2026-10-09", "T1"), ("2026-10-16", "T2")].enumerated() {
                try w.upsert(Session(id: "S\(i)", clientID: "C1", therapistID: t, day: day(d),
                                     painBefore: 6 - Double(i), painAfter: 3))
            }
        }
        return db
    }

    // Fix 1: one client, one therapist — whoever gave most of the month's sessions, in both reports.
    @Test func bothReportsNameTheSameTherapist() throws {
        let db = try Self.store()
        let record = try #require(try db.clientRecord(id: "C1"))
        #expect(Analytics.therapistOfRecord(record, in: Period(Self.october)) == "T2")

        let cohort = try AnalysisService.cohort(store: db, period: Period(Self.october))
        #expect(cohort.byTherapist.first { $0.key == "T2" }?.clients == 1)
        #expect(cohort.byTherapist.first { $0.key == "T1" }?.clients == 0)

        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else { return }
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = ReportOptions(created: day("2026-11-01"))
        options.png = false
        let entry = try ReportService.renderClient(store: db, id: "C1", month: Self.october, out: dir, options: options)
        let text = try pdfText(dir + "/" + entry.pdf)
        #expect(text.contains("Therapist: Bea Busiest") && !text.contains("Therapist: Ana Assigned"))
    }

    @Test func aTieGoesToTheAssignedTherapistThenTheSmallestID() {
        let client = Client(id: "C1", therapistID: "T9")
        func s(_ t: String?, _ d: String) -> Session { Session(id: d, clientID: "C1", therapistID: t, day: day(d), painBefore: 5) }
        let tie = [s("T3", "2026-10-01"), s("T9", "2026-10-02")]
        #expect(Analytics.therapistOfRecord(ClientRecord(client: client, sessions: tie, checkIns: []), in: Period(Self.october)) == "T9")
        let tieWithoutAssigned = [s("T5", "2026-10-01"), s("T3", "2026-10-02")]
        #expect(Analytics.therapistOfRecord(ClientRecord(client: client, sessions: tieWithoutAssigned, checkIns: []),
                                            in: Period(Self.october)) == "T3")
        let nobody = [s(nil, "2026-10-01")]
        #expect(Analytics.therapistOfRecord(ClientRecord(client: Client(id: "C2"), sessions: nobody, checkIns: []),
                                            in: Period(Self.october)) == nil)
    }

    // Fix 2: the data-quality table lists each file's latest import up to the report's
    // cut-off, not whatever was imported since.
    @Test func rejectedRowsAreThoseOfTheLatestImportUpToTheCutoff() throws {
        let db = try Self.store()
        try db.recordRejected(file: "/in/sessions.csv", count: 4, importedOn: day("2026-10-20"))
        try db.recordRejected(file: "/in/sessions.csv", count: 2, importedOn: day("2026-10-28"))
        try db.recordRejected(file: "/in/november.csv", count: 9, importedOn: day("2026-11-15"))
        let log = try db.latestImportPerFile(through: Self.october.last)
        #expect(log.map(\.file) == ["/in/sessions.csv"], "clinic.csv was imported on 1 November, after the cut-off")
        #expect(log.first { $0.file == "/in/sessions.csv" }?.summary.rejected == 2, "the later October import replaces the earlier")

        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else { return }
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = ReportOptions(created: day("2026-12-05"))
        options.png = false
        _ = try ReportService.renderClinic(store: db, month: Self.october, out: dir, options: options)
        let text = try pdfText(dir + "/clinic.pdf")
        #expect(text.contains("sessions.csv") && !text.contains("november.csv"),
                "an October report rendered in December shows no November import")
    }
}
