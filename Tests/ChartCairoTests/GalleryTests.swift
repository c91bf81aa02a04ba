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

    @Test func rendersAPngPerSampleAndOnePdf() throws {
        let files = try ChartGallery.files(scale: 1)
        #expect(files.map(\.name) == GallerySamples.all.map { $0.name + ".png" } + ["gallery.pdf"])
        for file in files.dropLast() {
            #expect(pngSize(file.bytes) != nil, "\(file.name)")
        }
        let pdf = String(decoding: try #require(files.last).bytes, as: UTF8.self)
        #expect(pdf.contains("/Count \(GallerySamples.all.count)"))
    }
}
