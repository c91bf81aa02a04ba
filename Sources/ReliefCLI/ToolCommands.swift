import ArgumentParser
import ChartCairo
import ChartScene
import Foundation

/// `relief compare-images A B`: pixel comparison used by the sample-report checks.
struct CompareImagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare-images",
        abstract: "Compare two PNGs pixel by pixel (exit 1 when they differ beyond the tolerance).",
        shouldDisplay: false)

    @Argument var expected: String
    @Argument var actual: String
    @Option(help: "Largest share of pixels allowed to differ noticeably.") var tolerance = 0.002
    @Option(help: "Write a diff image here when they differ.") var diff: String?

    func run() throws {
        let a = try RasterImage(pngFile: expected)
        let b = try RasterImage(pngFile: actual)
        let result = a.compare(to: b)
        print("\(result.differingPixels) of \(result.totalPixels) pixels differ (\(String(format: "%.4f", result.differingFraction))), largest channel difference \(result.maxChannelDelta)" +
              (result.sizesMatch ? "" : "; sizes differ: \(a.width)×\(a.height) vs \(b.width)×\(b.height)"))
        guard result.sizesMatch, result.differingFraction <= tolerance else {
            if let diff, let image = result.diff { try AtomicFile.write(image.pngData(), to: diff) }
            throw ExitCode(1)
        }
    }
}

/// `relief bench-chart`: renders the benchmark's session pain chart N times (Benchmarks/run).
struct BenchChartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-chart", abstract: "Render the benchmark chart repeatedly.", shouldDisplay: false)

    @Option var format = "png"
    @Option(name: .customLong("repeat")) var repeatCount = 100
    @Option var out: String

    static let chart = SessionPainChart(
        title: "Pain before and after each session",
        sessions: zip(zip([7, 7, 6.5, 6, 6, 5, 5.5, 4.5, 4, 4, 3.5, 3], [4, 3.5, 3.5, 3, 3, 2.5, 3, 2, 2, 1.5, 1.5, 1]),
                      [1, 4, 8, 11, 15, 18, 22, 25, 29, 32, 36, 39]).map { .init(day: 20_362 + $0.1, pre: $0.0.0, post: $0.0.1) },
        baseline: 7)

    func run() throws {
        let measuring = PangoTextMeasurer()
        for i in 0..<repeatCount {
            let scene = Self.chart.build(size: Size(480, 260), theme: .standard, measuring: measuring)
            if format == "pdf" {
                try CairoRenderer.writePDF(scene, metadata: DocumentMetadata(title: "bench", creationDate: "2026-11-01"), to: "\(out)/relief-\(i).pdf")
            } else {
                try CairoRenderer.writePNG(scene, to: "\(out)/relief-\(i).png", scale: 2)
            }
        }
    }
}
