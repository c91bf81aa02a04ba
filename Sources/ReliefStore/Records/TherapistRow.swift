import GRDB
import ReliefModel

/// The `therapists` table; `stub` as for clients.
struct TherapistRow: FetchableRecord, TableRecord {
    static let databaseTableName = "therapists"

    enum Columns {
        static let therapistID = Column("therapist_id")
        static let name = Column("name")
        static let stub = Column("stub")
    }

    static var databaseSelection: [any SQLSelectable] { [Columns.therapistID, Columns.name, Columns.stub] }

    var therapist: Therapist
    var isStub: Bool

    init(row: Row) {
        therapist = Therapist(id: row[0], name: row[1])
        isStub = row[2]
    }

    /// Sets `therapist_id` and `name` (the first two of the writer's value slots).
    static func bind(_ t: Therapist, into row: inout RowValues) {
        row.beginRow()
        row.set(0, t.id)
        row.set(1, t.name)
    }
}

extension DerivableRequest<TherapistRow> {
    func orderedByID() -> Self { order(TherapistRow.Columns.therapistID) }
}
