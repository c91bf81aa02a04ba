import Foundation
import ReliefModel
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefPostgres

/// What every `RecordStore` promises, run against each store (`StoreKind.all`): SQLite, and
/// PostgreSQL when `RELIEF_TEST_POSTGRES` names a server. A new store conforms when it passes
/// these. SQLite-only matters (file permissions, WAL, kill -9, pragmas) stay in ReliefStoreTests.
@Suite struct StoreConformanceTests {
    // MARK: Imports

    @Test(arguments: StoreKind.all) func aNewFileIsInsertedAndLogged(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        let summary = try db.importBatch(file: "march.csv", importedOn: today, fingerprint: "abc123") { w in
            for s in sessions(count: 1_300) { try w.upsert(s) }
            w.rejected = 2
        }
        #expect(summary.sessions == WriteSummary.Counts(inserted: 1_300, updated: 0, unchanged: 0))
        #expect(summary.rejected == 2)
        #expect(summary.stubClients == (0..<10).map { "C\($0)" } && summary.stubTherapists == ["T0", "T1", "T2"])
        let log = try db.lastImports(limit: 5)
        #expect(log.count == 1)
        #expect(log[0].file == "march.csv" && log[0].fingerprint == "abc123" && log[0].importedOn == today)
        #expect(log[0].summary.sessions.inserted == 1_300 && log[0].summary.rejected == 2)
        #expect(log[0].stubClientCount == 10 && log[0].stubTherapistCount == 3)
    }

    @Test(arguments: StoreKind.all) func reimportingTheSameFileChangesNothing(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        let batch = sessions(count: 1_000)
        try db.importSessions(batch)
        let before = try db.clientRecords(activeIn: Period(from: day(-1000), to: day(1000)))
        let again = try db.importSessions(batch)
        #expect(again.sessions == WriteSummary.Counts(inserted: 0, updated: 0, unchanged: 1_000))
        #expect(again.stubClients.isEmpty && again.stubTherapists.isEmpty && again.changed == 0)
        #expect(try db.clientRecords(activeIn: Period(from: day(-1000), to: day(1000))) == before)
    }

    @Test(arguments: StoreKind.all) func aChangedSessionWithTheSameIdIsUpdatedNotDuplicated(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        var batch = sessions(count: 200)
        try db.importSessions(batch)
        batch[17].painAfter = nil
        batch[150].notes = "client fell asleep"
        batch[199].reliefDays = .ongoing
        let summary = try db.importSessions(batch)
        #expect(summary.sessions == WriteSummary.Counts(inserted: 0, updated: 3, unchanged: 197))
        #expect(try db.counts().sessions == 200)
        let record = try #require(try db.clientRecord(id: batch[150].clientID))
        #expect(record.sessions.first { $0.id == batch[150].id }?.notes == "client fell asleep")
        #expect(try db.clientRecord(id: batch[17].clientID)?.sessions.first { $0.id == batch[17].id }?.painAfter == nil)
        #expect(try db.clientRecord(id: batch[199].clientID)?.sessions.first { $0.id == batch[199].id }?.reliefDays == .ongoing)
    }

    @Test(arguments: StoreKind.all) func newAndChangedSessionsInOneFileAreCountedApart(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        let batch = sessions(count: 100)
        try db.importSessions(Array(batch[..<60]))
        var next = batch
        next[10].painBefore = 9
        let summary = try db.importSessions(next)
        #expect(summary.sessions == WriteSummary.Counts(inserted: 40, updated: 1, unchanged: 59))
    }

    @Test(arguments: StoreKind.all) func theSameIdTwiceInOneFileKeepsTheLast(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        var batch = sessions(count: 100)
        var changed = batch[5]
        changed.painBefore = 1
        batch.insert(changed, at: 6)      // in the same chunk as the first
        batch.append(batch[5])            // and again, identical to the first, at the end
        let summary = try db.importSessions(batch)
        #expect(summary.sessions == WriteSummary.Counts(inserted: 100, updated: 2, unchanged: 0))
        #expect(try db.counts().sessions == 100)
        #expect(try db.clientRecord(id: batch[5].clientID)?.sessions.first { $0.id == batch[5].id } == batch[5])
    }

