import GRDB
import ReliefModel

/// The `clients` table. `stub` is 1 while the row exists only because a session, check-in
/// or import named an id the clinic's client list has not given yet.
struct ClientRow: FetchableRecord, TableRecord {
    static let databaseTableName = "clients"

    enum Columns {
        static let clientID = Column("client_id")
        static let name = Column("name")
        static let segment = Column("segment")
        static let complaint = Column("complaint")
        static let regions = Column("regions")
        static let intakeDay = Column("intake_day")
        static let therapistID = Column("therapist_id")
        static let stub = Column("stub")

        /// The order of `databaseSelection` and of `arguments(for:)` (`?1…?7`).
        static let all = [clientID, name, segment, complaint, regions, intakeDay, therapistID]
    }

    static var databaseSelection: [any SQLSelectable] { Columns.all + [Columns.stub] }

    var client: Client
    var isStub: Bool

    init(row: Row) throws {
        let segment: Segment?
        if let text: String = row[2] {
            guard let s = Segment(rawValue: text) else {
                throw StoreError.unreadableValue(table: "clients", column: "segment", value: text)
            }
            segment = s
        } else {
            segment = nil
        }
        let regions: String? = row[4]
        let intake: Int? = row[5]
        client = Client(id: row[0], name: row[1], segment: segment, complaint: row[3],
                        regions: regions.map(ListField.split) ?? [], intakeDate: intake.map(Day.init(ordinal:)),
                        therapistID: row[6])
        isStub = row[7]
    }

    /// Sets the 7 values of `Columns.all` for `c`.
    static func bind(_ c: Client, into row: inout RowValues) {
        row.beginRow()
        row.set(0, c.id)
        row.set(1, c.name)
        row.set(2, c.segment?.rawValue)
        row.set(3, c.complaint)
        row.set(4, list: c.regions)
        row.set(5, c.intakeDate?.ordinal)
        row.set(6, c.therapistID)
    }
}

extension DerivableRequest<ClientRow> {
    /// Clients the clinic has described (no stubs).
    func real() -> Self { filter(ClientRow.Columns.stub == 0) }
    func orderedByID() -> Self { order(ClientRow.Columns.clientID) }
}
