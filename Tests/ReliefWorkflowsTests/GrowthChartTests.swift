import Foundation
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

@Suite struct GrowthChartTests {
    @Test func oneSeriesPerTaskInMillionsOfSessionsFromZero() {
        let rows = [GrowthChart.Row(task: "import", sessions: 100_000, seconds: 0.2, rssMiB: 60),
                    GrowthChart.Row(task: "analysis", sessions: 100_000, seconds: 0.3, rssMiB: 90),
                    GrowthChart.Row(task: "import", sessions: 1_000_000, seconds: 1.9, rssMiB: 110)]
        let (time, memory, month) = GrowthChart.charts(rows)
        #expect(month == nil)
        #expect(time.groups == ["import", "analysis"])
        #expect(time.points.map(\.x) == [0.1, 0.1, 1.0] && time.points.map(\.group) == [0, 1, 0])
        #expect(time.points.map(\.y) == [0.2, 0.3, 1.9] && memory.points.map(\.y) == [60, 90, 110])
        #expect(time.xRange?.lowerBound == 0 && time.xRange?.upperBound == 1.05)
        #expect(memory.yRange?.lowerBound == 0 && abs((memory.yRange?.upperBound ?? 0) - 121) < 1e-9)
    }

    @Test func aMonthOfReportsHasATimeChartOfItsOwn() throws {
        let rows = [GrowthChart.Row(task: "import", sessions: 100_000, seconds: 0.3, rssMiB: 60),
                    GrowthChart.Row(task: "month", sessions: 100_000, seconds: 13, rssMiB: 110),
                    GrowthChart.Row(task: "analysis", sessions: 1_000_000, seconds: 3.7, rssMiB: 187),
                    GrowthChart.Row(task: "month", sessions: 1_000_000, seconds: 231, rssMiB: 330)]
        let (time, memory, month) = GrowthChart.charts(rows)
        // The import's and analysis's seconds on an axis of their own, not squashed under the month's.
        #expect(time.groups == ["import", "analysis"] && time.points.map(\.y) == [0.3, 3.7])
        #expect(time.points.map(\.group) == [0, 1])
        #expect(abs((time.yRange?.upperBound ?? 0) - 4.07) < 1e-9)
        let m = try #require(month)
        #expect(m.groups == ["month"] && m.points.map(\.y) == [13, 231] && m.points.map(\.group) == [0, 0])
        #expect(abs((m.yRange?.upperBound ?? 0) - 254.1) < 1e-9)
        // Memory keeps every task on one chart.
        #expect(memory.groups == ["import", "month", "analysis"] && memory.points.count == 4)
    }
}
