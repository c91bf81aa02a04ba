import Foundation
import GRDB
import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefStore

/// The `appointments` table (v3-appointments): upserts, the import log, reads, and the schema's rules.
@Suite struct AppointmentStoreTests {
    static let a1 = Appointment(id: "A1", clientID: "C1", therapistID: "T9", day: day(0), minute: 570, durationMinutes: 60,
                                service: "60 minute Massage", status: .attended)
    static let a2 = Appointment(id: "A2", clientID: "C1", day: day(7), status: .noShow)

    @Test func upsertedCountedLoggedAndReadBack() throws {
        let folder = try TemporaryFolder()
        let db = try ReliefDatabase(path: folder.file("relief.sqlite"))
        let first = try db.importBatch(file: "appts.csv", importedOn: today) { w in
            try w.upsert(Self.a1); try w.upsert(Self.a2)
        }
        #expect(first.appointments == WriteSummary.Counts(inserted: 2) && first.stubClients == ["C1"] && first.stubTherapists == ["T9"])
        var moved = Self.a2
        moved.status = .cancelled
        let second = try db.importBatch(file: "appts-2.csv", importedOn: today) { w in
            try w.upsert(Self.a1); try w.upsert(moved)
        }
        #expect(second.appointments == WriteSummary.Counts(updated: 1, unchanged: 1))
        #expect(try db.lastImports(limit: 1).first?.summary.appointments == WriteSummary.Counts(updated: 1, unchanged: 1))
        #expect(try db.counts().appointments == 2)
        let record = try #require(try db.clientRecord(id: "C1"))
        #expect(record.appointments == [Self.a1, moved])
        #expect(try db.clientRecords(ids: ["C1"]).first?.appointments == [Self.a1, moved])
        var seen: [Appointment] = []
        try db.forEachAppointment(client: "C1", through: day(3)) { seen.append($0) }
        #expect(seen == [Self.a1])
    }

    @Test func theCohortCarriesAppointments() throws {
        let folder = try TemporaryFolder()
        let db = try ReliefDatabase(path: folder.file("relief.sqlite"))
        try db.importSessions([session("S1", day: 0)])
        try db.importBatch(file: "a.csv", importedOn: today) { w in try w.upsert(Self.a1); try w.upsert(Self.a2) }
        let records = try db.clientRecords(activeIn: Period(from: day(0), to: day(30)), through: day(30))
        #expect(records.first?.appointments.map(\.id) == ["A1", "A2"])
    }

    @Test(arguments: [
        "INSERT INTO appointments (appointment_id, client_id, day, status) VALUES ('X', 'C1', 0, 'maybe')",
        "INSERT INTO appointments (appointment_id, client_id, day, status) VALUES ('', 'C1', 0, 'attended')",
        "INSERT INTO appointments (appointment_id, client_id, day, duration_min, status) VALUES ('X', 'C1', 0, 721, 'attended')",
        "INSERT INTO appointments (appointment_id, client_id, day, minute, status) VALUES ('X', 'C1', 0, 1440, 'attended')",
        "INSERT INTO appointments (appointment_id, client_id, day, status) VALUES ('X', 'nobody', 0, 'attended')",
    ])
    func theSchemaRefusesWhatTheImporterWouldNotWrite(_ sql: String) throws {
        let folder = try TemporaryFolder()
        let db = try ReliefDatabase(path: folder.file("relief.sqlite"))
        try db.importSessions([session("S1")])
        #expect(throws: DatabaseError.self) { try db.writer.write { try $0.execute(sql: sql) } }
    }
}
