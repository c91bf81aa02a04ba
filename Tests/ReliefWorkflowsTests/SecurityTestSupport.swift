import ReliefTestSupport
import Foundation
import ReliefFiles
import ReliefImport
@testable import ReliefWorkflows

/// Helpers for the security, concurrency and export tests: temporary folders, CSV
/// files written with Relief's own writer, and the built `relief` binary run as a child
/// process whose exit status, output and peak memory are read back.
enum SecurityTestSupport {

    /// Writes rows (the first is the header) as CSV.
    static func writeCSV(_ rows: [[String]], to path: String) throws {
        var w = CSVWriter(options: .init(lineEnding: "\n"))
        for r in rows { w.write(row: r) }
        try w.text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The permission bits of a file or folder.
    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    /// The `relief` executable built with these tests (`reliefExecutable`), when it is there.
    static var reliefBinary: String? {
        FileManager.default.isExecutableFile(atPath: reliefExecutable) ? reliefExecutable : nil
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The child's peak resident set size, in KiB, measured by a small Python parent (see
        /// `rssProbe`); -1 when it could not be read.
        var maxRSSKiB: Int
    }

    /// Runs `relief` with `arguments` (give absolute paths: the working directory is the test's);
    /// `environment` is added to a minimal one (PATH, HOME = `folder`).
    static func relief(_ arguments: [String], environment: [String: String] = [:], in folder: String) throws -> Run {
        guard let binary = reliefBinary else { throw TestFailure("relief binary not built") }
        let out = folder + "/.stdout-\(UUID().uuidString.prefix(8))", err = folder + "/.stderr-\(UUID().uuidString.prefix(8))"
        defer { unlink(out); unlink(err) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var env = ["PATH": "/usr/bin:/bin", "HOME": folder]
        for (k, v) in environment { env[k] = v }
        // Linux records a process's peak RSS across exec from the address space it started
        // in, and posix_spawn starts the child in the test runner's (vfork): run in parallel
        // with other tests, the runner's own peak (hundreds of MB) would be read as relief's.
        // A small Python process spawns relief instead and reports its children's peak.
        let rssFile = folder + "/.rss-\(UUID().uuidString.prefix(8))"
        defer { unlink(rssFile) }
        let python = "/usr/bin/python3"
        let argv = ([python, "-c", Self.rssProbe, rssFile, binary] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, python, &actions, nil, argv, envp)
        guard rc == 0 else { throw TestFailure("posix_spawn: \(rc)") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Run(status: exit,
                   stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "",
                   maxRSSKiB: Int((try? String(contentsOfFile: rssFile, encoding: .utf8)) ?? "") ?? -1)
    }

    /// `python3 -c rssProbe RSS_FILE COMMAND...`: runs COMMAND, writes its peak RSS (KiB) to
    /// RSS_FILE, exits with its status.
    static let rssProbe = """
        import resource, subprocess, sys
        r = subprocess.run(sys.argv[2:])
        open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
        sys.exit(r.returncode if r.returncode >= 0 else 128 - r.returncode)
        """
}

/// A test's own failure to set up (the binary is missing, a spawn failed).
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
