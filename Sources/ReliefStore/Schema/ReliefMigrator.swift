import Foundation
import GRDB

/// The schema, as a list of named, append-only migrations.
///
/// A migration that has shipped is never edited: a change to the schema is a new migration
/// appended at the end (`"v2-…"`). Integrity lives here, in the schema: STRICT tables (every
/// value of its column's type), NOT NULL, CHECK ranges for every score and duration,
/// vocabularies, UNIQUE keys and foreign keys — so a caller that skips ReliefImport's
/// validation still cannot store a pain score of 12. The vocabularies are spelled out
/// literally (not read from the model's enums) so that a later change to the model cannot
/// silently change a shipped migration; `SchemaTests` fails when they drift apart.
///
/// Days are stored as integer day ordinals (days since 1970-01-01, `Day.ordinal`) and scores
/// as integer tenths (`Tenths`): a few bytes, exact, compared as integers, no parsing when
/// loading a million sessions. The `sessions_readable` and `checkins_readable` views show ISO
/// dates and decimal scores for a person looking at the file with the `sqlite3` shell.
///
/// ```swift
/// try ReliefMigrator.migrator.migrate(dbQueue)
/// ```
enum ReliefMigrator {
    /// Day ordinals of 0001-01-01 and 9999-12-31, the range `Day` can represent.
    static let firstDay = -719_162
    static let lastDay = 2_932_896

    static let segments = ["office-worker", "athlete", "older-adult", "headache", "other"]
    static let kinds = ["medical", "relaxation"]
    static let pressures = ["light", "moderate", "firm", "deep"]
    static let appointmentStatuses = ["attended", "booked", "cancelled", "no-show", "void"]

