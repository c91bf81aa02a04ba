import ChartCairo
import ChartScene
import Foundation
import ReliefFiles

/// The benchmark's growth curve (docs/performance.md, "Growth"): time and peak memory of each
/// task against the number of sessions, drawn by Relief's own chart code from the rows
/// `Benchmarks/run --only growth` measured.
public enum GrowthChart {
    /// One measurement: a task at a size.
    public struct Row: Codable, Sendable, Hashable {
        public var task: String
        public var sessions: Int
        public var seconds: Double
        public var rssMiB: Double
        public init(task: String, sessions: Int, seconds: Double, rssMiB: Double) {
            self.task = task; self.sessions = sessions; self.seconds = seconds; self.rssMiB = rssMiB
        }
    }

    /// The charts: seconds and peak MiB against millions of sessions, one series per task (in
    /// the order tasks first appear). A month of reports takes ~50× an import's time, so its
    /// seconds get a chart of their own (`month`, nil without month rows): on one axis the
    /// import's and the analysis's points would lie flat on the zero line.
    public static func charts(_ rows: [Row]) -> (time: ScatterChart, memory: ScatterChart, month: ScatterChart?) {
        var tasks: [String] = []
        for r in rows where !tasks.contains(r.task) { tasks.append(r.task) }
        func points(_ rows: [Row], _ tasks: [String], _ value: (Row) -> Double) -> [ScatterChart.Datum] {
            rows.map { .init(x: Double($0.sessions) / 1_000_000, y: value($0), group: tasks.firstIndex(of: $0.task) ?? 0) }
        }
        // Both axes from zero: a straight line through the origin is linear growth.
        let x = 0...max(0.001, (rows.map { Double($0.sessions) }.max() ?? 0) / 1_000_000 * 1.05)
        func range(_ rows: [Row], _ value: (Row) -> Double) -> ClosedRange<Double> { 0...max(1, (rows.map(value).max() ?? 0) * 1.1) }
        let monthTask = "month"
        let quick = rows.filter { $0.task != monthTask }, quickTasks = tasks.filter { $0 != monthTask }
        let time = ScatterChart(title: "Time against size", subtitle: "Wall seconds, one run each",
                                points: points(quick, quickTasks, \.seconds), groups: quickTasks,
                                xTitle: "Sessions (millions)", yTitle: "Seconds", xRange: x, yRange: range(quick, \.seconds))
        let memory = ScatterChart(title: "Peak memory against size", subtitle: "Largest resident set of the process",
                                  points: points(rows, tasks, \.rssMiB), groups: tasks,
                                  xTitle: "Sessions (millions)", yTitle: "MiB", xRange: x, yRange: range(rows, \.rssMiB))
        let months = rows.filter { $0.task == monthTask }
        let month = months.isEmpty ? nil : ScatterChart(
            title: "A month of reports against size", subtitle: "Wall seconds, PDFs only, one run each",
            points: points(months, [monthTask], \.seconds), groups: [monthTask],
            xTitle: "Sessions (millions)", yTitle: "Seconds", xRange: x, yRange: range(months, \.seconds))
        return (time, memory, month)
    }

    /// Reads `rows` (a JSON array of `Row`) and writes `<out>-time.png`, `<out>-memory.png` and,
    /// with month rows, `<out>-month.png`.
    /// - Throws: `DecodingError`, `RenderError`, `WorkflowError.cannotWrite`.
    public static func render(json: Data, out: String) throws {
        let rows = try JSONDecoder().decode([Row].self, from: json)
        let (time, memory, month) = charts(rows)
        let measuring = PangoTextMeasurer(), png = CairoPNG(scale: 1.5)
        for (name, chart) in [("time", time), ("memory", memory)] + (month.map { [("month", $0)] } ?? []) {
            let scene = chart.build(size: Size(520, 300), theme: .standard, measuring: measuring)
            let bytes = try png.render(scene)
            try writing { try OwnerOnlyFiles.write(bytes, to: "\(out)-\(name).png") }
        }
    }
}
