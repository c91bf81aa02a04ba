import GRDB
import ReliefModel

/// The `sessions` table: one row per session, keyed by `session_id`.
///
/// A thin record around `ReliefModel.Session`, so GRDB types never leave ReliefStore.
/// Lists (`technique`, `regions`) are stored `;`-joined (`ListField`), NULL when empty;
/// `day` is `Day.ordinal`; scores are integer tenths (`Tenths`); `relief_days` is a number
/// or the text `'ongoing'`; `note_scores` is `NoteScore.storageText` (NULL for none); `site`
/// is a chain's site id (NULL for a single clinic).
///
/// Sessions are the one table that reaches a million rows, so they are bound and read
/// through the SQLite C API (`RowValues`, `SessionReader`) rather than GRDB's Row and
/// StatementArguments; the requests that select them are still GRDB requests.
enum SessionRow: TableRecord {
    static let databaseTableName = "sessions"

    enum Columns {
        static let sessionID = Column("session_id")
        static let clientID = Column("client_id")
        static let therapistID = Column("therapist_id")
        static let day = Column("day")
        static let minute = Column("minute")
        static let durationMinutes = Column("duration_min")
        static let kind = Column("kind")
        static let techniques = Column("technique")
        static let pressure = Column("pressure")
        static let regions = Column("regions")
        static let painBefore = Column("pain_before_tenths")
        static let painAfter = Column("pain_after_tenths")
        static let sleep = Column("sleep_quality_tenths")
        static let mood = Column("mood_tenths")
        static let stress = Column("stress_tenths")
        static let reliefDays = Column("relief_days")
        static let notes = Column("notes")
        static let noteScores = Column("note_scores")
        static let site = Column("site")

        /// Every column, in the order of `databaseSelection`, of the upsert's `?1…?19`,
        /// of `bind(_:into:)` and of `SessionReader`.
        static let all = [sessionID, clientID, therapistID, day, minute, durationMinutes, kind,
                          techniques, pressure, regions, painBefore, painAfter, sleep, mood, stress,
                          reliefDays, notes, noteScores, site]
    }

    static var databaseSelection: [any SQLSelectable] { Columns.all }

    /// Sets the 19 values of `Columns.all` for `s`, as the next row of `row`.
    /// - Throws: a CHECK-constraint `DatabaseError` for a score that is not a finite number with
    ///   at most one decimal (nothing is added then).
    static func bind(_ s: Session, into row: inout RowValues) throws {
        let painBefore = try Tenths.encode(s.painBefore, column: "pain_before")
        let painAfter = try Tenths.encode(s.painAfter, column: "pain_after")
        let sleep = try Tenths.encode(s.sleep, column: "sleep_quality")
        let mood = try Tenths.encode(s.mood, column: "mood")
        let stress = try Tenths.encode(s.stress, column: "stress")
        row.beginRow()
        row.set(0, s.id)
        row.set(1, s.clientID)
        row.set(2, s.therapistID)
        row.set(3, s.day.ordinal)
        row.set(4, s.minute)
        row.set(5, s.durationMinutes)
        row.set(6, s.kind.rawValue)
        row.set(7, list: s.techniques)
        row.set(8, s.pressure?.rawValue)
        row.set(9, list: s.regions)
        row.set(10, painBefore)
        row.set(11, painAfter)
        row.set(12, sleep)
        row.set(13, mood)
        row.set(14, stress)
        switch s.reliefDays {
        case nil: row.set(15, nil as Double?)
        case .ongoing?: row.set(15, "ongoing")
        case .days(let d)?: row.set(15, d)
        }
        row.set(16, s.notes)
        row.set(17, NoteScore.storageText(s.noteScores))
        row.set(18, s.site)
    }
}

extension DerivableRequest<SessionRow> {
    func filter(client id: String) -> Self { filter(SessionRow.Columns.clientID == id) }
    /// Sessions of any of these clients (one scan of the table, not one query per client).
    func filter(clients ids: [String]) -> Self { filter(ids.contains(SessionRow.Columns.clientID)) }

    /// Sessions on or before `day`; all of them when `day` is nil.
    func through(_ day: Day?) -> Self {
        guard let day else { return self }
        return filter(SessionRow.Columns.day <= day.ordinal)
    }

    /// Sessions on a day of `period`.
    func within(_ period: Period) -> Self {
        filter((period.from.ordinal...period.to.ordinal).contains(SessionRow.Columns.day))
    }

    /// Client, day, minute, id: the order `ClientRecord` keeps (through the client index).
    func chronologicalByClient() -> Self {
        order(SessionRow.Columns.clientID, SessionRow.Columns.day, SessionRow.Columns.minute,
              SessionRow.Columns.sessionID)
    }

    /// Session-id order, through the primary key's index.
    func orderedByID() -> Self { order(SessionRow.Columns.sessionID) }
}
