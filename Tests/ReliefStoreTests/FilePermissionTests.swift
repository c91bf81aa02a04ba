import Foundation
import ReliefModel
import Testing
@testable import ReliefStore

@Suite struct FilePermissionTests {
    private func mode(_ path: String) -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = attributes[.posixPermissions] as? NSNumber else { return nil }
        return mode.intValue & 0o777
    }

    @Test func theDatabaseAndItsWalAndShmAreOwnerOnly() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("relief.sqlite")
        let db = try ReliefDatabase(path: path)
        try db.importSessions(sessions(count: 100))
        // Readers keep the WAL and shared-memory files open: look while they exist.
        _ = try db.counts()
        #expect(mode(path) == 0o600)
        #expect(mode(path + "-wal") == 0o600)
        #expect(mode(path + "-shm") == 0o600)
    }

    /// The modes are exact whatever the process umask: a permissive one (000) does not widen
    /// them. (A umask that removes the owner's own bits is set explicitly right too, by fchmod,
    /// but is not tested here: the umask is process-wide, and tests run in parallel.)
    @Test(arguments: [0o000, 0o077] as [mode_t])
    func theModesDoNotDependOnTheUmask(_ mask: mode_t) throws {
        let folder = try TemporaryFolder()
        let path = folder.file("sub/relief.sqlite")
        let previous = umask(mask)
        defer { umask(previous) }
        let db = try ReliefDatabase(path: path)
        try db.importSessions(sessions(count: 10))
        _ = try db.counts()
        #expect(mode(folder.file("sub")) == 0o700)
        #expect(mode(path) == 0o600)
        #expect(mode(path + "-wal") == 0o600)
        #expect(mode(path + "-shm") == 0o600)
    }

    @Test func foldersItCreatesAreOwnerOnlyAndItsOwnFolderIsLeftAlone() throws {
        let folder = try TemporaryFolder()
        let before = mode(folder.path)
        let path = folder.file("clinic/data/relief.sqlite")
        _ = try ReliefDatabase(path: path)
        #expect(mode(folder.file("clinic")) == 0o700)
        #expect(mode(folder.file("clinic/data")) == 0o700)
        #expect(mode(folder.path) == before)
        #expect(mode(path) == 0o600)
    }

    @Test func anExistingDatabaseKeepsItsModeAndItsCompanionsFollowIt() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("shared.sqlite")
        _ = try ReliefDatabase(path: path)
        chmod(path, 0o640)  // the clinic chose to share it with its group
        let db = try ReliefDatabase(path: path)
        try db.importSessions([session("S1")])
        _ = try db.counts()
        #expect(mode(path) == 0o640)
        #expect(mode(path + "-wal").map { $0 & ~0o640 } == 0)
    }

    @Test func aPathUnderAFileIsACannotOpenError() throws {
        let folder = try TemporaryFolder()
        FileManager.default.createFile(atPath: folder.file("plain"), contents: Data("x".utf8))
        #expect {
            _ = try ReliefDatabase(path: folder.file("plain/relief.sqlite"))
        } throws: { error in
            guard case StoreError.cannotOpen = error else { return false }
            return "\(error)".contains("is not a folder")
        }
    }
}
