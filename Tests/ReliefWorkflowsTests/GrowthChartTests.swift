import Foundation
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

@Suite struct GrowthChartTests {
    @Test func oneSeriesPerTaskInMillionsOfSessionsFromZero() {
        let rows = [GrowthChart.Row(task: "import", sessions: 100_000, seconds: 0.2, rssMiB: 60),
                    GrowthChart.Row(task: "analysis", sessions: 100_000, seconds: 0.3, rssMiB: 90),
                    GrowthChart.Row(task: "import", sessions: 1_000_000, seconds: 1.9, rssMiB: 110)]
        let (time, memory) = GrowthChart.charts(rows)
        #expect(time.groups == ["import", "analysis"])
        #expect(time.points.map(\.x) == [0.1, 0.1, 1.0] && time.points.map(\.group) == [0, 1, 0])
        #expect(time.points.map(\.y) == [0.2, 0.3, 1.9] && memory.points.map(\.y) == [60, 90, 110])
        #expect(time.xRange?.lowerBound == 0 && time.xRange?.upperBound == 1.05)
        #expect(memory.yRange?.lowerBound == 0 && abs((memory.yRange?.upperBound ?? 0) - 121) < 1e-9)
    }
}
