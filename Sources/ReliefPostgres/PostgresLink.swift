import Foundation
import PostgresNIO
import ReliefStore

/// One PostgreSQL connection, used by one thread at a time, with a synchronous face.
///
/// `RecordStore` is synchronous; PostgresNIO is asynchronous. The bridge is PostgresNIO's
/// `EventLoopFuture` interface: every query runs on the store's own event-loop thread
/// (`PostgresLink.eventLoopGroup`, never Swift concurrency's cooperative pool) and the calling
/// thread waits for its future. Nothing here is `async`, so no cooperative thread is ever
/// blocked by the store; a caller that is itself on a cooperative thread blocks only itself,
/// as it would on an SQLite read.
final class PostgresLink {
    /// The event loop every Relief connection runs on: one thread for the process, started on
    /// first use, never one of Swift concurrency's threads.
    static let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    static let logger: Logger = {
        var logger = Logger(label: "relief.postgres")
        // stdout carries `relief analyze --json`; the driver's own logging stays out of it.
        logger.logLevel = .critical
        return logger
    }()

    private static let nextID = IDCounter()

    let connection: PostgresConnection
    let location: PostgresLocation

    private init(connection: PostgresConnection, location: PostgresLocation) {
        self.connection = connection
        self.location = location
    }

    /// Connects and authenticates.
    /// - Throws: `StoreError.cannotOpen` with the server's reason (no such database, refused, authentication).
    static func connect(_ location: PostgresLocation, password: String?) throws -> PostgresLink {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch location.sslMode {
            case .disable:
                tls = .disable
            case .prefer, .require:
                var config = TLSConfiguration.makeClientConfiguration()
                config.certificateVerification = .none   // libpq's prefer and require check no certificate
                let context = try NIOSSLContext(configuration: config)
                tls = location.sslMode == .prefer ? .prefer(context) : .require(context)
            case .verifyCA, .verifyFull:
                var config = TLSConfiguration.makeClientConfiguration()
                config.certificateVerification = location.sslMode == .verifyFull ? .fullVerification : .noHostnameVerification
                tls = .require(try NIOSSLContext(configuration: config))
            }
        } catch {
            throw StoreError.cannotOpen(path: location.description, reason: "TLS could not be set up (\(error))")
        }
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: password,
            database: location.database, tls: tls)
        configuration.options.additionalStartupParameters = [("application_name", "relief")]
        do {
            let connection = try PostgresConnection.connect(
                on: eventLoopGroup.next(), configuration: configuration, id: nextID.next(), logger: logger).wait()
            return PostgresLink(connection: connection, location: location)
        } catch {
            throw PostgresErrors.openFailure(error, location: location, hasPassword: password != nil)
        }
    }

    var isClosed: Bool { connection.isClosed }

    /// Closes the connection and waits until it is closed; on the event loop's own thread (a
    /// `deinit` there) it does not wait, and the future keeps the connection until it is.
    func close() {
        let connection = self.connection
        guard !connection.isClosed else { return }
        let closed: EventLoopFuture<Void> = connection.close()
        if connection.eventLoop.inEventLoop {
            closed.whenComplete { _ in withExtendedLifetime(connection) {} }
        } else {
            try? closed.wait()
        }
    }

    deinit { close() }

    // MARK: - Queries

    /// Runs one statement and returns every row it produced.
    @discardableResult
    func query(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws -> [PostgresRow] {
        try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: Self.logger).wait().rows
    }

    /// Runs one statement; returns the rows it affected (the command tag's count).
    @discardableResult
    func execute(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws -> Int {
        try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: Self.logger).wait().metadata.rows ?? 0
    }

    /// Runs a SELECT through a cursor inside the current transaction, `batch` rows at a time,
    /// calling `body` on this thread with each row: a million sessions stream out without being
    /// held at once. Must run inside a transaction (`PostgresStore.read`).
    func forEachRow(_ sql: String, _ binds: PostgresBindings = PostgresBindings(), batch: Int = 2_000,
                    _ body: (PostgresRandomAccessRow) throws -> Void) throws {
        try execute("DECLARE relief_rows NO SCROLL CURSOR FOR " + sql, binds)
        while true {
            let rows = try query("FETCH FORWARD \(batch) FROM relief_rows")
            for row in rows { try body(row.makeRandomAccess()) }
            if rows.count < batch { break }
        }
        try execute("CLOSE relief_rows")
    }
}

/// Connection ids for the driver's log metadata.
private final class IDCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}

/// A few connections kept open between calls, each lent to one caller at a time: the store is
/// `Sendable` and `relief report month --jobs` reads from several threads at once.
final class LinkPool: @unchecked Sendable {
    let location: PostgresLocation
    private let password: String?
    private let lock = NSLock()
    private var idle: [PostgresLink] = []
    private let keepIdle = 4

    init(location: PostgresLocation, password: String?) {
        self.location = location
        self.password = password
    }

    /// Lends a connection to `body`; one left inside a transaction or broken is closed, not kept.
    func withLink<T>(_ body: (PostgresLink) throws -> T) throws -> T {
        let link = try take()
        do {
            let result = try body(link)
            give(link)
            return result
        } catch {
            if link.isClosed { link.close() } else { give(link) }
            throw error
        }
    }

    private func take() throws -> PostgresLink {
        lock.lock()
        while let link = idle.popLast() {
            if !link.isClosed { lock.unlock(); return link }
        }
        lock.unlock()
        return try PostgresLink.connect(location, password: password)
    }

    private func give(_ link: PostgresLink) {
        guard !link.isClosed else { return }
        lock.lock()
        if idle.count < keepIdle {
            idle.append(link)
            lock.unlock()
        } else {
            lock.unlock()
            link.close()
        }
    }

    deinit {
        for link in idle { link.close() }
    }
}

extension PostgresLink {
    /// `COPY table (columns) FROM STDIN` with `data` (text format, whole rows), inside the
    /// current transaction.
    ///
    /// PostgresNIO offers COPY only as an `async` function. It runs here in a task whose
    /// executor is this connection's event loop (`EventLoopTaskExecutor`), never Swift
    /// concurrency's cooperative pool, while the calling thread waits on a semaphore: the
    /// store's synchronous protocol stays synchronous, and no cooperative thread is blocked by it.
    @available(macOS 15.0, *)
    func copy(into table: String, columns: [String], data: ByteBuffer) throws {
        let connection = self.connection
        let outcome = CopyOutcome()
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: EventLoopTaskExecutor(connection.eventLoop)) {
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: PostgresLink.logger) { writer in
                    try await writer.write(data)
                }
                outcome.set(.success(()))
            } catch {
                outcome.set(.failure(error))
            }
            done.signal()
        }
        done.wait()
        try outcome.get()
    }
}

/// A `TaskExecutor` that runs jobs on a NIO event loop: the thread PostgresNIO's work happens on anyway.
@available(macOS 15.0, *)
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop
    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// The result of a COPY, handed from the event loop to the waiting thread (the semaphore orders the memory).
private final class CopyOutcome: @unchecked Sendable {
    private var result: Result<Void, any Error>?
    func set(_ r: Result<Void, any Error>) { result = r }
    func get() throws { try result?.get() }
}
