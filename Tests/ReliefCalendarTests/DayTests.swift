import Foundation
import Testing
@testable import ReliefCalendar
@testable import ReliefModel

@Suite struct DayTests {
    @Test func civilRoundTripMatchesFoundationCalendar() throws {
        // Independent reference: Foundation's Gregorian calendar in UTC.
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = try #require(TimeZone(identifier: "UTC"))
        // From 1600 on: Foundation switches to the Julian calendar before 15 October 1582.
        for ordinal in stride(from: -135_000, through: 2_900_000, by: 997) {
            let day = Day(ordinal: ordinal)
            let date = Date(timeIntervalSince1970: Double(ordinal) * 86_400)
            let parts = cal.dateComponents([.year, .month, .day, .weekday], from: date)
            let c = day.civil
            guard (1...9999).contains(c.year) else { continue }
            #expect(c.year == parts.year && c.month == parts.month && c.day == parts.day)
            #expect(Day(year: c.year, month: c.month, day: c.day) == day)
            // Foundation: 1 = Sunday … 7 = Saturday; ours: 0 = Monday … 6 = Sunday.
            #expect(day.weekday == ((parts.weekday ?? 0) + 5) % 7)
        }
    }

    @Test func knownDates() {
        #expect(Day(year: 1970, month: 1, day: 1)?.ordinal == 0)
        #expect(Day(year: 2000, month: 3, day: 1)?.ordinal == 11_017)
        #expect(Day(iso: "2026-03-14")?.iso == "2026-03-14")
        #expect(Day(iso: "2026-03-14")!.weekday == 5, "14 March 2026 is a Saturday")
        #expect((Day(iso: "2026-03-01")! - Day(iso: "2026-02-01")!) == 28)
    }

    @Test func uncheckedOrdinalsAndWeekdaysOfOrdinals() {
        #expect(Day.ordinal(year: 1969, month: 12, day: 31) == -1)
        let leapDay = Day.civil(ordinal: 19_782)
        #expect(leapDay.year == 2024 && leapDay.month == 2 && leapDay.day == 29)
        for ordinal in stride(from: -146_097, through: 146_097, by: 97) {
            let c = Day.civil(ordinal: ordinal)
            #expect(Day.ordinal(year: c.year, month: c.month, day: c.day) == ordinal)
        }
        #expect(Day.weekday(ordinal: 0) == 3, "1970-01-01 was a Thursday")
        #expect(Day.weekday(ordinal: -1) == 2)
        #expect(Day.daysIn(year: 1900, month: 2) == 28 && Day.daysIn(year: 2025, month: 4) == 30)
    }

    @Test func impossibleAndMalformedDatesAreRejected() {
        for text in ["2026-02-29", "2024-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "26-03-14", "2026/03/14", "2026-3-14", "", "2026-03-14T"] {
            #expect(Day(iso: text) == nil, "\(text)")
        }
        #expect(Day(iso: "2024-02-29") != nil, "leap day")
        #expect(Day(iso: "1900-02-29") == nil, "1900 was not a leap year")
        #expect(Day(iso: "2000-02-29") != nil, "2000 was")
    }

    @Test func months() throws {
        let m = try #require(Month(iso: "2026-02"))
        #expect(m.first.iso == "2026-02-01" && m.last.iso == "2026-02-28" && m.dayCount == 28)
        #expect(Month(iso: "2026-01")!.previous.iso == "2025-12")
        #expect(Month(iso: "2026-12")!.next.iso == "2027-01")
        #expect(Month(iso: "2026-13") == nil)
        #expect(Period(m).length == 28)
    }

    @Test func scoresAndLists() {
        #expect(Score.isValid(0) && Score.isValid(10) && Score.isValid(6.5))
        #expect(!Score.isValid(10.1) && !Score.isValid(-0.5) && !Score.isValid(6.55) && !Score.isValid(.nan))
        #expect(ListField.split(" neck; shoulders ;;lower-back") == ["neck", "shoulders", "lower-back"])
        #expect(ListField.join(["a", "b"]) == "a;b")
        #expect(ReliefDays.days(2.5).text == "2.5" && ReliefDays.days(3).text == "3" && ReliefDays.ongoing.text == "ongoing")
    }

    @Test func codableAsISOStrings() throws {
        let data = try JSONEncoder().encode([Day(iso: "2026-03-14")!])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2026-03-14\"]")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Day].self, from: Data("[\"2026-02-30\"]".utf8)) }
    }
}
