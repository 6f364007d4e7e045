import Foundation
import SwitchboardStorage
import Testing

/// Two `serve` processes on one SQLite data directory would each keep every user's next
/// event-log offset and hand out the same offsets twice: the second is refused.
@Suite("One serve per SQLite data directory")
struct DataDirectoryLockTests {
    static let secret = "data-directory-lock-test-secret-0123456789ab"

    @Test("a second serve on the same directory exits 2 naming the first; --role auth beside it is fine; after the first stops, the directory is free")
    func secondServeRefused() async throws {
        let dataDirectory = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let environment = ["SWITCHBOARD_DATA_DIR": dataDirectory, "SWITCHBOARD_JWT_SECRET": Self.secret]
        let first = try await ServeProcess.start([], environment: environment)
        let second = try CommandLineTests.run(["serve", "--port", "0"], environment: environment)
        #expect(second.status == 2)
        #expect(second.stderr.contains("DATA_DIRECTORY_IN_USE"), "\(second.stderr)")
        #expect(second.stderr.contains("pid \(first.pid)"), "\(second.stderr)")
        let auth = try await ServeProcess.start(["--role", "auth"], environment: environment)
        #expect(await auth.stop() == 0)
        #expect(await first.stop() == 0)
        let third = try await ServeProcess.start([], environment: environment)
        #expect(await third.stop() == 0)
    }

    @Test("the lock names its holder, is refused to a second holder in the same process, and is free once released")
    func lockInProcess() async throws {
        let directory = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lock = try DataDirectoryLock.acquire(in: directory)
        #expect(throws: StorageError.self) { _ = try DataDirectoryLock.acquire(in: directory) }
        do {
            _ = try DataDirectoryLock.acquire(in: directory)
        } catch {
            #expect(error.code == "DATA_DIRECTORY_IN_USE")
            #expect("\(error)".contains("pid \(getpid())"))
        }
        lock.release()
        lock.release()
        // Free again; within a second, since a process another test is spawning holds a copy of
        // every descriptor (close-on-exec ones included) until its exec.
        let deadline = ContinuousClock.now + .seconds(1)
        var again = try? DataDirectoryLock.acquire(in: directory)
        while again == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
            again = try? DataDirectoryLock.acquire(in: directory)
        }
        #expect(again != nil)
        again?.release()
    }
}
