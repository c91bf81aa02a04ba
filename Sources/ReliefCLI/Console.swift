import Foundation
import ReliefModel
import Synchronization

/// The command line's side effects on the terminal and the clock, kept at the edge.
enum Console {
    /// Writes a line to standard error (never personal data beyond what the user asked for).
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    static func warn(_ text: String) { error("warning: " + text) }

    /// A line of what a long-running command is doing, on standard error.
    static func info(_ text: String) { error(text) }

    /// Reads a line from the terminal without echoing it (a password); nil without a terminal.
    static func readSecret(_ prompt: String) -> String? {
        guard isatty(0) == 1, let p = getpass(prompt) else { return nil }
        return String(cString: p)
    }
}

enum Clock {
    /// Today's date in UTC: the only place Relief reads the clock.
    static func today() -> Day {
        Day(ordinal: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

/// Progress of a long run on stderr: a bar when stderr is a terminal, one summary line
/// otherwise. Prints counts only, never names or scores.
final class ProgressBar: Sendable {
    let label: String
    let total = Atomic<Int>(0)
    let began = Date()
    let terminal = Console.stderrIsTerminal

    init(label: String) { self.label = label }

    @Sendable func start(_ total: Int) { self.total.store(total, ordering: .relaxed) }

    @Sendable func advance(_ done: Int) {
        guard terminal else { return }
        let total = self.total.load(ordering: .relaxed)
        let width = 30
        let filled = total == 0 ? width : min(width, done * width / total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
    }

    func finish(done: Int? = nil) {
        let seconds = Date().timeIntervalSince(began)
        let total = self.total.load(ordering: .relaxed)
        let line = "\(label): \(done ?? total)/\(total) reports in \(String(format: "%.1f", seconds)) s"
        FileHandle.standardError.write(Data(((terminal ? "\r" : "") + line + "\n").utf8))
    }
}
