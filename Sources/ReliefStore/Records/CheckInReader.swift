import GRDB
import GRDBSQLite
import ReliefModel

/// Reads check-ins selected with `CheckInRow.databaseSelection` column by column, as
/// ``SessionReader`` does sessions: the same values as `CheckInRow(row:)`, without a GRDB `Row`
/// per check-in, and each client id and source decoded once.
struct CheckInReader {
    private var clients = TextCache<String>()
    private var sources = TextCache<String>(limit: 1_000)

    /// Runs `request` and calls `body` with each check-in.
    /// - Throws: `DatabaseError`, or what `body` throws.
    mutating func forEach(_ request: QueryInterfaceRequest<CheckInRow>, in db: Database,
                          _ body: (consuming CheckIn) throws -> Void) throws {
        try RowValues.forEachRow(request, in: db) { stmt in
            let source = sources.value(stmt, 2, make: SessionReader.string) ?? ""
            try body(CheckIn(clientID: clients.value(stmt, 0, make: SessionReader.string) ?? "",
                             day: Day(ordinal: Int(sqlite3_column_int64(stmt, 1))),
                             pain: Tenths.decode(Int(sqlite3_column_int64(stmt, 3))),
                             sleep: SessionReader.score(stmt, 4), mood: SessionReader.score(stmt, 5),
                             stress: SessionReader.score(stmt, 6), source: source.isEmpty ? nil : source))
        }
    }
}
