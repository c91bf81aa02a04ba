import Foundation
import ReliefModel

/// The command line's side effects on the terminal and the clock, kept at the edge.
enum Console {
    /// Writes a line to standard error (never personal data beyond what the user asked for).
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}

enum Clock {
    /// Today's date in UTC: the only place Relief reads the clock.
    static func today() -> Day {
        Day(ordinal: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
