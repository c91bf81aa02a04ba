import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefStore

@Suite struct QueryTests {
    /// Every field set, and every kind of empty one, survives the round trip.
    @Test func aSessionReadsBackExactlyAsItWasStored() throws {
        let db = try ReliefDatabase.inMemory()
        let full = Session(id: "S1", clientID: "C1", therapistID: "T1", day: day(), minute: 9 * 60 + 30,
                           durationMinutes: 45, kind: .relaxation, techniques: ["swedish", "stretching"],
                           pressure: .light, regions: ["neck", "lower-back"], painBefore: 6.5, painAfter: 3.1,
                           sleep: 7, mood: 8.5, stress: 2, reliefDays: .days(2.5), notes: "Née, 1/2 \"ok\"; ✓")
        let sparse = Session(id: "S2", clientID: "C1", day: day(7), painBefore: 0)
        let ongoing = Session(id: "S3", clientID: "C1", day: day(14), painBefore: 10, reliefDays: .ongoing, notes: "")
        try db.importSessions([full, sparse, ongoing])
        let record = try #require(try db.clientRecord(id: "C1"))
        #expect(record.sessions == [full, sparse, ongoing])
        var exported: [Session] = []
        try db.forEachSession { exported.append($0) }
        #expect(exported == [full, sparse, ongoing])
    }

    @Test func aClientRecordStopsAtTheDayAsked() throws {
        let db = try ReliefDatabase.inMemory()
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

    @Test func sessionsOfADayAreOrderedByTimeThenId() throws {
        let db = try ReliefDatabase.inMemory()
        var late = session("A", day: 1); late.minute = 17 * 60
        var early = session("B", day: 1); early.minute = 8 * 60
        let untimed = session("C", day: 1)
        try db.importSessions([late, early, untimed, session("D", day: 0)])
        #expect(try db.clientRecord(id: "C1")?.sessions.map(\.id) == ["D", "C", "B", "A"])
    }

    @Test func theCohortIsEveryClientSeenByThePeriodsEndWithTheirWholeHistory() throws {
        let db = try ReliefDatabase.inMemory()
        let march = Period(Month(year: 2026, month: 3)!)
        try db.importSessions([
            session("a1", client: "active", day: -40), session("a2", client: "active", day: 5),
            session("a3", client: "active", day: 40),                 // after March: not in the record
            session("l1", client: "lapsed", day: -60),                // no March session: still in the cohort
            session("n1", client: "new-in-april", day: 35),           // first seen after March: not in it
        ])
        try db.importBatch(file: "x.json", importedOn: today) { w in
            try w.upsert(Client(id: "active", name: "Ada", segment: .headache))
            try w.upsert(Client(id: "never-came", name: "Nil"))     // no session at all: not in it
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
        // An earlier cut-off cuts the records and the cohort.
        let early = try db.clientRecords(activeIn: march, through: day(-50))
        #expect(early.map(\.client.id) == ["lapsed"])
        #expect(try db.clientIDs(withSessionsIn: march) == ["active"])
    }

    @Test func theCohortMatchesOneRecordPerClient() throws {
        let db = try ReliefDatabase.inMemory()
        try db.importSessions(sessions(count: 3_000, clients: 37))
        let period = Period(from: day(20), to: day(60))
        let cohort = try db.clientRecords(activeIn: period)
        #expect(cohort.count == 37)
        for record in cohort {
            #expect(try db.clientRecord(id: record.client.id, through: period.to) == record)
        }
    }

    @Test func listsCountsAndExports() throws {
        let db = try ReliefDatabase.inMemory()
        try db.importSessions(sessions(count: 250, clients: 5))
        try db.importBatch(file: "t.csv", importedOn: today) { w in try w.upsert(Therapist(id: "T0", name: "Gil")) }
        let counts = try db.counts()
        #expect(counts == StoreCounts(clients: 5, stubClients: 5, therapists: 3, stubTherapists: 2,
                                      sessions: 250, checkIns: 0, imports: 2))
        #expect(try db.clients().map(\.id) == ["C0", "C1", "C2", "C3", "C4"])
        #expect(try db.therapists() == [Therapist(id: "T0", name: "Gil"), Therapist(id: "T1"), Therapist(id: "T2")])
        var ids: [String] = []
        try db.forEachSession { ids.append($0.id) }
        #expect(ids == ids.sorted() && ids.count == 250)
        var c3: [Day] = []
        try db.forEachSession(client: "C3", through: day(20)) { c3.append($0.day) }
        #expect(c3 == (0...20).map { day($0) })
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) { try db.forEachSession { _ in seen += 1; if seen == 3 { throw Stop() } } }
        #expect(seen == 3)
    }

    @Test func checkInsStreamByClientThenDay() throws {
        let db = try ReliefDatabase.inMemory()
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
    }
}
