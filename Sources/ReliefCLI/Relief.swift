import ArgumentParser

/// The `relief` command: import records, analyse progress, render reports.
public struct Relief: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "relief",
        abstract: "Progress analytics and reports for massage and manual-therapy clinics.",
        subcommands: [SampleCommand.self, GalleryCommand.self])
    public init() {}
}
