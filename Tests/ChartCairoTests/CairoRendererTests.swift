import Foundation
import ReliefTestSupport
import Testing
@testable import ChartCairo
import ChartScene


func sampleScene(_ name: String, measurer: some TextMeasuring = PangoTextMeasurer()) -> Scene {
    let sample = GallerySamples.all.first { $0.name == name }!
    return sample.chart.build(size: sample.size, theme: .standard, measuring: measurer)
}

/// Width and height from a PNG's IHDR chunk.
func pngSize(_ data: Data) -> (Int, Int)? {
    let bytes = [UInt8](data.prefix(24))
    guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
    func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
    return (u32(16), u32(20))
}

@Suite struct CairoRendererTests {
    let metadata = DocumentMetadata(title: "Monthly report", author: "Relief Clinic", subject: "Progress",
                                    creator: "Relief tests", creationDate: "2025-02-01")

    var document: Document {
        Document(pages: [
            Page(scene: sampleScene("session-pain"), outline: [OutlineEntry(title: "Pain"), OutlineEntry(title: "Detail", level: 1, y: 120)]),
            Page(scene: sampleScene("bar-grouped"), outline: [OutlineEntry(title: "Therapists")]),
        ], metadata: metadata)
    }

    @Test func pdfIsReproducibleByteForByte() throws {
        let a = try CairoRenderer.pdfData(document)
        Thread.sleep(forTimeInterval: 1.1)  // a clock leaking into the file would show now
        let b = try CairoRenderer.pdfData(document)
        #expect(a == b)
        #expect(a.count > 1000)
    }

    @Test func pdfCarriesMetadataOutlineAndPages() throws {
        let text = String(decoding: try CairoRenderer.pdfData(document), as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.5"))
        #expect(text.contains("/Title (Monthly report)"))
        #expect(text.contains("/Author (Relief Clinic)"))
        #expect(text.contains("/Subject (Progress)"))
        #expect(text.contains("/Creator (Relief tests)"))
        // cairo 1.16 writes the date without the optional "D:" prefix.
        #expect(text.contains("/CreationDate (D:20250201000000") || text.contains("/CreationDate (20250201000000"))
        #expect(text.contains("/Type /Outlines"))
        #expect(text.contains("/Title (Pain)") && text.contains("/Title (Detail)") && text.contains("/Title (Therapists)"))
        #expect(text.components(separatedBy: "<< /Type /Page %").count - 1 == 2)
        #expect(text.contains("FontFile2"))  // fonts embedded
        #expect(text.contains("startxref"))
    }

    @Test func pngIsPointsTimesScale() throws {
        let scene = sampleScene("bar")
        for scale in [1.0, 1.5, 2.0] {
            let data = try CairoRenderer.pngData(scene, scale: scale)
            let size = try #require(pngSize(data))
            #expect(size.0 == Int((scene.size.width * scale).rounded(.up)))
            #expect(size.1 == Int((scene.size.height * scale).rounded(.up)))
        }
    }

    @Test func transparentPngKeepsAlpha() throws {
        let scene = Scene(size: Size(10, 10), items: [.rect(Rect(x: 0, y: 0, width: 5, height: 10), fill: Color(hex: 0xFF0000, alpha: 0.5), stroke: nil)])
        let image = try RasterImage(pngData: CairoRenderer.pngData(scene, scale: 1, background: nil))
        #expect(image.rgba[3] > 120 && image.rgba[3] < 135)   // half-transparent red
        #expect(image.rgba[0] > 250)
        #expect(image.rgba[(9 * 4) + 3] == 0)                 // untouched: transparent
    }

    @Test func renderersReturnBytesAndWriteNothing() throws {
        let png = try CairoPNG(scale: 1).render(sampleScene("scatter"))
        #expect(pngSize(png) != nil)
        let pdf = try CairoPDF().render(document)
        #expect(pdf.starts(with: Data("%PDF-".utf8)))
        let renderers: [any SceneRenderer] = [CairoPNG()]
        #expect(renderers.map(\.fileExtension) == ["png"] && CairoPDF().fileExtension == "pdf")
    }

    @Test func anUnreadableImageIsReported() {
        let scene = Scene(size: Size(50, 50), items: [.image(path: "/nonexistent/logo.png", box: Rect(x: 0, y: 0, width: 10, height: 10))])
        #expect(throws: RenderError.self) { try CairoRenderer.pngData(scene) }
    }

    @Test func imagesAreScaledIntoTheirBox() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let logo = dir + "/logo.png"
        try CairoRenderer.pngData(Scene(size: Size(4, 4), items: [.rect(Rect(x: 0, y: 0, width: 4, height: 4), fill: Color(hex: 0x00FF00), stroke: nil)]),
                                  scale: 1).write(to: URL(fileURLWithPath: logo))
        let scene = Scene(size: Size(20, 20), items: [.image(path: logo, box: Rect(x: 10, y: 10, width: 10, height: 10))])
        let image = try RasterImage(pngData: CairoRenderer.pngData(scene, scale: 1))
        let inside = (15 * 20 + 15) * 4, outside = (5 * 20 + 5) * 4
        #expect(image.rgba[inside + 1] == 255 && image.rgba[inside] == 0)
        #expect(image.rgba[outside] == 255 && image.rgba[outside + 1] == 255)
    }

    @Test func renderingOnManyThreadsMatchesSerialRendering() throws {
        let names = ["session-pain", "score-lines", "relief-duration", "bar-horizontal", "scatter", "attendance-year",
                     "session-pain-arabic", "sparkline"]
        let serial = try names.map { try CairoRenderer.pngData(sampleScene($0), scale: 1) }
        let serialPDF = try names.map { try CairoRenderer.pdfData(sampleScene($0), metadata: metadata) }
        let png = ResultBox<Data>(count: names.count * 2), pdf = ResultBox<Data>(count: names.count * 2)
        DispatchQueue.concurrentPerform(iterations: names.count * 2) { i in
            let scene = sampleScene(names[i % names.count])
            if let d = try? CairoRenderer.pngData(scene, scale: 1) { png.set(i, d) }
            if let d = try? CairoRenderer.pdfData(scene, metadata: metadata) { pdf.set(i, d) }
        }
        #expect(png.values == serial + serial)
        #expect(pdf.values == serialPDF + serialPDF)
    }
}

@Suite struct RasterImageTests {
    @Test func comparisonCountsPixelsBeyondTheTolerance() {
        let a = RasterImage(width: 2, height: 1, rgba: [0, 0, 0, 255, 100, 100, 100, 255])
        let b = RasterImage(width: 2, height: 1, rgba: [10, 0, 0, 255, 200, 100, 100, 255])
        let c = a.compare(to: b, channelTolerance: 20)
        #expect(c.sizesMatch && c.differingPixels == 1 && c.maxChannelDelta == 100)
        #expect(c.diff?.rgba[4] == 255 && c.diff?.rgba[5] == 0)
        #expect(!a.compare(to: RasterImage(width: 1, height: 1, rgba: [0, 0, 0, 255])).sizesMatch)
    }

    @Test func pngRoundTrip() throws {
        let a = RasterImage(width: 2, height: 2, rgba: [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255])
        #expect(try RasterImage(pngData: a.pngData()) == a)
    }
}
