import Foundation
import ReliefFiles
import ReliefModel

extension SampleData {
    /// The files `writeCSV` writes.
    public static let csvFileNames = ["therapists.csv", "clients.csv", "sessions.csv", "checkins.csv"]

    /// Writes therapists.csv, clients.csv, sessions.csv and checkins.csv into `directory`,
    /// creating it if needed and replacing files of those names.
    ///
    /// Each file has data.md's header, UTF-8 without BOM, LF line endings and RFC 4180
    /// quoting where a field needs it; rows are in this value's order, so the same data
    /// gives the same bytes. Files stream through a buffer: a million sessions never sit in
    /// memory as text. Session dates carry the time of day (`2026-03-14T09:30`).
    ///
    /// - Throws: `SampleError.cannotCreateDirectory` or `SampleError.cannotWrite`.
    public func writeCSV(to directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SampleError.cannotCreateDirectory(path: directory, reason: error.localizedDescription)
        }
        /// A CSV file with data.md's header for `kind`: LF line endings, no BOM (as SampleData/ is committed).
        let sites = sessions.contains { $0.site != nil }
        func open(_ name: String, _ kind: RecordKind) throws -> CSVWriter {
            do {
                var w = try CSVWriter(path: path(name), options: .init(lineEnding: "\n"))
                w.write(row: (sites ? kind.columns : kind.withoutSite).map(\.name))
                return w
            } catch {
                throw SampleError.cannotWrite(path: path(name), reason: error.reason)
            }
        }
        func finish(_ w: inout CSVWriter, _ name: String) throws {
            do { try w.close() } catch { throw SampleError.cannotWrite(path: path(name), reason: error.reason) }
        }
        func path(_ name: String) -> String { directory.hasSuffix("/") ? directory + name : directory + "/" + name }

        var t = try open("therapists.csv", .therapists)
        for therapist in therapists {
            t.field(therapist.id); t.field(therapist.name); t.endRow()
        }
        try finish(&t, "therapists.csv")

        var c = try open("clients.csv", .clients)
        for client in clients {
            c.field(client.id); c.field(client.name); c.field(client.segment?.rawValue)
            c.field(client.complaint); c.field(list: client.regions)
            if let day = client.intakeDate { c.field(day: day) } else { c.field(nil as String?) }
            c.field(client.therapistID)
            c.endRow()
        }
        try finish(&c, "clients.csv")

        var s = try open("sessions.csv", .sessions)
        for i in sessions.indices {
            let session = sessions[i]
            s.field(session.id); s.field(session.clientID); s.field(session.therapistID)
            s.field(day: session.day, minute: session.minute)
            s.field(session.durationMinutes); s.field(session.kind.rawValue)
            s.field(list: session.techniques); s.field(session.pressure?.rawValue); s.field(list: session.regions)
            s.field(score: session.painBefore); s.field(score: session.painAfter)
            s.field(score: session.sleep); s.field(score: session.mood); s.field(score: session.stress)
            switch session.reliefDays {
            case .none: s.field(nil as String?)
            case .ongoing: s.field("ongoing")
            case .days(let d): s.field(score: d)
            }
            s.field(session.notes)
            if sites { s.field(session.site) }
            s.endRow()
        }
        try finish(&s, "sessions.csv")

        var k = try open("checkins.csv", .checkins)
        for checkIn in checkIns {
            k.field(checkIn.clientID); k.field(day: checkIn.day); k.field(score: checkIn.pain)
            k.field(score: checkIn.sleep); k.field(score: checkIn.mood); k.field(score: checkIn.stress)
            k.field(checkIn.source)
            k.endRow()
        }
        try finish(&k, "checkins.csv")
    }
}
