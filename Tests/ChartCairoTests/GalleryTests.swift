import Foundation
import Testing
@testable import ChartCairo
import ChartScene

@Suite struct GalleryTests {
    /// The edge-case gallery laid out with real fonts: no label overlaps another or leaves the chart.
    @Test(arguments: GallerySamples.all.map(\.name))
    func noTextOverlapsWithPango(name: String) {
        let m = PangoTextMeasurer()
        let scene = sampleScene(name, measurer: m)
        #expect(scene.overlappingText(measuring: m) == [], "\(name)")
    }

    @Test(arguments: [Size(240, 170), Size(360, 220), Size(595, 300), Size(800, 500)])
    func noTextOverlapsWithPangoAtOtherSizes(size: Size) {
        let m = PangoTextMeasurer()
        for sample in GallerySamples.all where sample.size.height > 40 {
            let scene = sample.chart.build(size: size, theme: .standard, measuring: m)
            #expect(scene.overlappingText(measuring: m) == [], "\(sample.name) at \(size)")
        }
    }

    @Test func writesAPngPerSampleAndOnePdf() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let written = try ChartGallery.write(to: dir + "/charts", scale: 1)
        #expect(written.count == GallerySamples.all.count + 1)
        for path in written.dropLast() {
            #expect(pngSize(try Data(contentsOf: URL(fileURLWithPath: path))) != nil, "\(path)")
        }
        let pdf = String(decoding: try Data(contentsOf: URL(fileURLWithPath: written.last!)), as: UTF8.self)
        #expect(pdf.contains("/Count \(GallerySamples.all.count)"))
    }
}
