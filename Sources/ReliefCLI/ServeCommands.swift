import ArgumentParser
import Dispatch
import Foundation
import ReliefModel
import ReliefWeb
import ReliefWorkflows

/// `relief serve`: the clinic's web app (docs/serve.md).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web app: clients, reports, outcomes, imports, audit (docs/serve.md).",
        discussion: "Make the first admin with `relief user add NAME --role admin` before signing in.")

    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("Address and port to listen on.", valueName: "HOST:PORT"))
    var listen = "127.0.0.1:8080"
    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("The certificate chain (PEM) for HTTPS.", valueName: "FILE"))
    var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The private key (PEM) for HTTPS.", valueName: "FILE"))
    var tlsKey: String?
    @Flag(name: .customLong("behind-https-proxy"), help: "Mark cookies Secure: a proxy in front terminates HTTPS.")
    var behindProxy = false
    @Option(help: ArgumentHelp("Where month reports rendered from the browser go (default: beside the database).", valueName: "DIR"))
    var reports: String?
    @Option(name: .customLong("upload-limit"), help: ArgumentHelp("Largest upload accepted, in MB.", valueName: "MB"))
    var uploadLimit = 50
    @Option(name: .customLong("clinic-name"), help: "The clinic's name on reports.")
    var clinicName = "Relief sample clinic"
    @Option(help: ArgumentHelp("The clinic's today (YYYY-MM-DD), for demonstrations and tests; default: the clock.", valueName: "DAY"))
    var today: String?

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if today != nil && Day(iso: today!) == nil { throw ValidationError("--today is written YYYY-MM-DD") }
        guard let colon = listen.lastIndex(of: ":"), Int(listen[listen.index(after: colon)...]) != nil else {
            throw ValidationError("--listen is HOST:PORT, such as 127.0.0.1:8080")
        }
    }

    func run() throws {
        let opened = try Stores.openWithAccounts(store.path)
        // Beside an SQLite file; for a server URL, in the working directory (never a path made of the URL).
        let base = store.path.contains("://") ? "relief" : (store.path as NSString).deletingPathExtension
        var options = ReportOptions(created: Day(iso: "2026-01-01")!)
        options.clinicName = clinicName
        var config = ServeConfiguration(store: opened, reportsFolder: reports ?? base + "-reports",
                                        uploadsFolder: base + "-uploads", reportOptions: options)
        config.uploadLimit = uploadLimit * 1_048_576
        config.secureCookies = tlsCert != nil || behindProxy
        config.today = today.flatMap { Day(iso: $0) }
        if try AccountAdmin.isEmpty(store: opened) {
            Console.warn("no accounts yet: make the first with `relief user add NAME --role admin --db \(store.path)`")
        }
        let app = try WebApp(config)
        let colon = listen.lastIndex(of: ":")!
        let host = String(listen[..<colon]), port = Int(listen[listen.index(after: colon)...])!
        let tls = tlsCert.map { TLSFiles(certificate: $0, key: tlsKey!) }
        let application = try app.application(host: host, port: port, tls: tls)
        Console.info("Relief is serving \(tls == nil ? "http" : "https")://\(listen)/ (Ctrl-C stops it)")
        let done = DispatchSemaphore(value: 0)
        let failure = ErrorBox()
        Task {
            do { try await application.runService() } catch { failure.error = error }
            done.signal()
        }
        done.wait()
        if let error = failure.error { throw error }
    }
}

final class ErrorBox: @unchecked Sendable { var error: (any Error)? }

/// `relief user add|list`: accounts for `relief serve`.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Accounts for relief serve.", subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account or change one (its password is asked for, or read from $RELIEF_PASSWORD).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The account name (letters, digits, . _ -).") var name: String
        @Option(help: "therapist, manager or admin.") var role: String
        @Option(help: ArgumentHelp("The therapist id in the records (therapists only).", valueName: "ID")) var therapist: String?
        @Flag(help: "Disable the account (it cannot sign in).") var disable = false

        func run() throws {
            guard ["therapist", "manager", "admin"].contains(role) else { throw ValidationError("--role is therapist, manager or admin") }
            let password: String
            if let env = ProcessInfo.processInfo.environment["RELIEF_PASSWORD"], !env.isEmpty {
                password = env
            } else {
                guard let p = Console.readSecret("Password for \(name): "), let again = Console.readSecret("Again: ") else {
                    throw ValidationError("no password given (type it, or set RELIEF_PASSWORD)")
                }
                guard p == again else { throw ValidationError("the two passwords differ") }
                password = p
            }
            let opened = try Stores.openWithAccounts(store.path)
            do {
                try AccountAdmin.save(store: opened, name: name, role: role, therapistID: therapist, password: password,
                                      disabled: disable, now: Date())
            } catch let error as Accounts.Failure {
                throw ValidationError(error.description)
            }
            Console.info("account \(name) saved (\(role)\(therapist.map { ", therapist " + $0 } ?? ""))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var store: StoreOptions
        func run() throws {
            for line in try AccountAdmin.list(store: Stores.openWithAccounts(store.path)) { print(line) }
        }
    }
}

/// `relief audit`: who viewed, downloaded, exported or imported what.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Print the audit trail, newest first.")
    @OptionGroup var store: StoreOptions
    @Option(help: "Only entries about this client id.") var client: String?
    @Option(help: "How many entries.") var limit = 100
    @Flag(help: "One JSON object per line.") var json = false

    func run() throws {
        for line in try AccountAdmin.audit(store: Stores.openWithAccounts(store.path), client: client, limit: limit, json: json) {
            print(line)
        }
    }
}