    /// The migration names in the order they apply.
    static var names: [String] { migrator.migrations }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1-therapists-clients") { db in
            try db.create(table: "therapists", options: [.withoutRowID, .strict]) { t in
                t.primaryKey("therapist_id", .text).check(sql: "therapist_id <> ''")
                t.column("name", .text)
                // 1 while the row only exists because a session or client named this id.
                t.column("stub", .integer).notNull().defaults(to: 0).check(sql: "stub = 0 OR stub = 1")
            }
            try db.create(table: "clients", options: [.withoutRowID, .strict]) { t in
                t.primaryKey("client_id", .text).check(sql: "client_id <> ''")
                t.column("name", .text)
                t.column("segment", .text).check(sql: oneOf("segment", segments))
                t.column("complaint", .text)
                t.column("regions", .text)
                t.column("intake_day", .integer).check(sql: "intake_day BETWEEN \(firstDay) AND \(lastDay)")
                t.column("therapist_id", .text).references("therapists")
                t.column("stub", .integer).notNull().defaults(to: 0).check(sql: "stub = 0 OR stub = 1")
            }
        }

        migrator.registerMigration("v1-sessions") { db in
            // A rowid table with session_id as its PRIMARY KEY (the upsert key): rows are appended
            // in import order, and the key's own index is narrow, so ids that do not grow with
            // time (UUIDs) cost 2.6× instead of 4× (a WITHOUT ROWID table moved whole rows around).
            // No secondary index: one on (client_id, day) doubled the cost of an import (a random
            // insert per session, or 0.9 s per million to rebuild) to save 50 ms on a one-client
            // query, which scans instead (docs/store.md, "Speed").
            try db.create(table: "sessions", options: [.strict]) { t in
                t.primaryKey("session_id", .text).check(sql: "session_id <> ''")
                t.column("client_id", .text).notNull().references("clients")
                t.column("therapist_id", .text).references("therapists")
                t.column("day", .integer).notNull().check(sql: "day BETWEEN \(firstDay) AND \(lastDay)")
                t.column("minute", .integer).check(sql: "minute BETWEEN 0 AND 1439")
                t.column("duration_min", .integer).check(sql: "duration_min BETWEEN 5 AND 240")
                t.column("kind", .text).notNull().defaults(to: "medical").check(sql: oneOf("kind", kinds))
                t.column("technique", .text)
                t.column("pressure", .text).check(sql: oneOf("pressure", pressures))
                t.column("regions", .text)
                // Scores in integer tenths (6.5 is 65): exact, one byte, and "at most one decimal"
                // by construction.
                t.column("pain_before_tenths", .integer).notNull().check(sql: score("pain_before_tenths"))
                t.column("pain_after_tenths", .integer).check(sql: score("pain_after_tenths"))
                t.column("sleep_quality_tenths", .integer).check(sql: score("sleep_quality_tenths"))
                t.column("mood_tenths", .integer).check(sql: score("mood_tenths"))
                t.column("stress_tenths", .integer).check(sql: score("stress_tenths"))
                // A number of days ≥ 0, or the text 'ongoing': type ANY, so each keeps its own; any
                // other text compares greater than every number and fails the range.
                t.column("relief_days", .any).check(sql: "relief_days = 'ongoing' OR (relief_days >= 0 AND relief_days < 9e999)")
                t.column("notes", .text)
            }
            try db.execute(sql: """
                CREATE VIEW sessions_readable AS
                SELECT session_id, client_id, therapist_id, date(day + 2440587.5) AS date,
                       CASE WHEN minute IS NULL THEN NULL
                            ELSE printf('%02d:%02d', minute / 60, minute % 60) END AS time,
                       duration_min, kind, technique, pressure, regions,
                       pain_before_tenths / 10.0 AS pain_before, pain_after_tenths / 10.0 AS pain_after,
                       sleep_quality_tenths / 10.0 AS sleep_quality, mood_tenths / 10.0 AS mood,
                       stress_tenths / 10.0 AS stress, relief_days, notes
                FROM sessions
                """)
        }

        migrator.registerMigration("v1-checkins") { db in
            // The natural key: one check-in per client, day and source ('' when none was given).
            try db.create(table: "checkins", options: [.withoutRowID, .strict]) { t in
                t.column("client_id", .text).notNull().references("clients")
                t.column("day", .integer).notNull().check(sql: "day BETWEEN \(firstDay) AND \(lastDay)")
                t.column("source", .text).notNull().defaults(to: "")
                t.primaryKey(["client_id", "day", "source"])
                t.column("pain_tenths", .integer).notNull().check(sql: score("pain_tenths"))
                t.column("sleep_quality_tenths", .integer).check(sql: score("sleep_quality_tenths"))
                t.column("mood_tenths", .integer).check(sql: score("mood_tenths"))
                t.column("stress_tenths", .integer).check(sql: score("stress_tenths"))
            }
            try db.execute(sql: """
                CREATE VIEW checkins_readable AS
                SELECT client_id, date(day + 2440587.5) AS date, NULLIF(source, '') AS source,
                       pain_tenths / 10.0 AS pain, sleep_quality_tenths / 10.0 AS sleep_quality,
                       mood_tenths / 10.0 AS mood, stress_tenths / 10.0 AS stress
                FROM checkins
                """)
        }

        migrator.registerMigration("v1-imports") { db in
            // One row per imported file; `imported_on` is the day the caller says it is.
            try db.create(table: "imports", options: [.strict]) { t in
                t.autoIncrementedPrimaryKey("import_id")
                t.column("file", .text).notNull()
                t.column("fingerprint", .text)
                t.column("imported_on", .integer).notNull()
                    .check(sql: "imported_on BETWEEN \(firstDay) AND \(lastDay)")
                for kind in ["sessions", "clients", "therapists", "checkins"] {
                    for outcome in ["inserted", "updated", "unchanged"] {
                        t.column("\(kind)_\(outcome)", .integer).notNull().defaults(to: 0)
                            .check(sql: "\(kind)_\(outcome) >= 0")
                    }
                }
                t.column("stub_clients", .integer).notNull().defaults(to: 0).check(sql: "stub_clients >= 0")
                t.column("stub_therapists", .integer).notNull().defaults(to: 0).check(sql: "stub_therapists >= 0")
                t.column("rejected", .integer).notNull().defaults(to: 0).check(sql: "rejected >= 0")
            }
        }

        migrator.registerMigration("v2-note-scores") { db in
            // Which scores of a session were read out of its note text (`NoteScore.storageText`:
            // field, rule, span), NULL for a session whose scores were all given. Reports mark them.
            try db.alter(table: "sessions") { t in
                t.add(column: "note_scores", .text).check(sql: "note_scores <> ''")
            }
        }

        migrator.registerMigration("v3-appointments") { db in
            // Booked appointments from a practice system's export, attended or missed. An
            // attended appointment and the session recorded for it are one visit (analytics
            // joins them by client and day); a missed one is kept for "booked vs attended".
            try db.create(table: "appointments", options: [.strict]) { t in
                t.primaryKey("appointment_id", .text).check(sql: "appointment_id <> ''")
                t.column("client_id", .text).notNull().references("clients")
                t.column("therapist_id", .text).references("therapists")
                t.column("day", .integer).notNull().check(sql: "day BETWEEN \(firstDay) AND \(lastDay)")
                t.column("minute", .integer).check(sql: "minute BETWEEN 0 AND 1439")
                t.column("duration_min", .integer).check(sql: "duration_min BETWEEN 5 AND 720")
                t.column("service", .text)
                t.column("status", .text).notNull().check(sql: oneOf("status", appointmentStatuses))
            }
            try db.alter(table: "imports") { t in
                for outcome in ["inserted", "updated", "unchanged"] {
                    t.add(column: "appointments_\(outcome)", .integer).notNull().defaults(to: 0)
                        .check(sql: "appointments_\(outcome) >= 0")
                }
            }
        }

        migrator.registerMigration("v4-settings") { db in
            // Clinic settings kept with the records (the time zone timestamps land in).
            try db.create(table: "settings", options: [.withoutRowID, .strict]) { t in
                t.primaryKey("key", .text).check(sql: "key <> ''")
                t.column("value", .text).notNull()
            }
        }

        migrator.registerMigration("v5-accounts") { db in
            // Who may sign in to `relief serve` (a bcrypt hash, never a password) and the audit
            // trail of who viewed, downloaded or imported whose data (docs/serve.md).
            try db.create(table: "accounts", options: [.withoutRowID, .strict]) { t in
                t.primaryKey("name", .text).check(sql: "name <> '' AND length(name) <= 64")
                t.column("role", .text).notNull().check(sql: "role IN ('therapist', 'manager', 'admin')")
                t.column("therapist_id", .text)
                t.column("password_hash", .text).notNull().check(sql: "password_hash LIKE '$2%'")
                t.column("disabled", .integer).notNull().defaults(to: 0).check(sql: "disabled IN (0, 1)")
                t.column("created", .text).notNull()
            }
            try db.create(table: "audit", options: [.strict]) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .text).notNull()
                t.column("account", .text).notNull()
                t.column("action", .text).notNull().check(sql: "action <> ''")
                t.column("client_id", .text)
                t.column("detail", .text).notNull().defaults(to: "")
            }
            try db.create(index: "audit_by_client", on: "audit", columns: ["client_id", "id"])
        }

        migrator.registerMigration("v6-sites") { db in
            // A chain of clinics: the site each session was given at, and each appointment booked
            // at (NULL for a single clinic),
            // and a row per site a session named, with the clinic name the chain gives it
            // (`relief site name`). Sessions name sites without a foreign key: the import writes
            // the site's row first, and a key would cost a lookup per session on a million.
            try db.create(table: "sites", options: [.withoutRowID, .strict]) { t in
                t.primaryKey("site_id", .text).check(sql: "site_id <> ''")
                t.column("name", .text).check(sql: "name <> ''")
            }
            try db.alter(table: "sessions") { t in
                t.add(column: "site", .text).check(sql: "site <> ''")
            }
            try db.alter(table: "appointments") { t in
                t.add(column: "site", .text).check(sql: "site <> ''")
            }
            try db.execute(sql: """
                DROP VIEW sessions_readable;
                CREATE VIEW sessions_readable AS
                SELECT session_id, client_id, therapist_id, date(day + 2440587.5) AS date,
                       CASE WHEN minute IS NULL THEN NULL
                            ELSE printf('%02d:%02d', minute / 60, minute % 60) END AS time,
                       duration_min, kind, technique, pressure, regions,
                       pain_before_tenths / 10.0 AS pain_before, pain_after_tenths / 10.0 AS pain_after,
                       sleep_quality_tenths / 10.0 AS sleep_quality, mood_tenths / 10.0 AS mood,
                       stress_tenths / 10.0 AS stress, relief_days, notes, site
                FROM sessions
                """)
        }

        migrator.registerMigration("v7-sessions-by-client") { db in
            // One client's record (`clientRecord(id:)`, a client's page, `export --client`) reads
            // through this index instead of scanning every session: 35–50 ms at a million
            // sessions, ~0.5 s at ten million, became well under 2 ms. Maintained row by row it
            // would cost every imported session a random B-tree insert, so a bulk import (more
            // new sessions than a quarter of those stored) drops it inside its transaction and
            // builds it again, by one sort, before committing (`SessionPipeline`, docs/store.md).
            try db.execute(sql: "CREATE INDEX sessions_by_client ON sessions (client_id, day)")
        }

        migrator.registerMigration("v8-sessions-id-index") { db in
            // The session-id key becomes a UNIQUE index of its own (`sessions_by_id`) instead of
            // the table's PRIMARY KEY, whose index SQLite will not drop. A bulk import into an
            // empty table then drops it and builds it once, by one sort, after the rows: a file
            // not ordered by session id (grouped by client) had cost a random B-tree insert per
            // session, 2× sqlite3's `.import` at a million and 5× at ten million
            // (`SessionPipeline`, docs/store.md "At scale"). Same columns, CHECKs and rowids;
            // the upserts' `ON CONFLICT` finds the UNIQUE index as it found the key. The copy reads
            // through the page cache and the index sorts on disk (`ReliefDatabase.migrate`).
            let table = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'sessions'") ?? ""
            let key = #""session_id" TEXT PRIMARY KEY NOT NULL"#
            guard table.contains(key) else {
                throw DatabaseError(resultCode: .SQLITE_ERROR, message: "v8: the sessions table is not as v1–v7 left it: \(table)")
            }
            let rebuilt = table
                .replacingOccurrences(of: key, with: #""session_id" TEXT NOT NULL"#)
                .replacingOccurrences(of: #"CREATE TABLE "sessions""#, with: #"CREATE TABLE "sessions_v8""#)
            let view = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'sessions_readable'")
            let hadClientIndex = try Bool.fetchOne(db, sql: "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'sessions_by_client'") ?? false
            let columns = try db.columns(in: "sessions").map { "\"\($0.name)\"" }.joined(separator: ", ")
            try db.execute(sql: rebuilt)
            try db.execute(sql: "INSERT INTO sessions_v8 (rowid, \(columns)) SELECT rowid, \(columns) FROM sessions ORDER BY rowid")
            try db.execute(sql: "DROP VIEW IF EXISTS sessions_readable")
            try db.execute(sql: "DROP TABLE sessions")
            try db.execute(sql: "ALTER TABLE sessions_v8 RENAME TO sessions")
            // Spelled out, as shipped (ImportTests compare them with `ReliefDatabase`'s statements).
            try db.execute(sql: "CREATE UNIQUE INDEX sessions_by_id ON sessions (session_id)")
            if hadClientIndex { try db.execute(sql: "CREATE INDEX sessions_by_client ON sessions (client_id, day)") }
            if let view { try db.execute(sql: view) }
        }

        return migrator
    }

    /// A 0–10 score in integer tenths: 0…100 (NULL passes; NOT NULL is separate). The STRICT
    /// table refuses a REAL with a fraction or a text in the INTEGER column.
    private static func score(_ column: String) -> String {
        "\(column) BETWEEN 0 AND 100"
    }

    /// `column = 'a' OR column = 'b' …`: the same rule as `column IN ('a', 'b' …)`, but SQLite
    /// builds a temporary table for an IN list on every execution of an INSERT, which made
    /// each session insert open and close a B-tree (docs/store.md).
    private static func oneOf(_ column: String, _ values: [String]) -> String {
        values.map { "\(column) = '\($0)'" }.joined(separator: " OR ")
    }
}
