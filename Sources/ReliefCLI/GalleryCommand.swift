import ArgumentParser
import ReliefWorkflows

/// `relief gallery`: renders every chart kind and its edge cases (docs/charts).
public struct GalleryCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gallery",
        abstract: "Render every chart kind and its edge cases as PNGs and one PDF.")

    @Option(help: "Folder to write into (created if missing).")
    var out: String = "docs/charts"

    public init() {}

    public func run() throws {
        try GalleryWorkflow.write(to: out)
    }
}
