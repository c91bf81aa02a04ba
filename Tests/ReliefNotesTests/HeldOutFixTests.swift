import Testing
import ReliefNotes

/// The general fixes made after held-out batch 2's first run (docs/notes-extraction.md), each on text that is not in the corpus.
@Suite("Held-out batch 2 fixes")
struct HeldOutFixTests {
    private func e(_ text: String) -> NoteExtraction { NoteExtractor.extract(text) }

    @Test func pdftotextWrapsAndHyphenation() {
        #expect(e("Client reported pain re-\nduced to 2/10.").painAfter?.value == 2)
        #expect(e("Pain rated a\n5 out of\n10 today.").painBefore?.value == 5)
        #expect(e("Pain 5/10\nPain 2/10 post-ses-\nsion").painAfter?.value == 2)
        #expect(e("S: Pain 6/10\nO: BP 120/80\nA: Pain 3/10").painAfter?.value == 3)  // hard breaks still end lines
    }

    @Test func withShorthandMakesAConditionalReading() {
        #expect(e("Knee pain 6/10 w/ stairs.").painBefore == nil)
        #expect(e("Knee pain 6/10 w/ stairs.").painOther.first?.qualifier == .conditional)
    }

    @Test func bareAfterNeedsToStandAlone() {
        #expect(e("Hip 6/10 after hikes over 5 km.").painAfter == nil)
        #expect(e("Hip 6/10 before, 3/10 after.").painAfter?.value == 3)
    }

    @Test func severalRegionsThatDisagreeAreRejected() {
        let x = e("S: shoulder 5/10, low back 3/10. A: shoulder 2/10, low back 1/10 post-tx.")
        #expect(x.painBefore == nil && x.painAfter == nil)
        #expect(Set(x.rejections.map(\.measure)) == [.painBefore, .painAfter])
        #expect(e("Pain: neck 4/10, low back 4/10.").painBefore?.value == 4)
        let list = e("Hip 6/10. Post-session: hip 3/10, knee 5/10.")
        #expect(list.painAfter == nil && list.rejections.contains { $0.measure == .painAfter })
    }

    @Test func headingBlocks() {
        let post = e("Post-treatment:\n- Pain: 2/10\n- Next visit 05/02")
        #expect(post.painAfter?.value == 2 && post.painBefore == nil)
        #expect(e("Treatment goals:\n- Reduce LBP from 7/10 to 3/10").painBefore == nil)
    }

    @Test func statedScalesAndFormAnswers() {
        let x = e("- Pain (0-10): 4\n- Sleep quality (0-10): 6\n- Stress (1-10): 8")
        #expect(x.painBefore?.value == 4 && x.sleep?.value == 6 && x.stress?.value == 8)
        #expect(x.stress?.scaleNote == "1–10 scale")
        let q = e("How is your pain today? 3\nHow stressed are you (0-10)? 7")
        #expect(q.painBefore?.value == 3 && q.stress?.value == 7)
        #expect(e("Client rates pain on a 0-10 scale as 5.").painBefore?.value == 5)
        #expect(e("Sleep 6.").sleep == nil)  // still no stated scale
    }

    @Test func datesNextToDatesAndAfterScheduling() {
        #expect(e("Moved from 4/10 to 4/12.").painBefore == nil)
        #expect(e("Plan: 6 visits starting 5/10.").painBefore == nil)
        #expect(e("Client rated today's session 9/10.").painBefore == nil)
    }

    @Test func countsAndRangesAreNotPairs() {
        #expect(e("Headaches went from 6 per week to 2 per week.").painBefore == nil)
        let r = e("Pain varies from 2 to 7/10 over the week.")
        #expect(r.painBefore == nil && r.painAfter == nil)
    }

    @Test func labelsAcrossACommaAndTypos() {
        let x = e("Slept badly, 3/10. Stres 7/10, pain 2/10.")
        #expect(x.sleep?.value == 3 && x.stress?.value == 7 && x.painBefore?.value == 2)
        #expect(e("Pt c/o pain 4/10, after massgae 1/10.").painAfter?.value == 1)
        #expect(e("Pain 'about a 4' today.").painBefore?.value == 4)
        #expect(e("Current pain: none.").painBefore?.value == 0)
        #expect(e("Client is 5'8\" tall, pain 3/10.").painBefore?.value == 3)
    }
}
