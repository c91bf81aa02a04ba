import ReliefTestSupport
import Foundation
import ReliefModel
@testable import ReliefSample
import ReliefImport

/// Helpers shared by the sample generator's tests.
enum SampleTestSupport {
    /// FNV-1a, 64-bit: a stable fingerprint for golden files (not a cryptographic hash).
    static func fnv1a(_ bytes: Data) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }



    /// A minimal RFC 4180 reader for checking the writer: records of fields, LF or CRLF.
    static func parseCSV(_ data: Data) -> [[String]] {
        let bytes = [UInt8](data)
        var records: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var i = 0
        var quoted = false
        var fieldStarted = false
        func endField() { fields.append(String(decoding: field, as: UTF8.self)); field = []; fieldStarted = false }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                    quoted = false
                } else {
                    field.append(b)
                }
            } else if b == 0x22 && !fieldStarted && field.isEmpty {
                quoted = true
                fieldStarted = true
            } else if b == 0x2C {
                endField()
            } else if b == 0x0A {
                endField()
                records.append(fields)
                fields = []
            } else if b != 0x0D {
                field.append(b)
                fieldStarted = true
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty { endField(); records.append(fields) }
        return records
    }

    /// Sessions grouped by client, in day order.
    static func sessionsByClient(_ data: SampleData) -> [String: [Session]] {
        var result: [String: [Session]] = [:]
        for s in data.sessions { result[s.clientID, default: []].append(s) }
        for k in result.keys { result[k]!.sort { ($0.day, $0.minute ?? 0) < ($1.day, $1.minute ?? 0) } }
        return result
    }
}
