/// A growable byte buffer that is cleared without freeing, and shared by reference, so a
/// handler struct holding one is never copied or uniqueness-checked per cell.
final class ByteBuffer {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The number of bytes held.
    private(set) var count = 0

    /// An empty buffer.
    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// The bytes held; valid until the next change.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    /// Forgets the bytes, keeping the memory.
    @inline(__always)
    func clear() { count = 0 }

    /// Forgets the bytes from `newCount` on.
    @inline(__always)
    func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count)
        count = newCount
    }

    /// Appends `more`.
    func append(_ more: UnsafeBufferPointer<UInt8>) {
        guard let source = more.baseAddress, !more.isEmpty else { return }
        if count + more.count > capacity { grow(to: count + more.count) }
        (storage + count).update(from: source, count: more.count)
        count += more.count
    }

    /// Appends the UTF-8 of `text`.
    func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends up to `maxCount` bytes that `write` stores at the pointer it is given; `write`
    /// returns how many it stored (at most `maxCount`).
    @inline(__always)
    func append(maxCount: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        if count + maxCount > capacity { grow(to: count + maxCount) }
        let n = write(storage + count)
        precondition(n >= 0 && n <= maxCount)
        count += n
    }

    private func grow(to needed: Int) {
        var grown = capacity * 2
        while grown < needed { grown *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        bigger.update(from: storage, count: count)
        storage.deallocate()
        storage = bigger
        capacity = grown
    }
}
