#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unpacks one large entry on a second thread while the calling thread parses it.
///
/// Inflating is about a third of the cost of reading a sheet; on a machine with two cores
/// the two overlap. The threads hand over copies of the unpacked chunks through a queue
/// of at most `depth` chunks, so memory stays bounded (`depth` × 256 KiB). Every limit is
/// still checked by `ZipInflater` on the producing thread; its error, or the consumer's,
/// stops both sides, and the producer is always joined before `run` returns.
final class InflatePipeline: @unchecked Sendable {
    // All mutable state below is guarded by `mutex`.
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
    private var queue: [[UInt8]] = []
    private var head = 0
    private var finished = false
    private var cancelled = false
    private var producerError: (any Error)?
    private var producedTotal: Int64 = 0

    private let inflater: ZipInflater
    private let entry: ZipEntry
    private let startTotal: Int64
    private let depth = 4
    /// Bytes handed over at a time: fewer, larger hand-overs mean fewer thread switches.
    private let batchSize = 256 << 10

    /// Thrown inside the producer when the consumer has stopped.
    private struct Cancelled: Error {}

    private init(inflater: ZipInflater, entry: ZipEntry, total: Int64) {
        self.inflater = inflater
        self.entry = entry
        self.startTotal = total
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
    }

    deinit {
        pthread_cond_destroy(&changed)
        pthread_mutex_destroy(&mutex)
    }

    /// Inflates `entry` on a second thread and passes its chunks to `consumer` on this one,
    /// in order. Falls back to one thread when no thread can be started.
    ///
    /// - Throws: the inflater's `XLSXError`, or what `consumer` throws.
    static func run(
        _ inflater: ZipInflater, entry: ZipEntry, total: inout Int64,
        consumer: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        let pipeline = InflatePipeline(inflater: inflater, entry: entry, total: total)
        let context = Unmanaged.passRetained(pipeline).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let started = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<InflatePipeline>.fromOpaque(raw).takeRetainedValue().produce()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<InflatePipeline>.fromOpaque(context).release()
            try inflater.inflate(entry, total: &total, consumer: consumer)
            return
        }
        #if canImport(Glibc)
        defer { pthread_join(thread, nil) }
        #else
        defer { if let thread { pthread_join(thread, nil) } }
        #endif
        do {
            while let chunk = pipeline.next() {
                try chunk.withUnsafeBufferPointer { try consumer($0) }
            }
        } catch {
            pipeline.cancel()
            throw error
        }
        let (produced, failure) = pipeline.outcome()
        total = produced
        if let failure { throw failure }
    }

    /// The producer thread's work.
    private func produce() {
        var total = startTotal
        var failure: (any Error)?
        var batch: [UInt8] = []
        batch.reserveCapacity(batchSize + 65_536)
        // Hands `batch` to the consumer, waiting while the queue is full.
        func handOver() throws {
            let full = batch
            batch = []
            batch.reserveCapacity(batchSize + 65_536)
            pthread_mutex_lock(&mutex)
            defer { pthread_mutex_unlock(&mutex) }
            while queue.count - head >= depth && !cancelled { pthread_cond_wait(&changed, &mutex) }
            if cancelled { throw Cancelled() }
            if head > depth {
                queue.removeFirst(head)
                head = 0
            }
            queue.append(full)
            pthread_cond_broadcast(&changed)
        }
        do {
            try inflater.inflate(entry, total: &total) { chunk in
                batch.append(contentsOf: chunk)
                if batch.count >= batchSize { try handOver() }
            }
            if !batch.isEmpty { try handOver() }
        } catch is Cancelled {
        } catch {
            failure = error
        }
        pthread_mutex_lock(&mutex)
        finished = true
        producerError = failure
        producedTotal = total
        pthread_cond_broadcast(&changed)
        pthread_mutex_unlock(&mutex)
    }

    /// The next chunk, waiting for it; nil once the producer has finished and all is taken.
    private func next() -> [UInt8]? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while queue.count == head && !finished { pthread_cond_wait(&changed, &mutex) }
        guard queue.count > head else { return nil }
        let chunk = queue[head]
        queue[head] = []
        head += 1
        pthread_cond_broadcast(&changed)
        return chunk
    }

    /// Tells the producer to stop.
    private func cancel() {
        pthread_mutex_lock(&mutex)
        cancelled = true
        pthread_cond_broadcast(&changed)
        pthread_mutex_unlock(&mutex)
    }

    /// The running total and the producer's error, once it has finished.
    private func outcome() -> (Int64, (any Error)?) {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return (producedTotal, producerError)
    }
}
