import Testing
import ReliefNotes

/// One test per pattern of inputs.md §4, checking value, rule and flags.
@Suite("Rules")
struct RuleTests {
    private func before(_ text: String) -> ExtractedScore? { NoteExtractor.extract(text).painBefore }
    private func after(_ text: String) -> ExtractedScore? { NoteExtractor.extract(text).painAfter }

    @Test func overTen() {
        #expect(before("Pain 4/10.")?.rule == .overTen)
        #expect(before("Pain 4 / 10.")?.value == 4)
        #expect(before("Pain 3.5/10")?.value == 3.5)
    }

    @Test func outOfTen() {
        #expect(before("Pain 5 out of 10")?.rule == .outOfTen)
        #expect(before("rates pain four out of ten")?.value == 4)
    }

    @Test func scaleOfTen() {
        let s = before("rated as an 8 on a scale of 1 to 10")
        #expect(s?.value == 8)
        #expect(s?.rule == .scaleOfTen)
        #expect(s?.scaleNote == "1–10 scale")
        #expect(before("Pain 7 on a 0-10 scale.")?.scaleNote == nil)
    }

    @Test func labelled() {
        #expect(before("NPRS: 6")?.rule == .labelled)
        #expect(before("reports pain at 4")?.value == 4)
        #expect(before("pain: 0")?.value == 0)
    }

    @Test func vas() {
        let mm = before("VAS 37 mm")
        #expect(mm?.value == 3.7)
        #expect(mm?.rule == .vasMillimetres)
        #expect(before("VAS 3.7 cm")?.rule == .vasCentimetres)
        #expect(before("Scar 3.7 cm") == nil)
    }

    @Test func perHundred() {
        let s = before("Pain 45/100")
        #expect(s?.value == 4.5)
        #expect(s?.rule == .perHundred)
        #expect(s?.scaleNote == "0–100 scale ÷10")
        #expect(before("Score 45/100") == nil)
    }

    @Test func wordZero() {
        #expect(before("No pain today.")?.rule == .wordZero)
        #expect(after("Client pain-free after the session.")?.value == 0)
        #expect(before("No pain medication taken.") == nil)
        #expect(before("Pain-free cervical ROM.") == nil)
    }

    @Test func approximate() {
        #expect(after("reduced to ~2/10 post-session")?.approximate == true)
        #expect(before("Pain about 5/10 on arrival")?.approximate == true)
        #expect(before("Pain 5/10")?.approximate == false)
    }

    @Test func pairs() {
        let e = NoteExtractor.extract("Pain decreased from 7/10 to 4/10 after treatment.")
        #expect(e.painBefore?.value == 7 && e.painAfter?.value == 4)
        #expect(e.painBefore?.rule == .pairFromTo)
        let s = NoteExtractor.extract("You started at a 6 and now you state the pain is at a 2.")
        #expect(s.painBefore?.rule == .startedNow && s.painAfter?.value == 2)
        #expect(NoteExtractor.extract("Pain 4/10 -> 2/10 after session.").painAfter?.rule == .pairArrow)
    }

    @Test("a change since the last visit: the later value is this session's before")
    func betweenVisits() {
        let e = NoteExtractor.extract("Pain on my back has improved from pain scale of 7/10 to 3/10.")
        #expect(e.painBefore?.value == 3 && e.painAfter == nil)
        #expect(e.ignored.contains { $0.reason.contains("earlier end") })
    }

    @Test func beforeAndAfterMarkers() {
        let e = NoteExtractor.extract("Pre-treatment pain 7/10; post-treatment pain 4/10.")
        #expect(e.painBefore?.value == 7 && e.painAfter?.value == 4)
        #expect(after("Client reported pain decreased to 4/10 immediately following session.")?.value == 4)
        #expect(before("He presents today with 4/10 pain")?.value == 4)
    }

