import ReliefCalendar
import Testing
@testable import ChartScene

@Suite struct NiceTicksTests {
    @Test func niceNumbersRoundToOneTwoFive() {
        #expect(NiceTicks.niceNumber(1.4, round: true) == 1)
        #expect(NiceTicks.niceNumber(2.9, round: true) == 2)
        #expect(NiceTicks.niceNumber(6.9, round: true) == 5)
        #expect(NiceTicks.niceNumber(7.1, round: true) == 10)
        #expect(NiceTicks.niceNumber(0.031, round: false) == 0.05)
        #expect(NiceTicks.niceNumber(120, round: false) == 200)
    }

    @Test func looseTicksEncloseTheData() {
        let t = NiceTicks.loose(0.3, 9.3, count: 6)
        #expect(t.values == [0, 2, 4, 6, 8, 10])
        #expect(t.decimals == 0)
        let small = NiceTicks.loose(0.12, 0.47, count: 5)
        #expect(small.values.first! <= 0.12 && small.values.last! >= 0.47)
        #expect(small.decimals == 1)
    }

    @Test func insideTicksStayInAFixedDomain() {
        #expect(NiceTicks.inside(0, 10, count: 6).values == [0, 2, 4, 6, 8, 10])
        #expect(NiceTicks.inside(0, 1, count: 5).values.count == 6)
        #expect(NiceTicks.inside(0, 1, count: 5).values.last == 1)
    }

    @Test func degenerateDomainsAreWidened() {
        #expect(NiceTicks.widen(5, 5) == (4.5, 5.5))
        #expect(NiceTicks.widen(0, 0) == (0, 1))
        #expect(NiceTicks.widen(3, 1) == (1, 3))
        #expect(NiceTicks.widen(.nan, .infinity) == (0, 1))
        #expect(NiceTicks.loose(5, 5, count: 5).values.count >= 2)
    }
}

@Suite struct NumberFormatTests {
    @Test func fixedDecimalsWithARealMinus() {
        #expect(NumberFormat.fixed(3.14159, decimals: 2) == "3.14")
        #expect(NumberFormat.fixed(-2.25, decimals: 1) == "\u{2212}2.3")
        #expect(NumberFormat.fixed(-0.01, decimals: 1) == "0.0")
        #expect(NumberFormat.fixed(0.05, decimals: 2) == "0.05")
        #expect(NumberFormat.fixed(12, decimals: 0) == "12")
        #expect(NumberFormat.fixed(.nan, decimals: 1) == "–")
    }

    @Test func compactDropsNeedlessDecimals() {
        #expect(NumberFormat.compact(7) == "7")
        #expect(NumberFormat.compact(6.5) == "6.5")
        #expect(NumberFormat.compact(4.55, maxDecimals: 1) == "4.6")
    }
}

@Suite struct DateTicksTests {
    let jan6 = Day.ordinal(year: 2025, month: 1, day: 6)

    @Test func weeksFallOnMondays() {
        let ticks = DateTicks.ticks(jan6 - 3, jan6 + 20, unit: .weeks(1))
        #expect(ticks == [jan6, jan6 + 7, jan6 + 14])
        #expect(ticks.allSatisfy { Day.weekday(ordinal: $0) == 0 })
    }

    @Test func monthsAreFirstDaysAlignedToTheStep() {
        let ticks = DateTicks.ticks(jan6, jan6 + 365, unit: .months(3))
        #expect(ticks == [4, 7, 10].map { Day.ordinal(year: 2025, month: $0, day: 1) } + [Day.ordinal(year: 2026, month: 1, day: 1)])
    }

    @Test func labelsNameTheYearOnceAndWhereItChanges() {
        let ticks = DateTicks.ticks(Day.ordinal(year: 2024, month: 11, day: 1), jan6 + 40, unit: .months(1))
        #expect(DateTicks.labels(ticks, unit: .months(1), theme: .standard) == ["Nov 2024", "Dec", "Jan 2025", "Feb"])
        let days = DateTicks.labels([jan6, jan6 + 1], unit: .days(1), theme: .standard)
        #expect(days == ["6 Jan 2025", "7 Jan"])
    }

    @Test func yearsTicks() {
        let lo = Day.ordinal(year: 2019, month: 6, day: 1), hi = Day.ordinal(year: 2031, month: 1, day: 1)
        let labels = DateTicks.labels(DateTicks.ticks(lo, hi, unit: .years(5)), unit: .years(5), theme: .standard)
        #expect(labels == ["2020", "2025", "2030"])
    }
}

@Suite struct LinearScaleTests {
    @Test func mapsAndInverts() {
        let s = LinearScale(domain: 0, 10, range: 200, 100)
        #expect(s(0) == 200 && s(10) == 100 && s(5) == 150)
        #expect(s.invert(150) == 5)
        #expect(s.pointsPerUnit == 10)
    }
}
