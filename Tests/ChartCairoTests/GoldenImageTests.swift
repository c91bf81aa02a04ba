import Foundation
import Testing
@testable import ChartCairo
import ChartScene

/// A few charts compared with golden PNGs (recorded on the project's machine kind),
/// with a per-pixel tolerance so anti-aliasing noise passes and layout changes fail.
///
/// On failure a diff image (differing pixels in red) is written next to the
/// rendered image in the temporary folder and its path printed.
/// `RELIEF_RECORD_GOLDEN=1 swift test --filter GoldenImageTests` re-records the
/// goldens — and fails, so a recording run is never mistaken for a pass.
@Suite struct GoldenImageTests {
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let recording = ProcessInfo.processInfo.environment["RELIEF_RECORD_GOLDEN"] == "1"
    /// A pixel differs when a channel moves by more than this…
    static let channelTolerance = 48
    /// …and the test fails when more than this fraction of pixels differ.
    static let allowedFraction = 0.002

    @Test(arguments: ["session-pain", "bar-horizontal", "session-pain-arabic", "relief-duration-compare"])
    func matchesGolden(name: String) throws {
        let rendered = try CairoRenderer.pngData(sampleScene(name), scale: 1)
        let golden = Self.goldenFolder.appendingPathComponent("\(name).png")
        if Self.recording {
            try rendered.write(to: golden)
            Issue.record("Recorded \(golden.path); unset RELIEF_RECORD_GOLDEN and run again.")
            return
        }
        guard FileManager.default.fileExists(atPath: golden.path) else {
            Issue.record("No golden at \(golden.path); record with RELIEF_RECORD_GOLDEN=1.")
            return
        }
        let expected = try RasterImage(pngFile: golden.path)
        let actual = try RasterImage(pngData: rendered)
        let result = expected.compare(to: actual, channelTolerance: Self.channelTolerance)
        let passed = result.sizesMatch && result.differingFraction <= Self.allowedFraction
        if !passed {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("relief-golden-diffs")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try rendered.write(to: out.appendingPathComponent("\(name)-actual.png"))
            if let diff = result.diff { try diff.pngData().write(to: out.appendingPathComponent("\(name)-diff.png")) }
            if !result.sizesMatch {
                Issue.record("\(name): rendered \(actual.width)×\(actual.height) px, golden \(expected.width)×\(expected.height) px; see \(out.path)")
            } else {
                Issue.record("""
                    \(name): \(result.differingPixels) of \(result.totalPixels) pixels differ \
                    (max channel delta \(result.maxChannelDelta)); see \(out.path)/\(name)-diff.png
                    """)
            }
        }
    }
}