    @Test func subMeasures() {
        let e = NoteExtractor.extract("Severity: 6/10 at worst (morning), 3/10 at best (evening)")
        #expect(e.painBefore == nil)
        #expect(e.painOther.map(\.qualifier) == [.worst, .best])
    }

    @Test func sleepMoodStress() {
        let e = NoteExtractor.extract("Sleep 6/10, stress level 7/10, mood: 8/10, pain 3/10.")
        #expect(e.sleep?.value == 6 && e.stress?.value == 7 && e.mood?.value == 8 && e.painBefore?.value == 3)
        #expect(NoteExtractor.extract("Sleep 6 hours.").sleep == nil)
        #expect(NoteExtractor.extract("Sleep 6.").ignored.contains { $0.reason.contains("no 0–10 scale") })
    }
}

/// One test per refusal of inputs.md §4, "Numbers to refuse".
@Suite("Refusals")
struct RefusalTests {
    @Test("never read as pain", arguments: [
        "Strength 5/5, 4/5, 3+.", "BP 118/76 mmHg", "Blood pressure 120/80", "HR 72 bpm", "Tender L4-L5, C3 to C7",
        "60 minutes", "x 20 min", "x 20 reps", "3×10 bridges", "Seen 09/01/2024", "DOS 1/29/2016", "CPT 97014",
        "ICD M54.2", "60% of normal", "Quiz 4 / 5", "MMSE 25/30", "headaches 2x last week", "Pain 2 days after the fall",
        "Client completed 8 out of 10 reps.", "Initial evaluation on 3/10.",
    ])
    func refused(_ text: String) {
        let e = NoteExtractor.extract(text)
        #expect(e.painBefore == nil && e.painAfter == nil && e.painOther.isEmpty, "\(text)")
    }

    @Test func sentinel99() {
        let e = NoteExtractor.extract("Pain score 99 (unable to respond).")
        #expect(e.painBefore == nil)
        #expect(e.ignored.contains { $0.reason.contains("99") })
    }

    @Test func goals() {
        for text in ["Decrease pain to 0.", "Goal: pain 2/10 within 4 weeks.", "STG: decrease pain to 3/10."] {
            let e = NoteExtractor.extract(text)
            #expect(e.painBefore == nil && e.painAfter == nil, "\(text)")
        }
        #expect(NoteExtractor.extract("Goal: pain 2/10.").ignored.first?.reason == "a goal, not a reading")
        #expect(NoteExtractor.extract("Pain today 5/10, goal 2/10.").painBefore?.value == 5)
    }

    @Test func dateAfterScore() {
        #expect(NoteExtractor.extract("Pain 4/10 on 3/10/2024.").painBefore?.value == 4)
        #expect(NoteExtractor.extract("1/10/2024 pain follow up").painBefore == nil)
    }
}

/// Ambiguous notes are rejected with a reason a clinic understands.
@Suite("Rejections")
struct RejectionTests {
    @Test func disagreeing() throws {
        let e = NoteExtractor.extract("Client reports pain 4/10. Later states pain is 6/10.")
        let r = try #require(e.rejections.first)
        #expect(e.painBefore == nil)
        #expect(r.measure == .painBefore)
        #expect(r.reason == "two current pain readings that disagree: '4/10' and '6/10'")
    }

    @Test func range() throws {
        let r = try #require(NoteExtractor.extract("Pain 5–6/10.").rejections.first)
        #expect(r.reason == "a range (5–6/10), not one score")
    }

    @Test func earlierVisitOnly() throws {
        let r = try #require(NoteExtractor.extract("Pain was 8/10 last week.").rejections.first)
        #expect(r.reason == "a reading from an earlier visit ('last week'), not this session")
    }

    @Test("an earlier-visit reading beside a current one is set aside, not rejected")
    func earlierVisitBesideCurrent() {
        let e = NoteExtractor.extract("4/10 pain, down from 7/10 last week.")
        #expect(e.painBefore?.value == 4)
        #expect(e.rejections.isEmpty)
        #expect(e.ignored.contains { $0.reason.contains("last week") })
    }
}
