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
