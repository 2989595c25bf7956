import Foundation
import FrontlineTestFiles
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
#if canImport(Glibc)
import Glibc
#endif

private let root = PackageRoot.url

/// `kill -HUP` makes a running `frontline serve` load the model its path now names. Polling
/// is off (`FRONTLINE_MODEL_POLL_SECONDS=0`), so nothing but the signal can cause the switch.
/// A real server process: a signal goes to a process, and a test binary's own threads and
/// signal handling are not the server's.
@Suite("CLI: SIGHUP reloads the model, SIGTERM stops serve cleanly", .serialized)
struct SignalReloadTests {
    /// The release `/readyz` names, or nil when the server does not answer.
    static func release(port: Int) async -> String? {
        guard let url = URL(string: "http://127.0.0.1:\(port)/readyz"),
              let (data, _) = try? await URLSession.shared.data(from: url),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return json["release"] as? String
    }

    @Test(.enabled(if: frontline != nil, "the frontline executable is not beside the tests (build with swift build --build-tests)"))
    func hangupReloads() async throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let folder = temporary.url
        let releases = folder.appendingPathComponent("Models/releases")
        try FileManager.default.createDirectory(at: releases, withIntermediateDirectories: true)
        for name in ["a", "b"] {
            try FileManager.default.copyItem(at: root.appendingPathComponent("Models/default"), to: releases.appendingPathComponent(name))
        }
        let current = folder.appendingPathComponent("Models/current")
        try FileManager.default.createSymbolicLink(atPath: current.path, withDestinationPath: "releases/a")

        // A free port: bind to 0, read it back, let it go.
        let port = try Self.freePort()
        let server = Process()
        server.executableURL = frontline
        server.arguments = [
            "serve", "--port", "\(port)", "--db", folder.appendingPathComponent("a.db").path, "--model", current.path,
            "--data", root.appendingPathComponent("TrainingData").path, "--no-demo-orders",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["FRONTLINE_MODEL_POLL_SECONDS"] = "0"
        server.environment = environment
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            if server.isRunning { server.terminate() }
            server.waitUntilExit()
        }

        var deadline = ContinuousClock.now + .seconds(60)
        while await Self.release(port: port) != "a" && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(await Self.release(port: port) == "a")

        // The link moves; with polling off the server keeps serving "a"…
        try FileManager.default.removeItem(at: current)
        try FileManager.default.createSymbolicLink(atPath: current.path, withDestinationPath: "releases/b")
        try await Task.sleep(for: .seconds(1))
        #expect(await Self.release(port: port) == "a")

        // …until it is told.
        kill(server.processIdentifier, SIGHUP)
        deadline = ContinuousClock.now + .seconds(30)
        while await Self.release(port: port) != "b" && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(await Self.release(port: port) == "b")
        #expect(server.isRunning, "SIGHUP reloads; it does not stop the server")

        // SIGTERM stops it gracefully: exit status 0, well within its shutdown grace.
        kill(server.processIdentifier, SIGTERM)
        deadline = ContinuousClock.now + .seconds(20)
        while server.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!server.isRunning, "serve still runs 20 s after SIGTERM")
        if !server.isRunning {
            #expect(server.terminationReason == .exit && server.terminationStatus == 0)
        }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
