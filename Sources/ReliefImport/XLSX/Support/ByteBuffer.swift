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

    /// Appends `more`.
    func append(_ more: UnsafeBufferPointer<UInt8>) {
        guard let source = more.baseAddress, !more.isEmpty else { return }
        if count + more.count > capacity {
            var grown = capacity * 2
            while grown < count + more.count { grown *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            bigger.update(from: storage, count: count)
            storage.deallocate()
            storage = bigger
            capacity = grown
        }
        (storage + count).update(from: source, count: more.count)
        count += more.count
    }
}
