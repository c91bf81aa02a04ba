import ChartCairo
import ChartScene
import Foundation
import ReliefFiles
import ReliefModel
import ReliefSample

/// Render the chart gallery: every chart kind and its edge cases, as PNGs and one PDF.
public enum GalleryWorkflow {
    /// Writes the gallery into `folder` (created 0700 when missing); returns the paths written.
    /// - Throws: `WorkflowError.cannotWrite`, `RenderError`.
    @discardableResult
    public static func write(to folder: String, scale: Double = 1.5) throws -> [String] {
        try writing { try OwnerOnlyFiles.makeFolder(folder) }
        return try ChartGallery.files(scale: scale).map { file in
            let path = (folder as NSString).appendingPathComponent(file.name)
            try writing { try OwnerOnlyFiles.write(file.bytes, to: path) }
            return path
        }
    }
}

/// Compare two PNGs pixel by pixel (the sample-report checks).
public enum ImageComparison {
    /// - Returns: a one-line summary, and whether the images match within `tolerance` (the
    ///   largest share of pixels allowed to differ noticeably). A diff image is written to
    ///   `diff` when they do not.
    /// - Throws: `RenderError.unreadableImage`, `WorkflowError.cannotWrite`.
    public static func compare(expected: String, actual: String, tolerance: Double,
                               diff: String?) throws -> (summary: String, matches: Bool) {
        let a = try RasterImage(pngFile: expected)
        let b = try RasterImage(pngFile: actual)
        let result = a.compare(to: b)
        let summary = "\(result.differingPixels) of \(result.totalPixels) pixels differ (\(String(format: "%.4f", result.differingFraction))), largest channel difference \(result.maxChannelDelta)" +
            (result.sizesMatch ? "" : "; sizes differ: \(a.width)×\(a.height) vs \(b.width)×\(b.height)")
        let matches = result.sizesMatch && result.differingFraction <= tolerance
        if !matches, let diff, let image = result.diff {
            let bytes = try image.pngData()
            try writing { try OwnerOnlyFiles.write(bytes, to: diff) }
        }
        return (summary, matches)
    }
}

/// Render the benchmark's session pain chart repeatedly (Benchmarks/run's chart rows).
public enum ChartBenchmark {
    static let chart = SessionPainChart(
        title: "Pain before and after each session",
        sessions: zip(zip([7, 7, 6.5, 6, 6, 5, 5.5, 4.5, 4, 4, 3.5, 3], [4, 3.5, 3.5, 3, 3, 2.5, 3, 2, 2, 1.5, 1.5, 1]),
                      [1, 4, 8, 11, 15, 18, 22, 25, 29, 32, 36, 39]).map { .init(day: 20_362 + $0.1, pre: $0.0.0, post: $0.0.1) },
        baseline: 7)

    /// Builds and renders the chart `count` times as `pdf` or `png` into `folder`.
    /// - Throws: `RenderError`, `WorkflowError.cannotWrite`.
    public static func run(format: String, count: Int, folder: String) throws {
        let measuring = PangoTextMeasurer()
        let png = CairoPNG(scale: 2), pdf = CairoPDF()
        for i in 0..<count {
            let scene = chart.build(size: Size(480, 260), theme: .standard, measuring: measuring)
            let bytes = format == "pdf"
                ? try pdf.render(scene, metadata: DocumentMetadata(title: "bench", creationDate: "2026-11-01"))
                : try png.render(scene)
            try writing { try OwnerOnlyFiles.write(bytes, to: "\(folder)/relief-\(i).\(format == "pdf" ? "pdf" : "png")") }
        }
    }
}

/// Write a seeded synthetic clinic as CSV files (`relief sample`).
public enum SampleWorkflow {
    /// The options of a synthetic clinic (seed, sizes, months).
    public typealias Clinic = SampleClinic

    /// The clinic the options describe; validates them.
    /// - Throws: `SampleError` naming the option that is out of range.
    public static func clinic(seed: UInt64, clients: Int, months: Int, therapists: Int, sites: Int = 1,
                              end: Month) throws -> Clinic {
        var clinic = SampleClinic(seed: seed, clients: clients, months: months, therapists: therapists, end: end)
        clinic.sites = sites
        try clinic.validate()
        return clinic
    }

    /// The last month a sample covers by default.
    public static var defaultEnd: Month { SampleClinic.defaultEnd }

    /// Generates the clinic and writes its four CSV files into `folder`.
    /// - Returns: a one-line summary (counts only).
    /// - Throws: `SampleError`.
    public static func write(_ clinic: Clinic, to folder: String) throws -> String {
        let data = SampleGenerator.generate(clinic)
        try data.writeCSV(to: folder)
        return "Wrote \(data.therapists.count) therapists, \(data.clients.count) clients, "
            + "\(data.sessions.count) sessions and \(data.checkIns.count) check-ins to \(folder)"
    }
}