    /// More sessions than one chunk of the bulk path, with a repeated id on each side of a chunk's end.
    @Test(arguments: StoreKind.all) func aLargeFileCrossesChunksAndCountsExactly(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        var batch = sessions(count: 21_000, clients: 400)
        #expect(try db.importSessions(batch).sessions == WriteSummary.Counts(inserted: 21_000))
        batch[3].painAfter = 1
        batch[10_500].notes = "changed"
        batch[20_999].kind = .relaxation
        var again = batch
        again.insert(batch[9_998], at: 10_001)   // the same id again, just past where a chunk of 10,000 ends
        let summary = try db.importSessions(again)
        #expect(summary.sessions == WriteSummary.Counts(inserted: 0, updated: 3, unchanged: 20_998))
        #expect(try db.counts().sessions == 21_000)
        var streamed = 0
        try db.forEachSession { _ in streamed += 1 }
        #expect(streamed == 21_000)
    }

    @Test(arguments: StoreKind.all) func sessionsOfUnknownClientsCreateStubsThatARealClientFills(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        let first = try db.importSessions([session("S1", client: "C-new", therapist: "T-new"), session("S2", client: "C-new")])
        #expect(first.stubClients == ["C-new"])
        #expect(first.stubTherapists == ["T-new", "T1"])
        #expect(try db.stubClientIDs() == ["C-new"])
        #expect(try db.clients() == [Client(id: "C-new")])

        let real = Client(id: "C-new", name: "Ana Ruiz", segment: .officeWorker, regions: ["neck"], intakeDate: day(), therapistID: "T1")
        let filled = try db.importBatch(file: "clients.csv", importedOn: today) { w in try w.upsert(real) }
        #expect(filled.clients == WriteSummary.Counts(inserted: 1, updated: 0, unchanged: 0))
        #expect(filled.stubClients.isEmpty)
        #expect(try db.clients() == [real])
        #expect(try db.stubClientIDs().isEmpty)

        let later = try db.importSessions([session("S3", client: "C-new")])
        #expect(later.stubClients.isEmpty)
        #expect(try db.clients() == [real])
        #expect(try db.counts().stubClients == 0)
    }

    @Test(arguments: StoreKind.all) func aClientFileThatArrivesFirstIsNeverOverwrittenByStubs(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        let real = Client(id: "C1", name: "Ben", segment: .athlete)
        try db.importBatch(file: "clients.csv", importedOn: today) { w in try w.upsert(real) }
        let summary = try db.importSessions([session("S1", client: "C1")])
        #expect(summary.stubClients.isEmpty)
        #expect(try db.clients() == [real])
        let again = try db.importBatch(file: "clients.csv", importedOn: today) { w in try w.upsert(real) }
        #expect(again.clients == WriteSummary.Counts(inserted: 0, updated: 0, unchanged: 1))
        var renamed = real
        renamed.name = "Benjamin"
        let changed = try db.importBatch(file: "clients.csv", importedOn: today) { w in try w.upsert(renamed) }
        #expect(changed.clients == WriteSummary.Counts(inserted: 0, updated: 1, unchanged: 0))
    }

    @Test(arguments: StoreKind.all) func therapistsFillTheirStubsToo(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        try db.importSessions([session("S1", therapist: "T9")])
        let summary = try db.importBatch(file: "therapists.csv", importedOn: today) { w in
            try w.upsert(Therapist(id: "T9", name: "Dana"))
            try w.upsert(Therapist(id: "T10", name: "Eli"))
        }
        #expect(summary.therapists == WriteSummary.Counts(inserted: 2, updated: 0, unchanged: 0))
        #expect(try db.therapists() == [Therapist(id: "T10", name: "Eli"), Therapist(id: "T9", name: "Dana")])
        #expect(try db.counts().stubTherapists == 0)
    }

    @Test(arguments: StoreKind.all) func aCombinedFileWithSessionsBeforeTheirClientCountsTheClientAsNew(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        let summary = try db.importBatch(file: "export.json", importedOn: today) { w in
            try w.upsert(session("S1", client: "C7"))
            try w.upsert(Client(id: "C7", name: "Fay"))
            try w.upsert(CheckIn(clientID: "C8", day: day(2), pain: 3))
        }
        #expect(summary.clients.inserted == 1)
        #expect(summary.stubClients == ["C8"])
        #expect(summary.sessions.inserted == 1 && summary.checkIns.inserted == 1)
    }

