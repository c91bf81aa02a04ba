import Foundation

/// Work on a thread of its own (Foundation's `Thread`), for jobs that must not wait for a place in
/// Dispatch's pool: long reads side by side, a month of reports beside a web server's pages.
///
/// The body is released while the thread still runs, right after it returns. A `Thread` left to
/// itself keeps its block until the thread exits, when Foundation releases it among the thread's
/// TSD destructors; if that is the last reference to a dispatch queue (a GRDB database pool owns
/// several), libdispatch disposes of the queue after its own per-thread state is gone, and
/// glibc's heap is corrupted ("malloc(): unaligned fastbin chunk detected", "corrupted
/// double-linked list"). It was seen in release builds of `ConcurrentSitesTests`, whose threads'
/// blocks held the last references to three stores (2 crashes in 3 runs; none in 10 with this).
///
/// ```swift
/// OwnThread.start(stackSize: 8 << 20) { renderTheMonth() }
/// ```
public enum OwnThread {
    /// Starts `body` on a new thread (of `stackSize` bytes when given) and returns at once.
    public static func start(stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
        let box = Once(body)
        let thread = Thread { box.take()?() }
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }

    /// A body given out once, then dropped.
    private final class Once: @unchecked Sendable {
        // `body` changes only while `lock` is held.
        private let lock = NSLock()
        private var body: (@Sendable () -> Void)?
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        func take() -> (@Sendable () -> Void)? {
            lock.withLock {
                defer { body = nil }
                return body
            }
        }
    }
}
