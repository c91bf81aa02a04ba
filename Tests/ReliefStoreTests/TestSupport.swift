import ReliefTestSupport
import Foundation
import ReliefModel
@testable import ReliefStore

/// A fresh folder under the system's temporary directory, removed when the test is done.
final class TemporaryFolder {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "relief-store-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        path = String(cString: made)
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}


let today = Day(year: 2026, month: 4, day: 2)!

func session(_ id: String, client: String = "C1", therapist: String? = "T1", day offset: Int = 0,
             pain: Double = 6, after: Double? = 4) -> Session {
    Session(id: id, clientID: client, therapistID: therapist, day: day(offset), durationMinutes: 60,
            techniques: ["trigger-point", "myofascial-release"], pressure: .firm, regions: ["neck"],
            painBefore: pain, painAfter: after, sleep: 6, mood: 7, stress: 4, reliefDays: .days(3))
}

/// `count` sessions spread over `clients` clients, ids S000000…, one a day per client.
func sessions(count: Int, clients: Int = 10) -> [Session] {
    (0..<count).map { (i: Int) -> Session in
        let id = "S" + String(String(1_000_000 + i).dropFirst())
        let pain = Double(i % 11)
        let after = Double(i % 7)
        return session(id, client: "C\(i % clients)", therapist: "T\(i % 3)", day: i / clients, pain: pain, after: after)
    }
}

extension ReliefDatabase {
    /// Imports `sessions` as one file.
    @discardableResult
    func importSessions(_ sessions: [Session], file: String = "sessions.csv") throws -> WriteSummary {
        try importBatch(file: file, importedOn: today) { writer in
            for s in sessions { try writer.upsert(s) }
        }
    }
}
