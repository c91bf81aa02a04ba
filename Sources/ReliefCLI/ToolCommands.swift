import ArgumentParser
import Foundation
import ReliefWorkflows

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
        let result = try ImageComparison.compare(expected: expected, actual: actual, tolerance: tolerance, diff: diff)
        print(result.summary)
        guard result.matches else { throw ExitCode(1) }
    }
}

/// `relief growth-chart`: the benchmark's growth curve as two PNGs (Benchmarks/run --only growth).
struct GrowthChartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "growth-chart", abstract: "Draw the benchmark's growth curve from its JSON rows.", shouldDisplay: false)

    @Option(help: "JSON array of {task, sessions, seconds, rssMiB}.") var rows: String
    @Option(help: "Path prefix: writes <out>-time.png and <out>-memory.png.") var out: String

    func run() throws {
        try GrowthChart.render(json: try Data(contentsOf: URL(fileURLWithPath: rows)), out: out)
    }
}

/// `relief bench-chart`: renders the benchmark's session pain chart N times (Benchmarks/run).
struct BenchChartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-chart", abstract: "Render the benchmark chart repeatedly.", shouldDisplay: false)

    @Option var format = "png"
    @Option(name: .customLong("repeat")) var repeatCount = 100
    @Option var out: String

    func run() throws {
        try ChartBenchmark.run(format: format, count: repeatCount, folder: out)
    }
}

/// `relief bench-client --db PATH`: times one-client record reads (Benchmarks/run's import rows).
struct BenchClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-client", abstract: "Time one-client record reads.", shouldDisplay: false)

    @Option var db: String
    @Option(name: .customLong("repeat")) var repeatCount = 200

    func run() throws {
        print(try ClientReadBenchmark.run(location: db, count: repeatCount).summary)
    }
}
