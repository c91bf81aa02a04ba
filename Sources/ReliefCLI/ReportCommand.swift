import ArgumentParser
import Foundation
import ReliefModel
import ReliefWorkflows

/// `relief report client|clinic|month|merge`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render progress reports as PDF (and a PNG of each chart).",
        subcommands: [ClientReportCommand.self, ClinicReportCommand.self, MonthReportCommand.self, MergeReportCommand.self])
}

/// Options every report verb shares.
struct RenderOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder for the reports.", valueName: "DIR"))
    var out = "Reports"

    @Option(help: "Paper size: a4 or letter.")
    var paper = "a4"

    @Flag(help: "Include therapists' notes in the session table.")
    var includeNotes = false

    @Flag(help: "Skip the PNG of each chart (PDF only).")
    var noPng = false

    @Option(help: ArgumentHelp("Creation date written into the PDF (default: today).", valueName: "YYYY-MM-DD"))
    var created: String?

    @Option(help: "The clinic's name, printed in every header.")
    var clinic = "Relief sample clinic"

    func validate() throws {
        guard ["a4", "letter"].contains(paper.lowercased()) else { throw ValidationError("--paper must be a4 or letter") }
        if let created, Day(iso: created) == nil { throw ValidationError("--created must be a date like 2026-11-01") }
    }

    var options: ReportOptions {
        var o = ReportOptions(created: created.flatMap { Day(iso: $0) } ?? Clock.today())
        o.paper = paper.lowercased() == "letter" ? .letter : .a4
        o.includeNotes = includeNotes
        o.png = !noPng
        o.clinicName = clinic
        return o
    }
}

func parseMonth(_ text: String) throws -> Month {
    guard let m = Month(iso: text) else { throw ValidationError("the month must look like 2026-10, not \(text)") }
    return m
}

struct ClientReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "client", abstract: "One client's monthly progress report.")

    @Argument(help: "The client's id.") var id: String
    @Option(help: ArgumentHelp("The report's month.", valueName: "YYYY-MM")) var month: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var render: RenderOptions

    func validate() throws { _ = try parseMonth(month) }

    func run() throws {
        let opened = try store.openExisting()
        do {
            let entry = try ReportService.renderClient(store: opened, id: id, month: try parseMonth(month),
                                                       out: render.out, options: render.options)
            Console.error("wrote \(render.out)/\(entry.pdf) (\(entry.pages) pages)" + (entry.images.isEmpty ? "" : " and \(entry.images.count) PNGs"))
        } catch let error as WorkflowError {
            Console.error("relief: \(error)")
            throw ExitCode(1)
        }
    }
}

struct ClinicReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clinic", abstract: "The clinic's monthly outcomes report for the manager.")

    @Option(help: ArgumentHelp("The report's month.", valueName: "YYYY-MM")) var month: String
    @Option(help: ArgumentHelp("One site of a chain: the report of its clients, written as clinic-site-<site>.pdf.",
                               valueName: "SITE")) var site: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var render: RenderOptions

    func validate() throws { _ = try parseMonth(month) }

    func run() throws {
        let entry = try ReportService.renderClinic(store: try store.openExisting(), month: try parseMonth(month),
                                                   out: render.out, options: render.options, site: site)
        Console.error("wrote \(render.out)/\(entry.pdf) (\(entry.pages) pages)")
    }
}

struct MonthReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "month",
        abstract: "Every client with a session in the month, plus the clinic report, in parallel.",
        discussion: """
            Writes <out>/<month>/clients/*.pdf, clinic.pdf, chart PNGs, index.html and manifest.json. Each file is written \
            atomically. With --shard i/n (n > 1) it writes manifest-shard-<i>-of-<n>.json instead of index.html and \
            manifest.json; when all n shards are done, relief report merge <out>/<month> writes those two.
            """)

    @Argument(help: ArgumentHelp("The month.", valueName: "YYYY-MM")) var month: String
    @Option(help: "Reports rendered at once (default: the number of cores).") var jobs: Int?
    @Option(help: ArgumentHelp("Render only slice i of n (1-based), to spread a month over machines.", valueName: "i/n")) var shard: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var render: RenderOptions

    func parsedShard() throws -> MonthRenderer.Shard {
        guard let shard else { return .all }
        let parts = shard.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
            throw ValidationError("--shard must look like 2/4 (slice 2 of 4)")
        }
        return .init(index: parts[0], count: parts[1])
    }

    func validate() throws {
        _ = try parseMonth(month)
        _ = try parsedShard()
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let m = try parseMonth(month)
        let renderer = MonthRenderer(store: try store.openExisting(), month: m, out: render.out + "/" + m.iso,
                                     jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                                     shard: try parsedShard(), options: render.options)
        let bar = ProgressBar(label: "Rendering \(m.iso)")
        let outcome = try renderer.run(started: bar.start, advanced: bar.advance)
        bar.finish(done: outcome.rendered + outcome.failures.count)
        for f in outcome.failures { Console.error("relief: \(f)") }
        if !outcome.failures.isEmpty { throw ExitCode(1) }
        let slice = try parsedShard()
        if slice.count > 1 {
            Console.error("wrote \(renderer.out)/\(ShardManifest.fileName(index: slice.index, count: slice.count)); "
                          + "when all \(slice.count) shards are done: relief report merge \(renderer.out)")
        }
    }
}

/// `relief report merge DIR`: the shards of a month into one run's manifest.json and index.html.
struct MergeReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shards of a month (report month --shard i/n) into one run's manifest.json and index.html.",
        discussion: """
            Checks that the folder's manifest-shard-<i>-of-<n>.json files are shards 1 to n of one month, each once, \
            rendered with the same options from the same clients, with no failed report and every listed file \
            present; then writes manifest.json and index.html as one unsharded run would and removes the shard manifests.
            """)

    @Argument(help: ArgumentHelp("The month's folder, where every shard wrote (such as Reports/2026-10).", valueName: "DIR"))
    var folder: String

    func run() throws {
        do {
            switch try ShardMerge.merge(folder: folder) {
            case .merged(let month, let shards, let reports):
                Console.error("merged \(shards) shards of \(month): \(reports) reports in \(folder)/manifest.json and index.html")
            case .alreadyMerged:
                Console.error("nothing to merge: \(folder) holds no shard manifests, and its manifest.json is already one run's")
            }
        } catch let error as ShardMerge.Failure {
            Console.error("relief: \(error)")
            throw ExitCode(1)
        } catch let error as WorkflowError {
            Console.error("relief: \(error)")
            throw ExitCode(1)
        }
    }
}
