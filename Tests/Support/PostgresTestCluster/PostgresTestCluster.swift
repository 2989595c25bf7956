import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for tests: `initdb` in a temporary folder, a free port
/// on 127.0.0.1, the server run as the unprivileged `postgres` user when the tests run
/// as root (PostgreSQL refuses root), stopped and removed at exit.
///
/// Where Debian's `postgresql` package is not installed the PostgreSQL tests are skipped
/// with a message, except in CI (`CI=true`), where missing binaries fail the tests.
public final class PostgresTestCluster: Sendable {
    public let host = "127.0.0.1"
    public let port: Int
    /// The superuser (trust authentication on loopback: no password).
    public let user = "postgres"
    let directory: String
    let binaries: String
    let runAs: String?

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Where initdb, pg_ctl and postgres are: `FRONTLINE_PG_BIN`, else the newest
    /// /usr/lib/postgresql/N/bin. Nil when absent.
    public static var binaryDirectory: String? {
        let fm = FileManager.default
        if let dir = ProcessInfo.processInfo.environment["FRONTLINE_PG_BIN"], fm.isExecutableFile(atPath: dir + "/initdb") {
            return dir
        }
        let versions = ((try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).compactMap(Int.init).sorted()
        for version in versions.reversed() {
            let dir = "/usr/lib/postgresql/\(version)/bin"
            if fm.isExecutableFile(atPath: dir + "/initdb") && fm.isExecutableFile(atPath: dir + "/pg_ctl") { return dir }
        }
        return nil
    }

    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Whether PostgreSQL tests should run: the binaries are there, or this is CI (where
    /// their absence must fail, not skip). Prints why they are skipped, once.
    public static let shouldRun: Bool = {
        if binaryDirectory != nil || isCI { return true }
        print("PostgreSQL tests skipped: initdb/pg_ctl not found (install Debian's postgresql package: Scripts/setup)")
        return false
    }()

    /// The cluster shared by a test process, started on first use.
    public static func shared() async throws -> PostgresTestCluster {
        try await sharedStart.value
    }

    private static let sharedStart = Task { () throws -> PostgresTestCluster in
        let cluster = try PostgresTestCluster.start()
        SharedCluster.stopAtExit(cluster)
        return cluster
    }

    /// Starts a new cluster (a few seconds: initdb then the server).
    public static func start() throws -> PostgresTestCluster {
        guard let binaries = binaryDirectory else {
            throw Unavailable(description: "PostgreSQL binaries not found (/usr/lib/postgresql/N/bin or FRONTLINE_PG_BIN); install Debian's postgresql package (Scripts/setup)")
        }
        let runAs: String? = getuid() == 0 ? "postgres" : nil
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let runAs {
            try FileManager.default.setAttributes([.ownerAccountName: runAs], ofItemAtPath: directory)
        }
        let cluster = PostgresTestCluster(port: try freePort(), directory: directory, binaries: binaries, runAs: runAs)
        try cluster.run("initdb", ["-D", cluster.dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"])
        try cluster.startServer()
        return cluster
    }

    init(port: Int, directory: String, binaries: String, runAs: String?) {
        self.port = port
        self.directory = directory
        self.binaries = binaries
        self.runAs = runAs
    }

    var dataDirectory: String { directory + "/data" }

    /// A `postgres://` URL for `database`.
    public func url(database: String) -> String {
        "postgres://\(user)@\(host):\(port)/\(database)"
    }

    /// Creates an empty database with a unique name and returns the name.
    public func createDatabase(prefix: String = "t") throws -> String {
        let name = "\(prefix)_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        try sql("CREATE DATABASE \(name)")
        return name
    }

    /// Runs one SQL command with psql as the superuser.
    public func sql(_ command: String, database: String = "postgres") throws {
        try run("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", directory, "-p", String(port), "-U", user, "-d", database, "-c", command])
    }

    /// Runs one SQL command and returns its rows as psql's unaligned output (`a|b` lines).
    public func query(_ command: String, database: String = "postgres") throws -> String {
        try run("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", directory, "-p", String(port), "-U", user, "-d", database,
                         "-c", command])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func startServer() throws {
        try run("pg_ctl", [
            "-D", dataDirectory, "-l", directory + "/server.log", "-w", "-t", "30",
            "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start",
        ])
    }

    /// `pg_ctl restart -m fast`: every connection is dropped, the data stays.
    public func restart() throws {
        try run("pg_ctl", ["-D", dataDirectory, "-w", "-t", "30", "-m", "fast", "restart"])
    }

    public func stopServer() throws {
        try run("pg_ctl", ["-D", dataDirectory, "-w", "-t", "30", "-m", "fast", "stop"])
    }

    /// Stops the server (if running) and removes the folder.
    public func destroy() {
        _ = try? run("pg_ctl", ["-D", dataDirectory, "-w", "-t", "30", "-m", "immediate", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs one of the cluster's programs (as `postgres` when we are root) and waits.
    /// posix_spawn and waitpid rather than Foundation's Process: its waitUntilExit spins a
    /// run loop and hung when called from the tests' concurrency threads.
    @discardableResult
    func run(_ program: String, _ arguments: [String]) throws -> String {
        let path = FileManager.default.isExecutableFile(atPath: "\(binaries)/\(program)") ? "\(binaries)/\(program)" : "/usr/bin/\(program)"
        // In the cluster's folder: the test's working directory may be closed to `postgres`.
        let inFolder = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, path] + arguments
        let argv = (runAs.map { ["/usr/sbin/runuser", "-u", $0, "--"] } ?? []) + inFolder
        let outputPath = directory + "/\(program)-\(UUID().uuidString.prefix(8)).out"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw Unavailable(description: "cannot start \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: outputPath)
        // WIFEXITED && WEXITSTATUS == 0
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw Unavailable(description: "\(program) \(arguments.joined(separator: " ")) failed (status \(status)): \(output)")
        }
        return output
    }

    /// A port nothing listens on now: bind port 0 on loopback and read what the kernel chose.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Unavailable(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw Unavailable(description: "bind() failed") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw Unavailable(description: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Stops the shared cluster when the test process exits.
private enum SharedCluster {
    nonisolated(unsafe) static var cluster: PostgresTestCluster?

    static func stopAtExit(_ started: PostgresTestCluster) {
        cluster = started
        atexit { SharedCluster.cluster?.destroy() }
    }
}
