import ArgumentParser
import Foundation
import ReliefModel

/// `relief site list|name`: a chain's sites and the clinic name each prints on its reports.
struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site", abstract: "A chain's sites: list them, and name the clinic at each.",
        discussion: """
            Sessions name their site in a `site` column (or Location, Clinic, Branch; FHIR: \
            Encounter.location). Every site a session names is listed; its clinic name is what \
            the client reports of that site print in their header.
            """,
        subcommands: [List.self, Name.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the sites: id, then the clinic name when given.")
        @OptionGroup var store: StoreOptions
        func run() throws {
            let sites = try store.openExisting().sites()
            if sites.isEmpty { Console.info("no site: no session names one (a single clinic)") }
            for s in sites { print(s.name.map { "\(s.id)\t\($0)" } ?? s.id) }
        }
    }

    struct Name: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a site its clinic name (or --clear it); a site no session names yet is added.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The site's id, as the sessions name it.") var site: String
        @Argument(help: "The clinic's name at that site, as reports print it.") var name: String?
        @Flag(help: "Remove the site's name (reports print the clinic's name instead).") var clear = false

        func validate() throws {
            guard !site.isEmpty else { throw ValidationError("the site id is empty") }
            if clear == (name != nil) { throw ValidationError("give the site's name, or --clear (not both)") }
            if let name, name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("the name is empty") }
        }

        func run() throws {
            let opened = try store.openExisting()
            try opened.setSiteName(site, to: clear ? nil : name)
            Console.info(clear ? "site \(site): name removed" : "site \(site) is named \(name ?? "")")
        }
    }
}
