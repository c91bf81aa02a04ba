/// A growable byte buffer reused row after row, for field text that is not a
/// plain slice of the file: CSV fields with `""`, JSON strings with escapes,
/// joined JSON arrays, FHIR values.
final class ByteArena {
    private(set) var pointer: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        pointer = .allocate(capacity: capacity)
    }

    deinit { pointer.deallocate() }

    @inline(__always) func reset() { count = 0 }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { reserve(count + 1) }
        pointer[count] = byte
        count += 1
    }

    func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        if count + n > capacity { reserve(count + n) }
        (pointer + count).update(from: p, count: n)
        count += n
    }

    func append(_ s: String) {
        var s = s
        s.withUTF8 { u in if let b = u.baseAddress { append(b, u.count) } }
    }

    private func reserve(_ n: Int) {
        var c = capacity * 2
        while c < n { c *= 2 }
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        p.update(from: pointer, count: count)
        pointer.deallocate()
        pointer = p
        capacity = c
    }
}
