import PostgresNIO
import ReliefStore

/// The PostgreSQL schema, as named, append-only migrations: the same names and the same rules
/// as the SQLite schema (`ReliefDatabase.migrationNames`, docs/store.md), in PostgreSQL terms.
///
/// A migration that has shipped is never edited; a change is a new migration at the end, in
/// both stores. Integrity lives here too: NOT NULL, CHECK ranges and vocabularies, keys and
/// foreign keys, so a caller that skips ReliefImport's validation cannot store a pain score of
/// 12 on the server either. Differences from SQLite, each for a reason:
///
/// - ids and every text that is sorted are `COLLATE "C"`: byte order, as SQLite's, so lists,
///   exports and reports come out in the same order from both stores whatever the server's locale;
/// - days are integer day ordinals and scores integer tenths, as in SQLite (exact; the
///   `…_readable` views show dates and decimals);
/// - `relief_days` is a `double precision` number of days with a separate
///   `relief_ongoing` flag, where SQLite keeps a number or the text 'ongoing' in one ANY column;
/// - `stub` is a boolean;
/// - the applied migrations are rows of `relief_migrations`, applied under an advisory lock
///   (`PostgresSchema.lockKey`) so that two Relief processes opening a new database do not both
///   create it.
enum PostgresSchema {
    /// `pg_advisory_lock` key for applying migrations ("Relief" and 1 in its bytes).
    static let lockKey: Int64 = 0x5265_6C69_6566_0001
    /// `pg_advisory_xact_lock` key held by each import's transaction: imports write one at a time,
    /// as they do on SQLite (the first takes the lock, the next waits for its commit).
    static let importLockKey: Int64 = 0x5265_6C69_6566_0002

    static let firstDay = -719_162
    static let lastDay = 2_932_896

