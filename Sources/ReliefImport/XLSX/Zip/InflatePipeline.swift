#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unpacks one large entry on a second thread while the calling thread parses it.
///
/// Inflating is about a third of the cost of reading a sheet; on a machine with two cores
/// the two overlap. zlib unpacks straight into one of `poolSize` buffers of `bufferSize`
/// bytes, which the threads pass back and forth (filled ones to the parser, read ones back),
/// so nothing is copied between them and memory stays bounded (`poolSize` × 256 KiB).
/// Every limit is still checked by `ZipInflater` on the producing thread; its error, or the
/// consumer's, stops both sides, and the producer is always joined before `run` returns.
final class InflatePipeline: @unchecked Sendable {
    // All mutable state below is guarded by `mutex`; a buffer belongs to one thread at a
    // time: the producer's while it is in `free` or being filled, the consumer's from the
    // moment it enters `filled` until the consumer puts it back in `free`.
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
    /// Filled buffers in order: which one, and how many bytes.
    private var filled: [(index: Int, count: Int)] = []
    private var filledHead = 0
    /// Buffers ready to be filled.
    private var free: [Int]
    private var finished = false
    private var cancelled = false
    private var producerError: (any Error)?
    private var producedTotal: Int64 = 0

    private let inflater: ZipInflater
    private let entry: ZipEntry
    private let startTotal: Int64
    private static let poolSize = 4
    /// Bytes handed over at a time: fewer, larger hand-overs mean fewer thread switches.
    private static let bufferSize = 256 << 10
    private let pool: [UnsafeMutableBufferPointer<UInt8>]

    /// Thrown inside the producer when the consumer has stopped.
    private struct Cancelled: Error {}

    private init(inflater: ZipInflater, entry: ZipEntry, total: Int64) {
        self.inflater = inflater
        self.entry = entry
        self.startTotal = total
        pool = (0..<InflatePipeline.poolSize).map { _ in .allocate(capacity: InflatePipeline.bufferSize) }
        free = Array(pool.indices)
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
    }

    deinit {
        for buffer in pool { buffer.deallocate() }
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
            while let (index, count) = pipeline.next() {
                try consumer(UnsafeBufferPointer(rebasing: pipeline.pool[index][0..<count]))
                pipeline.release(index)
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
        // The buffer being filled and how many bytes it holds.
        var current = -1
        var used = 0
        // Takes a free buffer, waiting while there is none.
        func take() throws -> Int {
            pthread_mutex_lock(&mutex)
            defer { pthread_mutex_unlock(&mutex) }
            while free.isEmpty && !cancelled { pthread_cond_wait(&changed, &mutex) }
            if cancelled { throw Cancelled() }
            return free.removeLast()
        }
        // Passes `count` bytes of buffer `index` to the consumer.
        func handOver(_ index: Int, _ count: Int) throws {
            pthread_mutex_lock(&mutex)
            defer { pthread_mutex_unlock(&mutex) }
            if cancelled { throw Cancelled() }
            if filledHead > InflatePipeline.poolSize {
                filled.removeFirst(filledHead)
                filledHead = 0
            }
            filled.append((index, count))
            pthread_cond_broadcast(&changed)
        }
        do {
            // zlib writes into the rest of the current buffer; a full one is handed over.
            try inflater.inflate(entry, total: &total, output: {
                if current < 0 {
                    current = try take()
                    used = 0
                }
                return UnsafeMutableBufferPointer(rebasing: self.pool[current][used...])
            }) { chunk in
                if current >= 0, let base = pool[current].baseAddress, chunk.baseAddress == UnsafePointer(base + used) {
                    // Unpacked in place, after the bytes already there.
                    used += chunk.count
                } else {
                    // A stored entry's chunk, in the inflater's read buffer: copied.
                    var rest = chunk
                    while !rest.isEmpty {
                        if current < 0 {
                            current = try take()
                            used = 0
                        }
                        let n = min(rest.count, InflatePipeline.bufferSize - used)
                        UnsafeMutableBufferPointer(rebasing: pool[current][used..<(used + n)])
                            .update(fromContentsOf: UnsafeBufferPointer(rebasing: rest[0..<n]))
                        used += n
                        rest = UnsafeBufferPointer(rebasing: rest[n...])
                        if used == InflatePipeline.bufferSize {
                            try handOver(current, used)
                            current = -1
                        }
                    }
                }
                if current >= 0 && used == InflatePipeline.bufferSize {
                    try handOver(current, used)
                    current = -1
                }
            }
            if current >= 0 && used > 0 { try handOver(current, used) }
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

    /// The next filled buffer and its byte count, waiting for it; nil once the producer has
    /// finished and all is taken. The consumer gives it back with `release`.
    private func next() -> (Int, Int)? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while filled.count == filledHead && !finished { pthread_cond_wait(&changed, &mutex) }
        guard filled.count > filledHead else { return nil }
        let chunk = filled[filledHead]
        filledHead += 1
        return chunk
    }

    /// Returns a read buffer to the producer.
    private func release(_ index: Int) {
        pthread_mutex_lock(&mutex)
        free.append(index)
        pthread_cond_broadcast(&changed)
        pthread_mutex_unlock(&mutex)
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
