#if os(Linux)
import Foundation

/// This test binary run again as a child process, filtered to one helper test, to be killed with
/// SIGKILL in the middle of what it does (the kill-safety tests of both stores).
///
/// The helper reads its settings from `environment` and creates the file named by
/// `environment[markerKey]` (set here, in `folder`) when it has reached the point to be killed at;
/// its output goes to `folder/child.log`.
public struct KilledHelper {
    public let process: Process
    /// The file the helper creates when it is ready to be killed.
    public let marker: String
    private let log: String

    /// Starts the child: `--filter test` of this binary, with `environment` added to this process's.
    public init(test: String, environment: [String: String], markerKey: String, folder: String) throws {
        marker = folder + "/in-transaction"
        log = folder + "/child.log"
        process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["--testing-library", "swift-testing", "--filter", test]
        var all = ProcessInfo.processInfo.environment
        for (key, value) in environment { all[key] = value }
        all[markerKey] = marker
        process.environment = all
        FileManager.default.createFile(atPath: log, contents: Data())
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// Waits up to `seconds` for the marker while the child runs; true once it exists.
    public func waitForMarker(seconds: TimeInterval = 300) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !FileManager.default.fileExists(atPath: marker), process.isRunning, Date() < deadline {
            usleep(50_000)
        }
        return FileManager.default.fileExists(atPath: marker)
    }

    /// SIGKILLs the child if it still runs and waits for it; returns what it printed.
    public func kill() -> String {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    }
}
#endif
