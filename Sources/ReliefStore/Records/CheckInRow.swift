import GRDB
import ReliefModel

/// The `checkins` table, keyed by its natural key (client_id, day, source); scores in tenths.
/// A check-in without a source is stored with source `''` (SQLite's UNIQUE treats NULLs
/// as distinct, which would let the same diary entry in twice) and read back as nil.
struct CheckInRow: FetchableRecord, TableRecord {
    static let databaseTableName = "checkins"

    enum Columns {
        static let clientID = Column("client_id")
        static let day = Column("day")
        static let source = Column("source")
        static let pain = Column("pain_tenths")
        static let sleep = Column("sleep_quality_tenths")
        static let mood = Column("mood_tenths")
        static let stress = Column("stress_tenths")

        /// The order of `databaseSelection` and of `arguments(for:)` (`?1…?7`).
        static let all = [clientID, day, source, pain, sleep, mood, stress]
    }

    static var databaseSelection: [any SQLSelectable] { Columns.all }

    var checkIn: CheckIn

    init(row: Row) {
        let source: String = row[2]
        let sleep: Int? = row[4], mood: Int? = row[5], stress: Int? = row[6]
        checkIn = CheckIn(clientID: row[0], day: Day(ordinal: row[1]), pain: Tenths.decode(row[3]),
                          sleep: sleep.map(Tenths.decode), mood: mood.map(Tenths.decode),
                          stress: stress.map(Tenths.decode), source: source.isEmpty ? nil : source)
    }

    /// Sets the 7 values of `Columns.all` for `c`.
    /// - Throws: a CHECK-constraint `DatabaseError` for a score with more than one decimal.
    static func bind(_ c: CheckIn, into row: inout RowValues) throws {
        let pain = try Tenths.encode(c.pain, column: "pain")
        let sleep = try Tenths.encode(c.sleep, column: "sleep_quality")
        let mood = try Tenths.encode(c.mood, column: "mood")
        let stress = try Tenths.encode(c.stress, column: "stress")
        row.beginRow()
        row.set(0, c.clientID)
        row.set(1, c.day.ordinal)
        row.set(2, c.source ?? "")
        row.set(3, pain)
        row.set(4, sleep)
        row.set(5, mood)
        row.set(6, stress)
    }
}

extension DerivableRequest<CheckInRow> {
    func filter(client id: String) -> Self { filter(CheckInRow.Columns.clientID == id) }
    func filter(clients ids: [String]) -> Self { filter(ids.contains(CheckInRow.Columns.clientID)) }
    /// Check-ins on or before `day`; all of them when `day` is nil.
    func through(_ day: Day?) -> Self {
        guard let day else { return self }
        return filter(CheckInRow.Columns.day <= day.ordinal)
    }
    /// Primary-key order: by client, then day, then source.
    func orderedByClientAndDay() -> Self {
        order(CheckInRow.Columns.clientID, CheckInRow.Columns.day, CheckInRow.Columns.source)
    }
}