    @Test(arguments: StoreKind.all) func everyKindOfRecordNamingUnknownParentsLeavesNoneMissing(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        try db.importBatch(file: "mixed.csv", importedOn: today) { w in
            try w.upsert(session("S1", client: "C-new", therapist: "T-new"))
            try w.upsert(CheckIn(clientID: "C-checkin-only", day: day(1), pain: 3))
            try w.upsert(Client(id: "C-real", therapistID: "T-of-client"))
            try w.upsert(session("S2", client: "C-real", therapist: nil))
            try w.upsert(Appointment(id: "A1", clientID: "C-appt", therapistID: "T-appt", day: day(2), status: .booked))
        }
        #expect(try db.counts().clients == 4 && db.counts().therapists == 3)
        #expect(try db.stubClientIDs() == ["C-appt", "C-checkin-only", "C-new"])
    }

    @Test(arguments: StoreKind.all) func anErrorThrownInTheMiddleOfAFileStoresNothingOfIt(_ kind: StoreKind) throws {
        struct Interrupted: Error {}
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        try db.importSessions(sessions(count: 10))
        let before = try db.counts()
        #expect(throws: Interrupted.self) {
            try db.importBatch(file: "big.csv", importedOn: today) { w in
                for (i, s) in sessions(count: 5_000, clients: 500).enumerated() {
                    var s = s
                    s.id = "N\(i)"
                    s.clientID = "new-\(s.clientID)"
                    try w.upsert(s)
                    if i == 2_345 { throw Interrupted() }
                }
            }
        }
        #expect(try db.counts() == before)
        let reopened = try test.reopen()
        #expect(try reopened.counts() == before)
        #expect(try reopened.stubClientIDs().allSatisfy { !$0.hasPrefix("new-") })
        #expect(try reopened.importSessions([session("S-after")]).sessions.inserted == 1)
        #expect(try db.importSessions([session("S-after-2")]).sessions.inserted == 1, "the first handle works after the rollback")
    }

    @Test(arguments: StoreKind.all) func aRecordTheSchemaRefusesEndsTheBatchAndIsNamed(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        var bad = sessions(count: 700)
        bad[612].painBefore = 12     // a score the importer would have refused
        do {
            try db.importSessions(bad, file: "bad.csv")
            Issue.record("the batch was stored")
        } catch let error as StoreError {
            guard case .constraintViolated(let record, _, _) = error else { Issue.record("\(error)"); return }
            #expect(record.contains("S000612"), "\(error)")
        }
        #expect(try db.counts().sessions == 0 && db.counts().clients == 0 && db.counts().imports == 0)
    }

    @Test(arguments: StoreKind.all) func afterARefusedRecordTheWriterRefusesEverything(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        var swallowed = 0
        #expect(throws: StoreError.self) {
            try db.importBatch(file: "c.csv", importedOn: today) { w in
                do { try w.upsert(CheckIn(clientID: "C1", day: day(), pain: 9.95)) } catch { swallowed += 1 }
                try w.upsert(CheckIn(clientID: "C1", day: day(1), pain: 1))  // refused: the batch is over
            }
        }
        #expect(swallowed == 1)
        #expect(try db.counts().checkIns == 0)
    }

    @Test(arguments: StoreKind.all) func aFileWhoseRowsWereAllRejectedIsStillLogged(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        try db.recordRejected(file: "broken.csv", count: 42, importedOn: today)
        try db.importSessions([session("S1")], file: "good.csv")
        let log = try db.lastImports(limit: 10)
        #expect(log.map(\.file) == ["good.csv", "broken.csv"])
        #expect(log[1].summary.rejected == 42 && log[1].summary.changed == 0)
        #expect(try db.lastImports(limit: 1).map(\.file) == ["good.csv"])
        #expect(try db.latestImportPerFile(through: today).map(\.file) == ["good.csv", "broken.csv"])
        #expect(try db.latestImportPerFile(through: today - 1).isEmpty)
    }

    // MARK: Reads

    @Test(arguments: StoreKind.all) func aSessionReadsBackExactlyAsItWasStored(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        let full = Session(id: "S1", clientID: "C1", therapistID: "T1", day: day(), minute: 9 * 60 + 30,
                           durationMinutes: 45, kind: .relaxation, techniques: ["swedish", "stretching"],
                           pressure: .light, regions: ["neck", "lower-back"], painBefore: 6.5, painAfter: 3.1,
                           sleep: 7, mood: 8.5, stress: 2, reliefDays: .days(2.5), notes: "Née, 1/2 \"ok\"; ✓ 'quoted' \\ back\\N\ttab\nline\r\nwindows \\.")
        let sparse = Session(id: "S2", clientID: "C1", day: day(7), painBefore: 0)
        let ongoing = Session(id: "S3", clientID: "C1", day: day(14), painBefore: 10, reliefDays: .ongoing, notes: "")
        try db.importSessions([full, sparse, ongoing])
        let record = try #require(try db.clientRecord(id: "C1"))
        #expect(record.sessions == [full, sparse, ongoing])
        var exported: [Session] = []
        try db.forEachSession { exported.append($0) }
        #expect(exported == [full, sparse, ongoing])
    }

    @Test(arguments: StoreKind.all) func aClientRecordStopsAtTheDayAsked(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        try db.importSessions([session("S1", day: 0), session("S2", day: 10), session("S3", day: 20),
                               session("S9", client: "C2", day: 5)])
        try db.importBatch(file: "checkins.csv", importedOn: today) { w in
            try w.upsert(CheckIn(clientID: "C1", day: day(3), pain: 5, source: "diary"))
            try w.upsert(CheckIn(clientID: "C1", day: day(12), pain: 4))
        }
        let all = try #require(try db.clientRecord(id: "C1"))
        #expect(all.sessions.map(\.id) == ["S1", "S2", "S3"])
        #expect(all.checkIns.map(\.day) == [day(3), day(12)])
        #expect(all.checkIns[0].source == "diary" && all.checkIns[1].source == nil)
        let cut = try #require(try db.clientRecord(id: "C1", through: day(10)))
        #expect(cut.sessions.map(\.id) == ["S1", "S2"])
        #expect(cut.checkIns.map(\.day) == [day(3)])
        #expect(try db.clientRecord(id: "nobody") == nil)
    }

    @Test(arguments: StoreKind.all) func sessionsOfADayAreOrderedByTimeThenId(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        var late = session("A", day: 1); late.minute = 17 * 60
        var early = session("B", day: 1); early.minute = 8 * 60
        let untimed = session("C", day: 1)
        try db.importSessions([late, early, untimed, session("D", day: 0)])
        #expect(try db.clientRecord(id: "C1")?.sessions.map(\.id) == ["D", "C", "B", "A"])
        var streamed: [String] = []
        try db.forEachSession(client: "C1") { streamed.append($0.id) }
        #expect(streamed == ["D", "C", "B", "A"])
    }

    @Test(arguments: StoreKind.all) func theCohortIsEveryClientSeenByThePeriodsEndWithTheirWholeHistory(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        let march = Period(Month(year: 2026, month: 3)!)
        try db.importSessions([
            session("a1", client: "active", day: -40), session("a2", client: "active", day: 5),
            session("a3", client: "active", day: 40),
            session("l1", client: "lapsed", day: -60),
            session("n1", client: "new-in-april", day: 35),
        ])
        try db.importBatch(file: "x.json", importedOn: today) { w in
            try w.upsert(Client(id: "active", name: "Ada", segment: .headache))
            try w.upsert(Client(id: "never-came", name: "Nil"))
            try w.upsert(CheckIn(clientID: "active", day: day(6), pain: 3))
            try w.upsert(CheckIn(clientID: "active", day: day(41), pain: 2))
        }
        let cohort = try db.clientRecords(activeIn: march)
        #expect(cohort.map(\.client.id) == ["active", "lapsed"])
        #expect(cohort[0].client.name == "Ada" && cohort[0].client.segment == .headache)
        #expect(cohort[0].sessions.map(\.id) == ["a1", "a2"])
        #expect(cohort[0].checkIns.map(\.day) == [day(6)])
        #expect(cohort[1].sessions.map(\.id) == ["l1"])
        #expect(cohort[1].client == Client(id: "lapsed"))
        let early = try db.clientRecords(activeIn: march, through: day(-50))
        #expect(early.map(\.client.id) == ["lapsed"])
        #expect(try db.clientIDs(withSessionsIn: march) == ["active"])
        let noNotes = try db.clientRecords(activeIn: march, through: nil, notes: false)
        #expect(noNotes.map(\.client.id) == ["active", "lapsed"])
    }

    /// The streamed cohort (issue 18): the records of `clientRecords(activeIn:through:notes: false)`,
    /// batch after batch in client-id order, every field of every session kept but the notes.
    @Test(arguments: StoreKind.all) func theCohortInBatchesIsTheCohortWithoutNotes(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        var batch = sessions(count: 3_000, clients: 37)
        batch[4].notes = "pain after: 3/10"
        batch[4].noteScores = [NoteScore(field: .painAfter, rule: "n-over-10", span: 12..<16)]
        batch[5].reliefDays = .ongoing
        batch[6].reliefDays = nil; batch[6].pressure = nil; batch[6].techniques = []; batch[6].regions = []
        batch[7].minute = 615; batch[7].kind = .relaxation; batch[7].site = "north"; batch[7].therapistID = nil
        batch[8].sleep = nil; batch[8].mood = nil; batch[8].stress = nil; batch[8].painAfter = nil; batch[8].durationMinutes = nil
        batch[9].painBefore = 6.5; batch[9].reliefDays = .days(2.5)
        try db.importSessions(batch)
        try db.importBatch(file: "x.json", importedOn: today) { w in
            try w.upsert(Client(id: "C3", name: "Ada", segment: .headache))
            try w.upsert(Client(id: "never-came", name: "Nil"))
            try w.upsert(CheckIn(clientID: "C3", day: day(6), pain: 3))
            try w.upsert(CheckIn(clientID: "C3", day: day(90), pain: 2))
        }
        for through in [day(60), day(2), day(-5)] {
            let cohort = try db.clientRecords(activeIn: Period(from: through - 30, to: through), through: nil, notes: false)
            for size in [1, 5, 37, 1_000] {
                var batches: [[ClientRecord]] = []
                try db.forEachClientRecordBatch(through: through, batchSize: size) { batches.append($0) }
                #expect(batches.flatMap { $0 } == cohort, "through \(through.iso), batches of \(size)")
                #expect(batches.allSatisfy { !$0.isEmpty && $0.count <= size })
            }
        }
        var all: [ClientRecord] = []
        try db.forEachClientRecordBatch(through: day(400), batchSize: 10) { all += $0 }
        #expect(all.count == 37 && all.map(\.client.id) == all.map(\.client.id).sorted())
        #expect(all.first { $0.client.id == "C3" }?.checkIns.map(\.day) == [day(6), day(90)])
        #expect(all.flatMap(\.sessions).allSatisfy { $0.notes == nil })
        #expect(all.flatMap(\.sessions).count == 3_000)
        struct Stop: Error {}
        var calls = 0
        #expect(throws: Stop.self) {
            try db.forEachClientRecordBatch(through: day(400), batchSize: 10) { _ in calls += 1; throw Stop() }
        }
        #expect(calls == 1)
    }

    @Test(arguments: StoreKind.all) func theCohortMatchesOneRecordPerClientAndABatch(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        try db.importSessions(sessions(count: 3_000, clients: 37))
        let period = Period(from: day(20), to: day(60))
        let cohort = try db.clientRecords(activeIn: period)
        #expect(cohort.count == 37)
        for record in cohort.prefix(8) {
            #expect(try db.clientRecord(id: record.client.id, through: period.to) == record)
        }
        let ids = ["C20", "nobody", "C3", "C11"]
        #expect(try db.clientRecords(ids: ids, through: period.to) == cohort.filter { ["C20", "C3", "C11"].contains($0.client.id) }
            .sorted { ids.firstIndex(of: $0.client.id)! < ids.firstIndex(of: $1.client.id)! })
        #expect(try db.clientRecords(ids: [], through: nil).isEmpty)
    }

    @Test(arguments: StoreKind.all) func listsCountsAndExports(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        try db.importSessions(sessions(count: 2_500, clients: 5))
        try db.importBatch(file: "t.csv", importedOn: today) { w in try w.upsert(Therapist(id: "T0", name: "Gil")) }
        let counts = try db.counts()
        #expect(counts == StoreCounts(clients: 5, stubClients: 5, therapists: 3, stubTherapists: 2,
                                      sessions: 2_500, checkIns: 0, imports: 2))
        #expect(try db.clients().map(\.id) == ["C0", "C1", "C2", "C3", "C4"])
        #expect(try db.therapists() == [Therapist(id: "T0", name: "Gil"), Therapist(id: "T1"), Therapist(id: "T2")])
        var ids: [String] = []
        try db.forEachSession { ids.append($0.id) }
        #expect(ids == ids.sorted() && ids.count == 2_500)
        var c3: [Day] = []
        try db.forEachSession(client: "C3", through: day(20)) { c3.append($0.day) }
        #expect(c3 == (0...20).map { day($0) })
        var cut = 0
        try db.forEachSession(through: day(9)) { _ in cut += 1 }
        #expect(cut == 50)
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) { try db.forEachSession { _ in seen += 1; if seen == 3 { throw Stop() } } }
        #expect(seen == 3)
        #expect(try db.counts().sessions == 2_500, "the store works after a stopped stream")
    }

    @Test(arguments: StoreKind.all) func checkInsStreamByClientThenDay(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        try db.importBatch(file: "checkins.ndjson", importedOn: today) { w in
            try w.upsert(CheckIn(clientID: "C2", day: day(1), pain: 2))
            try w.upsert(CheckIn(clientID: "C1", day: day(9), pain: 3, sleep: 7, mood: 6, stress: 5, source: "call"))
            try w.upsert(CheckIn(clientID: "C1", day: day(2), pain: 4))
        }
        var seen: [CheckIn] = []
        try db.forEachCheckIn { seen.append($0) }
        #expect(seen.map(\.clientID) == ["C1", "C1", "C2"])
        #expect(seen[1] == CheckIn(clientID: "C1", day: day(9), pain: 3, sleep: 7, mood: 6, stress: 5, source: "call"))
        var early: [Day] = []
        try db.forEachCheckIn(client: "C1", through: day(5)) { early.append($0.day) }
        #expect(early == [day(2)])
        #expect(try db.stubClientIDs() == ["C1", "C2"])
        let again = try db.importBatch(file: "checkins.ndjson", importedOn: today) { w in
            try w.upsert(CheckIn(clientID: "C2", day: day(1), pain: 2.5))
            try w.upsert(CheckIn(clientID: "C1", day: day(2), pain: 4))
        }
        #expect(again.checkIns == WriteSummary.Counts(inserted: 0, updated: 1, unchanged: 1))
    }

    @Test(arguments: StoreKind.all) func appointmentsAreUpsertedCountedLoggedAndReadBack(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        let a1 = Appointment(id: "A1", clientID: "C1", therapistID: "T9", day: day(0), minute: 570, durationMinutes: 60,
                             service: "60 minute Massage", status: .attended)
        let a2 = Appointment(id: "A2", clientID: "C1", day: day(7), status: .noShow)
        let first = try db.importBatch(file: "appts.csv", importedOn: today) { w in try w.upsert(a1); try w.upsert(a2) }
        #expect(first.appointments == WriteSummary.Counts(inserted: 2) && first.stubClients == ["C1"] && first.stubTherapists == ["T9"])
        var moved = a2
        moved.status = .cancelled
        let second = try db.importBatch(file: "appts-2.csv", importedOn: today) { w in try w.upsert(a1); try w.upsert(moved) }
        #expect(second.appointments == WriteSummary.Counts(updated: 1, unchanged: 1))
        #expect(try db.lastImports(limit: 1).first?.summary.appointments == WriteSummary.Counts(updated: 1, unchanged: 1))
        #expect(try db.counts().appointments == 2)
        #expect(try db.clientRecord(id: "C1")?.appointments == [a1, moved])
        #expect(try db.clientRecords(ids: ["C1"], through: nil).first?.appointments == [a1, moved])
        var seen: [Appointment] = []
        try db.forEachAppointment(client: "C1", through: day(3)) { seen.append($0) }
        #expect(seen == [a1])
        try db.importSessions([session("S1", day: 0)])
        #expect(try db.clientRecords(activeIn: Period(from: day(0), to: day(30))).first?.appointments.map(\.id) == ["A1", "A2"])
    }

    @Test(arguments: StoreKind.all) func aSessionKeepsWhichScoresCameFromItsNote(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        let scores = [NoteScore(field: .painBefore, rule: "n-over-10", span: 13..<17),
                      NoteScore(field: .painAfter, rule: "word-zero", span: 40..<49, approximate: true)]
        var noted = session("S1")
        noted.notes = "S: neck pain 6/10 …"
        noted.noteScores = scores
        try db.importSessions([noted, session("S2", day: 7)])
        #expect(try db.clientRecord(id: "C1")?.sessions.map(\.noteScores) == [scores, []])
        #expect(try db.importSessions([noted]).sessions.unchanged == 1)
        var typed = noted
        typed.noteScores = []
        #expect(try db.importSessions([typed]).sessions.updated == 1)
        #expect(try db.clientRecord(id: "C1")?.sessions[0].noteScores == [])
    }

    @Test(arguments: StoreKind.all) func idsInDifferentUnicodeFormsStayApartWhenReadBack(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        let composed = "Zo\u{00EB}", decomposed = "Zoe\u{0308}"
        try db.importBatch(file: "zoe.csv", importedOn: today) { w in
            try w.upsert(session("S1", client: composed))
            try w.upsert(session("S2", client: decomposed))
        }
        var read: [String: [UInt8]] = [:]
        try db.forEachSession { read[$0.id] = Array($0.clientID.utf8) }
        #expect(read["S1"] == Array(composed.utf8))
        #expect(read["S2"] == Array(decomposed.utf8))
        #expect(try db.counts().clients == 2)
    }

    @Test(arguments: StoreKind.all) func settingsAreKeptWithTheRecords(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        #expect(try db.setting(.timeZone) == nil)
        try db.setSetting(.timeZone, to: "Europe/Warsaw")
        try db.setSetting(.timeZone, to: "America/Chicago")
        #expect(try test.reopen().setting(.timeZone) == "America/Chicago")
    }

    // MARK: Sites

    @Test(arguments: StoreKind.all) func sessionsKeepTheirSiteAndEverySiteNamedIsListed(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        #expect(try db.sites().isEmpty)
        let north = Session(id: "S1", clientID: "C1", day: day(), painBefore: 6, site: "north")
        let south = Session(id: "S2", clientID: "C1", day: day(7), painBefore: 5, site: "Süd 2")
        let none = Session(id: "S3", clientID: "C2", day: day(7), painBefore: 4)
        try db.importSessions([north, south, none])
        #expect(try db.clientRecord(id: "C1")?.sessions == [north, south])
        #expect(try db.sites() == [Site(id: "Süd 2"), Site(id: "north")])   // byte order: "S" before "n"
        try db.setSiteName("north", to: "Relief North")
        try db.setSiteName("west", to: "Relief West")   // named before any session names it
        #expect(try test.reopen().sites().map(\.id) == ["Süd 2", "north", "west"])
        #expect(try db.sites().first { $0.id == "north" }?.name == "Relief North")
        // A re-import keeps the name; moving a session to another site is an update.
        var moved = north
        moved.site = "west"
        let summary = try db.importBatch(file: "again.csv", importedOn: today) { w in
            for s in [moved, south, none] { try w.upsert(s) }
        }
        #expect(summary.sessions == WriteSummary.Counts(inserted: 0, updated: 1, unchanged: 2))
        #expect(try db.clientRecord(id: "C1")?.sessions.first?.site == "west")
        #expect(try db.sites().first { $0.id == "north" }?.name == "Relief North")
        try db.setSiteName("north", to: nil)
        #expect(try db.sites().first { $0.id == "north" } == Site(id: "north"))
        // An appointment's site is kept, and listed like a session's.
        let booked = Appointment(id: "A1", clientID: "C3", day: day(21), status: .booked, site: "east")
        try db.importBatch(file: "appointments.csv", importedOn: today) { try $0.upsert(booked) }
        var read: [Appointment] = []
        try db.forEachAppointment(client: "C3", through: nil) { read.append($0) }
        #expect(read == [booked])
        #expect(try db.sites().map(\.id) == ["Süd 2", "east", "north", "west"])
    }

    /// Three importers (three connections, as three processes would have) at once, with clients
    /// in common: each file is whole, every session is stored once, each stub is made by one of them.
    @Test(arguments: StoreKind.all) func threeImportersAtOnceEachStoreTheirWholeFile(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        let stores = try (0..<3).map { _ in try test.reopen() }
        let files = (0..<3).map { f in
            sessions(count: 4_000, clients: 50).map { s -> Session in
                var s = s
                s.id = "F\(f)-\(s.id)"
                return s
            }
        }
        let results = SummaryBox(count: 3)
        DispatchQueue.concurrentPerform(iterations: 3) { f in
            results.set(f, Result { try stores[f].importSessions(files[f], file: "site-\(f).csv") })
        }
        let summaries = try results.all.map { try $0.get() }
        #expect(summaries.map(\.sessions) == Array(repeating: WriteSummary.Counts(inserted: 4_000), count: 3))
        #expect(Set(summaries.flatMap(\.stubClients)) == Set((0..<50).map { "C\($0)" }))
        #expect(summaries.map(\.stubClients.count).reduce(0, +) == 50, "each stub made once")
        #expect(try db.counts() == StoreCounts(clients: 50, stubClients: 50, therapists: 3, stubTherapists: 3,
                                               sessions: 12_000, checkIns: 0, imports: 3))
    }

    /// A reader sees the store as it was before an import that has not committed, never half of it.
    @Test(arguments: StoreKind.all) func aReaderNeverSeesHalfAnImport(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        try db.importSessions(sessions(count: 10))
        let before = try db.counts()
        let reader = try test.reopen()
        let halfway = DispatchSemaphore(value: 0), goOn = DispatchSemaphore(value: 0)
        let outcome = SummaryBox(count: 1)
        OwnThread.start {
            outcome.set(0, Result {
                try db.importBatch(file: "big.csv", importedOn: today) { w in
                    for (i, s) in sessions(count: 12_000, clients: 60).enumerated() {
                        var s = s
                        s.id = "N\(i)"
                        try w.upsert(s)
                        if i == 11_000 { halfway.signal(); goOn.wait() }   // a chunk of 10,000 already sent
                    }
                }
            })
        }
        halfway.wait()
        #expect(try reader.counts() == before)
        #expect(try reader.clientRecords(activeIn: Period(from: day(0), to: day(400))).flatMap(\.sessions).count == 10)
        goOn.signal()
        while outcome.all.first.map({ _ in false }) ?? true { Thread.sleep(forTimeInterval: 0.01) }
        #expect(try outcome.all[0].get().sessions.inserted == 12_000)
        #expect(try reader.counts().sessions == 12_010)
    }

    @Test(arguments: StoreKind.all) func readsRunFromManyThreadsAtOnce(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = test.store!
        try db.importSessions(sessions(count: 600, clients: 12))
        let expected = try db.clientRecords(activeIn: Period(from: day(0), to: day(60)))
        let results = ResultBox(count: 8)
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            results.set(i, Result { try db.clientRecords(activeIn: Period(from: day(0), to: day(60))) })
        }
        for r in results.all { #expect(try r.get() == expected) }
    }
}

final class SummaryBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<WriteSummary, any Error>?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<WriteSummary, any Error>) { lock.lock(); values[i] = r; lock.unlock() }
    /// Every result, once all are set (empty until then).
    var all: [Result<WriteSummary, any Error>] {
        lock.lock(); defer { lock.unlock() }
        return values.contains { $0 == nil } ? [] : values.map { $0! }
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<[ClientRecord], any Error>?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<[ClientRecord], any Error>) { lock.lock(); values[i] = r; lock.unlock() }
    var all: [Result<[ClientRecord], any Error>] { lock.lock(); defer { lock.unlock() }; return values.map { $0! } }
}
