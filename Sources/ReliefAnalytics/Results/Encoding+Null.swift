import Foundation

extension KeyedEncodingContainer {
    /// Encodes the value, or JSON `null` when it is `nil`, so the key is always present.
    mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    /// Encodes a finite number, or `null` for `nil`, NaN and ±∞ (JSON has no NaN).
    mutating func encodeOrNull(_ value: Double?, forKey key: Key) throws {
        if let value, value.isFinite { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
