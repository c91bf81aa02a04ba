import ArgumentParser
import ReliefWorkflows

/// The `relief` command: import records, analyse progress, render reports.
public struct Relief: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "relief",
        abstract: "Progress analytics and reports for massage and manual-therapy clinics.",
        version: ReliefVersion.current,
        subcommands: [ImportCommand.self, MappingCommand.self, TemplateCommand.self, AnalyzeCommand.self, ReportCommand.self, SampleCommand.self, GalleryCommand.self, ExportCommand.self, CopyCommand.self, SiteCommand.self, ServeCommand.self, UserCommand.self, AuditCommand.self, CompareImagesCommand.self, BenchChartCommand.self, BenchClientCommand.self, GrowthChartCommand.self])
    public init() {}
}
