import ReliefModel

/// Where `RecordReader` sends each accepted record, in file order.
///
/// The contract is deliberately small: one call per accepted record, with the
/// line the record started on. A sink that throws stops the read; the error comes
/// back wrapped in `ImportError.sinkFailed`. Rejected rows never reach the sink:
/// they are in the returned `ReadSummary`.
///
/// ```swift
/// struct Counter: RecordSink {
///     var n = 0
///     mutating func accept(_ record: Record, line: Int) throws { n += 1 }
/// }
/// ```
public protocol RecordSink {
    mutating func accept(_ record: Record, line: Int) throws
    /// A client named by a session or check-in row (a file whose rows name the client, with or
    /// without a client id), delivered once per client before its first record. It carries the
    /// id and the name only: a store creates the client, or gives a known client its name, but
    /// must not clear what a client file gave it (segment, complaint …). The default hands it to
    /// `accept` as a client record.
    mutating func acceptNamedClient(_ client: Client, line: Int) throws
    /// Whether the sink itself finds session ids the file repeats (a store that can tell the
    /// rows this file wrote from those stored before it). A one-pass read
    /// (`ImportOptions.optimistic`) then keeps no hash of every session id, only of rejected
    /// session rows, whose ids it hands to `noteRejectedSession`; the sink throws when it meets a
    /// repeat, and the caller reads the file again in full. Default: false.
    var checksRepeatedSessions: Bool { get }
    /// A rejected session row's id (only when `checksRepeatedSessions`): an accepted session of
    /// the file with the same id is a repeat the sink must report.
    mutating func noteRejectedSession(id: String)
}

extension RecordSink {
    public mutating func acceptNamedClient(_ client: Client, line: Int) throws {
        try accept(.client(client), line: line)
    }
    public var checksRepeatedSessions: Bool { false }
    public mutating func noteRejectedSession(id: String) {}
}

/// A sink that keeps every record (tests, `--dry-run`, small files).
public struct RecordCollector: RecordSink, Sendable {
    public var records: [Record] = []
    public var lines: [Int] = []
    public init() {}
    public mutating func accept(_ record: Record, line: Int) throws {
        records.append(record)
        lines.append(line)
    }
    public var sessions: [Session] { records.compactMap { if case .session(let s) = $0 { s } else { nil } } }
    public var clients: [Client] { records.compactMap { if case .client(let c) = $0 { c } else { nil } } }
    public var therapists: [Therapist] { records.compactMap { if case .therapist(let t) = $0 { t } else { nil } } }
    public var checkIns: [CheckIn] { records.compactMap { if case .checkIn(let c) = $0 { c } else { nil } } }
}

/// A sink that only counts (benchmarks, validation without keeping records).
public struct RecordCounter: RecordSink, Sendable {
    public var count = 0
    public init() {}
    public mutating func accept(_ record: Record, line: Int) throws { count += 1 }
}
