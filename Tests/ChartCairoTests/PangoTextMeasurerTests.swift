import Foundation
import Testing
@testable import ChartCairo
import ChartScene

@Suite struct PangoTextMeasurerTests {
    let m = PangoTextMeasurer()
    let font = Theme.standard.font(10)

    @Test func widthGrowsWithTextAndSize() {
        let short = m.measure("Pain", font: font), long = m.measure("Pain before and after", font: font)
        #expect(short.width > 10 && long.width > short.width * 3)
        #expect(m.measure("Pain", font: Theme.standard.font(20)).width > short.width * 1.9)
        #expect(short.height > 10 && short.height < 14)
        #expect(short.baseline > 6 && short.baseline < short.height)
    }

    @Test func wrappingAddsLinesWithinTheWidth() {
        let text = "Dumbbells join the pain score before and after each session."
        let one = m.measure(text, font: font)
        let wrapped = m.measure(text, font: font, wrapWidth: 100)
        #expect(wrapped.width <= 100)
        #expect(wrapped.height > one.height * 2.5)
    }

    @Test func arabicAndCJKAreMeasured() {
        let arabic = m.measure(GallerySamples.arabicName, font: font)
        let cjk = m.measure("陈思远", font: font)
        #expect(arabic.width > 100)
        #expect(cjk.width > 25 && cjk.width < 35)  // three full-width glyphs
    }

    @Test func boldIsWider() {
        #expect(m.measure("Session", font: Theme.standard.font(10, bold: true)).width > m.measure("Session", font: font).width)
    }

    @Test func measuringOnManyThreadsGivesTheSameAnswers() {
        let texts = (0..<200).map { "Label \($0) — \(GallerySamples.cjkName) \(String(repeating: "x", count: $0 % 17))" }
        let serial = texts.map { m.measure($0, font: font) }
        let results = ResultBox<TextExtent>(count: texts.count)
        DispatchQueue.concurrentPerform(iterations: texts.count) { i in
            results.set(i, PangoTextMeasurer().measure(texts[i], font: font))
        }
        #expect(results.values == serial)
    }
}

/// Collects results from concurrent work.
final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [T?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: T) { lock.lock(); storage[i] = v; lock.unlock() }
    var values: [T] { lock.lock(); defer { lock.unlock() }; return storage.compactMap { $0 } }
}
