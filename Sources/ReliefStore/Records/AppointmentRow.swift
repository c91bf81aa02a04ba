import GRDB
import ReliefModel

/// The `appointments` table: one row per booked appointment of a practice system's export,
/// keyed by `appointment_id` (given, or derived from client, date and time as session ids are).
struct AppointmentRow: FetchableRecord, TableRecord {
    static let databaseTableName = "appointments"

    enum Columns {
        static let appointmentID = Column("appointment_id")
        static let clientID = Column("client_id")
        static let therapistID = Column("therapist_id")
        static let day = Column("day")
        static let minute = Column("minute")
        static let durationMinutes = Column("duration_min")
        static let service = Column("service")
        static let status = Column("status")
        static let site = Column("site")

        /// The order of `databaseSelection` and of `bind(_:into:)` (`?1…?9`).
        static let all = [appointmentID, clientID, therapistID, day, minute, durationMinutes, service, status, site]
    }

    static var databaseSelection: [any SQLSelectable] { Columns.all }

    let appointment: Appointment

    init(row: Row) throws {
        let text: String = row[7]
        guard let status = AppointmentStatus(rawValue: text) else {
            throw StoreError.unreadableValue(table: "appointments", column: "status", value: text)
        }
        appointment = Appointment(id: row[0], clientID: row[1], therapistID: row[2], day: Day(ordinal: row[3]),
                                  minute: row[4], durationMinutes: row[5], service: row[6], status: status, site: row[8])
    }

    /// Sets the 9 values of `Columns.all` for `a`.
    static func bind(_ a: Appointment, into row: inout RowValues) {
        row.beginRow()
        row.set(0, a.id)
        row.set(1, a.clientID)
        row.set(2, a.therapistID)
        row.set(3, a.day.ordinal)
        row.set(4, a.minute)
        row.set(5, a.durationMinutes)
        row.set(6, a.service)
        row.set(7, a.status.rawValue)
        row.set(8, a.site)
    }
}

extension DerivableRequest<AppointmentRow> {
    func filter(client id: String) -> Self { filter(AppointmentRow.Columns.clientID == id) }
    func filter(clients ids: [String]) -> Self { filter(ids.contains(AppointmentRow.Columns.clientID)) }
    /// Appointments on or before `day`; all of them when `day` is nil.
    func through(_ day: Day?) -> Self {
        guard let day else { return self }
        return filter(AppointmentRow.Columns.day <= day.ordinal)
    }
    func chronologicalByClient() -> Self {
        order(AppointmentRow.Columns.clientID, AppointmentRow.Columns.day, AppointmentRow.Columns.minute,
              AppointmentRow.Columns.appointmentID)
    }
}

extension Database {
    /// Every appointment up to `through`, by client id.
    func appointmentsByClient(_ request: QueryInterfaceRequest<AppointmentRow>) throws -> [String: [Appointment]] {
        var out: [String: [Appointment]] = [:]
        let cursor = try request.fetchCursor(self)
        while let row = try cursor.next() { out[row.appointment.clientID, default: []].append(row.appointment) }
        return out
    }
}
