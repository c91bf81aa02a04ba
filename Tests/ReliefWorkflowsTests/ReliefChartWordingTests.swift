import ChartScene
import ReliefAnalytics
import ReliefCalendar
import ReliefReports
@testable import ReliefSample
import Testing

/// The relief curve's height is a share of sessions, for one client and for the clinic (where
/// each client's sessions weigh as much as any other client's): its axis must say sessions, as
/// its title does. The clinic's axis said "Clients still relieved" until 2026-12-06.
@Suite struct ReliefChartWordingTests {
    @Test func theClinicCurveNamesSessionsOnItsAxisAsItsTitleDoes() throws {
        let data = SampleGenerator.generate(SampleClinic(seed: 1))
        let outcomes = Analytics.cohort(data.clientRecords(), therapists: data.therapists, period: Period(SampleClinic.defaultEnd))
        let chart = ClinicCharts.relief(outcomes)
        try #require(!chart.curves.isEmpty, "the sample clinic has relief on record")
        #expect(chart.title.hasPrefix("Share of sessions"))
        let texts = chart.build(size: Size(480, 260), theme: .standard, measuring: FixedWidthTextMeasurer()).textDump()
        #expect(texts.contains("\"Sessions still relieved\""), "\(texts)")
        #expect(!texts.contains("Clients still relieved"))
    }
}
