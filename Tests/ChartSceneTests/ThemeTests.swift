import Foundation
import Testing
@testable import ChartScene

@Suite struct ThemeTests {
    /// Relative luminance (sRGB, WCAG), for checking that colours stay apart in greyscale.
    func luminance(_ c: Color) -> Double {
        func lin(_ v: Double) -> Double { v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4) }
        return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)
    }

    @Test func beforeAndAfterDifferInLightnessAndShape() {
        let t = Theme.standard
        #expect(abs(luminance(t.before) - luminance(t.after)) > 0.2)
    }

    @Test func neighbouringSeriesDifferInLightnessOrShapeAndDash() {
        let t = Theme.standard
        for i in 0..<5 {
            let a = t.series(i), b = t.series(i + 1)
            #expect(a.marker != b.marker && a.dash != b.dash)
            if i == 0 { #expect(abs(luminance(a.color) - luminance(b.color)) > 0.2) }
        }
    }

    @Test func fontsAreAnExplicitFamilyList() {
        #expect(Theme.standard.fontFamily == "DejaVu Sans, WenQuanYi Micro Hei")
        #expect(Theme.standard.titleFont.weight == .bold)
    }

    @Test func seriesCycleWhenPaletteRunsOut() {
        let t = Theme.standard
        #expect(t.series(t.palette.count).color == t.series(0).color)
        var empty = t
        empty.palette = []; empty.markers = []; empty.dashes = []
        #expect(empty.series(3) == SeriesStyle(color: t.text, marker: .circle, dash: []))
    }
}
