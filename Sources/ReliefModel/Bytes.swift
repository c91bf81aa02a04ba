/// Byte comparisons shared by the readers' hot loops (the import's `ByteInterner`, the store's
/// `TextCache`): inlinable, so each loop gets the comparison inlined as its own copy was.
public enum Bytes {
    /// Whether `count` bytes at `a` and `b` are the same, compared eight at a time.
    @inlinable @inline(__always)
    public static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        while i + 8 <= count {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }
}
