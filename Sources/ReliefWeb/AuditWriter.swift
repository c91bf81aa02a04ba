import ReliefStore
import ReliefWorkflows

/// The audit trail's group commit: every request waits until its line is stored (nothing is
/// shown that was not recorded), but lines that arrive while one transaction commits are
/// stored together in the next, so fifty pages at once cost a few transactions, not fifty.
actor AuditWriter {
    private var pending: [(AuditEntry, CheckedContinuation<Void, any Error>)] = []
    private var flushing = false
    private let write: @Sendable ([AuditEntry]) async throws -> Void

    init(write: @escaping @Sendable ([AuditEntry]) async throws -> Void) { self.write = write }

    /// Returns once the line is stored; throws what storing it threw.
    func append(_ entry: AuditEntry) async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            pending.append((entry, c))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                try await write(batch.map(\.0))
                for (_, c) in batch { c.resume() }
            } catch {
                for (_, c) in batch { c.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
