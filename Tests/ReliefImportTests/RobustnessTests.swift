import Foundation
import ReliefTestSupport
import Testing
import ReliefModel
@testable import ReliefImport

/// Damaged input of every format gives a summary or an `ImportError`, never a crash,
/// and the summary always balances.
@Suite struct RobustnessTests {

    static let seeds: [(String, String)] = [
        ("s.csv", sessionsAround("S1,C1,T1,2026-03-03,60,medical,\"a,b\",firm,neck,5,3,,,,,\"x\"\"y\nz\"")),
        ("s.json", #"{"sessions": [{"session_id": "S1", "client_id": "C1", "date": "2026-03-02", "pain_before": 6, "technique": ["a", "b"]}], "clients": [{"client_id": "C1", "name": "A\u00e9"}]}"#),
        ("s.ndjson", "{\"session_id\": \"S1\", \"client_id\": \"C1\", \"date\": \"2026-03-02\", \"pain_before\": 6}\n{\"session_id\": \"S2\", \"client_id\": \"C1\", \"date\": \"2026-03-03\", \"pain_before\": 5}\n"),
        ("b.json", (try? String(contentsOf: repositoryRoot.appendingPathComponent("docs/fhir-example.json"), encoding: .utf8)) ?? "{}"),
    ]

    @Test(arguments: 0..<4)
    func mutatedFilesNeverCrash(seedIndex: Int) throws {
        let (name, text) = Self.seeds[seedIndex]
        var rng = SeededGenerator(seed: UInt64(seedIndex + 1) * 7919)
        let original = Array(text.utf8)
        let alphabet: [UInt8] = Array(",;\"\n\r{}[]:\\ 0123456789.-eE".utf8) + [0xC3, 0xA9, 0xFF, 0x00]
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...6, using: &rng) where !bytes.isEmpty {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[i] = alphabet.randomElement(using: &rng)!
                case 1: bytes.remove(at: i)
                default: bytes.insert(alphabet.randomElement(using: &rng)!, at: i)
                }
            }
            do {
                let (summary, sink) = try readBytes(bytes, name: name)
                #expect(summary.isBalanced)
                #expect(sink.records.count == summary.accepted)
            } catch is ImportError {
                // A whole-file refusal is a fine answer to a damaged file.
            }
        }
    }

    @Test func truncatedFilesNeverCrash() throws {
        for (name, text) in Self.seeds {
            let bytes = Array(text.utf8)
            for n in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
                do {
                    let (summary, _) = try readBytes(Array(bytes[0..<n]), name: name)
                    #expect(summary.isBalanced)
                } catch is ImportError {}
            }
        }
    }
}