    static let segments = ["office-worker", "athlete", "older-adult", "headache", "other"]
    static let kinds = ["medical", "relaxation"]
    static let pressures = ["light", "moderate", "firm", "deep"]
    static let appointmentStatuses = ["attended", "booked", "cancelled", "no-show", "void"]

    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS relief_migrations (
            name text COLLATE "C" PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """

    static var names: [String] { migrations.map(\.name) }

    static let migrations: [(name: String, sql: [String])] = [
        ("v1-therapists-clients", [
            """
            CREATE TABLE therapists (
                therapist_id text COLLATE "C" PRIMARY KEY CHECK (therapist_id <> ''),
                name text,
                stub boolean NOT NULL DEFAULT false
            )
            """,
            """
            CREATE TABLE clients (
                client_id text COLLATE "C" PRIMARY KEY CHECK (client_id <> ''),
                name text,
                segment text CHECK (\(oneOf("segment", segments))),
                complaint text,
                regions text,
                intake_day integer CHECK (intake_day BETWEEN \(firstDay) AND \(lastDay)),
                therapist_id text COLLATE "C" REFERENCES therapists,
                stub boolean NOT NULL DEFAULT false
            )
            """,
        ]),
        ("v1-sessions", [
            """
            CREATE TABLE sessions (
                session_id text COLLATE "C" PRIMARY KEY CHECK (session_id <> ''),
                client_id text COLLATE "C" NOT NULL REFERENCES clients,
                therapist_id text COLLATE "C" REFERENCES therapists,
                day integer NOT NULL CHECK (day BETWEEN \(firstDay) AND \(lastDay)),
                minute integer CHECK (minute BETWEEN 0 AND 1439),
                duration_min integer CHECK (duration_min BETWEEN 5 AND 240),
                kind text NOT NULL DEFAULT 'medical' CHECK (\(oneOf("kind", kinds))),
                technique text,
                pressure text CHECK (\(oneOf("pressure", pressures))),
                regions text,
                pain_before_tenths integer NOT NULL CHECK (\(score("pain_before_tenths"))),
                pain_after_tenths integer CHECK (\(score("pain_after_tenths"))),
                sleep_quality_tenths integer CHECK (\(score("sleep_quality_tenths"))),
                mood_tenths integer CHECK (\(score("mood_tenths"))),
                stress_tenths integer CHECK (\(score("stress_tenths"))),
                relief_days double precision CHECK (relief_days >= 0 AND relief_days < 'Infinity'),
                relief_ongoing boolean NOT NULL DEFAULT false CHECK (NOT (relief_ongoing AND relief_days IS NOT NULL)),
                notes text
            )
            """,
            // One client's history and the cohort's cut-off: on a server the index is worth its
            // cost (SQLite's measurements, docs/store.md, were for one process on one disk).
            "CREATE INDEX sessions_by_client ON sessions (client_id, day)",
            """
            CREATE VIEW sessions_readable AS
            SELECT session_id, client_id, therapist_id, DATE '1970-01-01' + day AS date,
                   CASE WHEN minute IS NULL THEN NULL
                        ELSE lpad((minute / 60)::text, 2, '0') || ':' || lpad((minute % 60)::text, 2, '0') END AS time,
                   duration_min, kind, technique, pressure, regions,
                   pain_before_tenths / 10.0 AS pain_before, pain_after_tenths / 10.0 AS pain_after,
                   sleep_quality_tenths / 10.0 AS sleep_quality, mood_tenths / 10.0 AS mood,
                   stress_tenths / 10.0 AS stress,
                   CASE WHEN relief_ongoing THEN 'ongoing' ELSE relief_days::text END AS relief_days, notes
            FROM sessions
            """,
        ]),
        ("v1-checkins", [
            """
            CREATE TABLE checkins (
                client_id text COLLATE "C" NOT NULL REFERENCES clients,
                day integer NOT NULL CHECK (day BETWEEN \(firstDay) AND \(lastDay)),
                source text COLLATE "C" NOT NULL DEFAULT '',
                pain_tenths integer NOT NULL CHECK (\(score("pain_tenths"))),
                sleep_quality_tenths integer CHECK (\(score("sleep_quality_tenths"))),
                mood_tenths integer CHECK (\(score("mood_tenths"))),
                stress_tenths integer CHECK (\(score("stress_tenths"))),
                PRIMARY KEY (client_id, day, source)
            )
            """,
            """
            CREATE VIEW checkins_readable AS
            SELECT client_id, DATE '1970-01-01' + day AS date, NULLIF(source, '') AS source,
                   pain_tenths / 10.0 AS pain, sleep_quality_tenths / 10.0 AS sleep_quality,
                   mood_tenths / 10.0 AS mood, stress_tenths / 10.0 AS stress
            FROM checkins
            """,
        ]),
        ("v1-imports", [
            """
            CREATE TABLE imports (
                import_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                file text NOT NULL,
                fingerprint text,
                imported_on integer NOT NULL CHECK (imported_on BETWEEN \(firstDay) AND \(lastDay)),
            \(["sessions", "clients", "therapists", "checkins"].flatMap { kind in
                ["inserted", "updated", "unchanged"].map { "    \(kind)_\($0) integer NOT NULL DEFAULT 0 CHECK (\(kind)_\($0) >= 0)," }
            }.joined(separator: "\n"))
                stub_clients integer NOT NULL DEFAULT 0 CHECK (stub_clients >= 0),
                stub_therapists integer NOT NULL DEFAULT 0 CHECK (stub_therapists >= 0),
                rejected integer NOT NULL DEFAULT 0 CHECK (rejected >= 0)
            )
            """,
        ]),
        ("v2-note-scores", [
            "ALTER TABLE sessions ADD COLUMN note_scores text CHECK (note_scores <> '')",
        ]),
        ("v3-appointments", [
            """
            CREATE TABLE appointments (
                appointment_id text COLLATE "C" PRIMARY KEY CHECK (appointment_id <> ''),
                client_id text COLLATE "C" NOT NULL REFERENCES clients,
                therapist_id text COLLATE "C" REFERENCES therapists,
                day integer NOT NULL CHECK (day BETWEEN \(firstDay) AND \(lastDay)),
                minute integer CHECK (minute BETWEEN 0 AND 1439),
                duration_min integer CHECK (duration_min BETWEEN 5 AND 720),
                service text,
                status text NOT NULL CHECK (\(oneOf("status", appointmentStatuses)))
            )
            """,
            "CREATE INDEX appointments_by_client ON appointments (client_id, day)",
        ] + ["inserted", "updated", "unchanged"].map {
            "ALTER TABLE imports ADD COLUMN appointments_\($0) integer NOT NULL DEFAULT 0 CHECK (appointments_\($0) >= 0)"
        }),
        ("v4-settings", [
            """
            CREATE TABLE settings (
                key text COLLATE "C" PRIMARY KEY CHECK (key <> ''),
                value text NOT NULL
            )
            """,
        ]),
        // Who may sign in to `relief serve` (a bcrypt hash, never a password) and the audit trail
        // (docs/serve.md); the same tables as SQLite's v5-accounts.
        ("v5-accounts", [
            """
            CREATE TABLE accounts (
                name text COLLATE "C" PRIMARY KEY CHECK (name <> '' AND length(name) <= 64),
                role text NOT NULL CHECK (role IN ('therapist', 'manager', 'admin')),
                therapist_id text,
                password_hash text NOT NULL CHECK (password_hash LIKE '$2%'),
                disabled boolean NOT NULL DEFAULT false,
                created text NOT NULL
            )
            """,
            """
            CREATE TABLE audit (
                id bigserial PRIMARY KEY,
                at text NOT NULL,
                account text NOT NULL,
                action text NOT NULL CHECK (action <> ''),
                client_id text,
                detail text NOT NULL DEFAULT ''
            )
            """,
            "CREATE INDEX audit_by_client ON audit (client_id, id)",
        ]),
        // A chain of clinics: each session's site, and a row per site with the clinic name the
        // chain gives it; the same as SQLite's v6-sites (no foreign key from sessions, as there).
        ("v6-sites", [
            """
            CREATE TABLE sites (
                site_id text COLLATE "C" PRIMARY KEY CHECK (site_id <> ''),
                name text CHECK (name <> '')
            )
            """,
            "ALTER TABLE sessions ADD COLUMN site text COLLATE \"C\" CHECK (site <> '')",
            "ALTER TABLE appointments ADD COLUMN site text COLLATE \"C\" CHECK (site <> '')",
            """
            CREATE OR REPLACE VIEW sessions_readable AS
            SELECT session_id, client_id, therapist_id, DATE '1970-01-01' + day AS date,
                   CASE WHEN minute IS NULL THEN NULL
                        ELSE lpad((minute / 60)::text, 2, '0') || ':' || lpad((minute % 60)::text, 2, '0') END AS time,
                   duration_min, kind, technique, pressure, regions,
                   pain_before_tenths / 10.0 AS pain_before, pain_after_tenths / 10.0 AS pain_after,
                   sleep_quality_tenths / 10.0 AS sleep_quality, mood_tenths / 10.0 AS mood,
                   stress_tenths / 10.0 AS stress,
                   CASE WHEN relief_ongoing THEN 'ongoing' ELSE relief_days::text END AS relief_days, notes, site
            FROM sessions
            """,
        ]),
        // SQLite's v7 adds the (client_id, day) index that v1-sessions already created here
        // (a server's imports keep it; docs/store.md, "Speed"): nothing to do, same name.
        ("v7-sessions-by-client", []),
        // SQLite's v8 moves the session key to a UNIQUE index a bulk import can drop and build
        // again; the server's key stays its PRIMARY KEY (imports upsert through a staging table).
        ("v8-sessions-id-index", []),
    ]

    private static func score(_ column: String) -> String { "\(column) BETWEEN 0 AND 100" }

    private static func oneOf(_ column: String, _ values: [String]) -> String {
        "\(column) IN (" + values.map { "'\($0)'" }.joined(separator: ", ") + ")"
    }

    /// Applies the missing migrations, each in its own transaction, under the advisory lock.
    ///
    /// Opening a current database takes no lock (the applied names are read first); a new or
    /// older one is migrated by whichever process gets the lock first, and the others find the
    /// work done when they get it.
    /// - Throws: `StoreError.newerSchema` for a database with migrations this Relief does not know.
    /// - Parameter create: false to refuse a database that holds no Relief tables yet
    ///   (`StoreError.cannotOpen`: reading reports from it would only hide a mistyped name).
    static func migrate(_ link: PostgresLink, location: String, create: Bool = true) throws {
        func applied() throws -> [String] {
            let exists = try link.query("SELECT to_regclass('relief_migrations') IS NOT NULL")
            guard try exists.first?.decode(Bool.self) == true else { return [] }
            return try link.query("SELECT name FROM relief_migrations").map { try $0.decode(String.self) }
        }
        func check(_ done: [String]) throws -> Bool {
            let unknown = Set(done).subtracting(names).sorted()
            if !unknown.isEmpty { throw StoreError.newerSchema(path: location, unknownMigrations: unknown) }
            return Set(done) == Set(names)
        }
        let found = try applied()
        if try check(found) { return }
        if found.isEmpty && !create {
            throw StoreError.cannotOpen(path: location, reason: "the database holds no Relief records yet "
                + "(import into it first: relief import FILE... --db \(location))")
        }
        try link.execute("SELECT pg_advisory_lock(\(lockKey))")
        defer { _ = try? link.execute("SELECT pg_advisory_unlock(\(lockKey))") }
        try link.execute(bookkeeping)
        let done = Set(try applied())
        if try check(Array(done)) { return }
        for migration in migrations where !done.contains(migration.name) {
            try link.execute("BEGIN")
            do {
                for statement in migration.sql { try link.execute(statement) }
                var binds = PostgresBindings()
                binds.append(migration.name)
                try link.execute("INSERT INTO relief_migrations (name) VALUES ($1)", binds)
                try link.execute("COMMIT")
            } catch {
                _ = try? link.execute("ROLLBACK")
                throw error
            }
        }
    }
}
