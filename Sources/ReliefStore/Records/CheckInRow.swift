import GRDB
import ReliefModel

/// The `checkins` table, keyed by its natural key (client_id, day, source).
/// A check-in without a source is stored with source `''` (SQLite's UNIQUE treats NULLs
/// as distinct, which would let the same diary entry in twice) and read back as nil.
struct CheckInRow: FetchableRecord, TableRecord {
    static let databaseTableName = "checkins"

    enum Columns {
        static let clientID = Column("client_id")
        static let day = Column("day")
        static let source = Column("source")
        static let pain = Column("pain")
        static let sleep = Column("sleep_quality")
        static let mood = Column("mood")
        static let stress = Column("stress")

        /// The order of `databaseSelection` and of `arguments(for:)` (`?1…?7`).
        static let all = [clientID, day, source, pain, sleep, mood, stress]
    }

    static var databaseSelection: [any SQLSelectable] { Columns.all }

    var checkIn: CheckIn

    init(row: Row) {
        let source: String = row[2]
        checkIn = CheckIn(clientID: row[0], day: Day(ordinal: row[1]), pain: row[3], sleep: row[4],
                          mood: row[5], stress: row[6], source: source.isEmpty ? nil : source)
    }

    /// Sets the 7 values of `Columns.all` for `c`.
    static func bind(_ c: CheckIn, into row: inout RowValues) {
        row.beginRow()
        row.set(0, c.clientID)
        row.set(1, c.day.ordinal)
        row.set(2, c.source ?? "")
        row.set(3, c.pain)
        row.set(4, c.sleep)
        row.set(5, c.mood)
        row.set(6, c.stress)
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
