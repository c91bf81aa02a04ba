import Testing
@testable import ChartScene

/// The edge-case gallery must lay out without overlapping labels at any reasonable size.
@Suite struct GalleryLayoutTests {
    @Test(arguments: GallerySamples.all.map(\.name))
    func noTextOverlapsAtTheGallerySize(name: String) {
        let sample = GallerySamples.all.first { $0.name == name }!
        let scene = sample.chart.build(size: sample.size, theme: .standard, measuring: measurer)
        #expect(scene.overlappingText(measuring: measurer) == [], "\(name)")
    }

    @Test(arguments: [Size(240, 170), Size(360, 220), Size(595, 300), Size(800, 500)])
    func noTextOverlapsAtOtherSizes(size: Size) {
        for sample in GallerySamples.all where sample.size.height > 40 {
            let scene = sample.chart.build(size: size, theme: .standard, measuring: measurer)
            #expect(scene.overlappingText(measuring: measurer) == [], "\(sample.name) at \(size)")
        }
    }

    @Test func theArabicNameIsFortyCharacters() {
        #expect(GallerySamples.arabicName.count == 40)
        #expect(GallerySamples.all.contains { $0.chart.build(size: $0.size, theme: .standard, measuring: measurer)
            .title.contains(GallerySamples.arabicName) })
    }

    @Test func galleryCoversEveryChartKind() {
        var kinds = Set<String>()
        for s in GallerySamples.all {
            switch s.chart {
            case .sessionPain: kinds.insert("sessionPain")
            case .scoreLines: kinds.insert("scoreLines")
            case .reliefDuration: kinds.insert("reliefDuration")
            case .bar: kinds.insert("bar")
            case .scatter: kinds.insert("scatter")
            case .attendance: kinds.insert("attendance")
            case .sparkline: kinds.insert("sparkline")
            }
        }
        #expect(kinds.count == 7)
    }
}
