import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefStore

@Suite struct BatchQueryTests {
    /// A batch read gives each client exactly what a one-client read gives, in the order asked.
    @Test func batchOfClientsEqualsOneClientAtATime() throws {
        let db = try ReliefDatabase.inMemory()
        try db.importSessions([session("S1", day: 0), session("S2", day: 10), session("S3", day: 20),
                               session("S9", client: "C2", day: 5), session("S8", client: "C3", day: 30)])
        try db.importBatch(file: "checkins.csv", importedOn: today) { w in
            try w.upsert(CheckIn(clientID: "C1", day: day(3), pain: 5, source: "diary"))
            try w.upsert(CheckIn(clientID: "C2", day: day(12), pain: 4))
        }
        let ids = ["C2", "nobody", "C1", "C3"]
        let batch = try db.clientRecords(ids: ids, through: day(20))
        #expect(batch.map(\.client.id) == ["C2", "C1", "C3"], "order of the ids asked; unknown ids left out")
        for record in batch {
            #expect(record == (try db.clientRecord(id: record.client.id, through: day(20))))
        }
        #expect(batch[2].sessions.isEmpty, "C3's only session is after the cut-off")
        #expect(try db.clientRecords(ids: []).isEmpty)
    }
}
