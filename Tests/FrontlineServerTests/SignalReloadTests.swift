import Foundation
import FrontlineServer
import Logging
import ServiceLifecycle
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `kill -HUP` makes a running server load the model its path now names, with polling off,
/// so nothing but the signal can have caused the switch.
@Suite("Learning: SIGHUP reload", .serialized)
struct SignalReloadTests {
    @Test("SIGHUP reloads the model in a running watcher with polling turned off")
    func hangupReloads() async throws {
        let folders = try ModelFolders()
        let server = try await folders.server()
        // Ignored until the watcher's signal source takes over: the default action would end the test process.
        signal(SIGHUP, SIG_IGN)
        let watcher = ModelWatcher(server: server, interval: .zero, handlesSIGHUP: true)
        let group = ServiceGroup(services: [watcher], logger: Logger(label: "test.watcher"))
        let running = Task { try await group.run() }

        try folders.point(to: "b")
        // Polling is off: without a signal the model must not change.
        try await Task.sleep(for: .milliseconds(300))
        #expect(server.assistant.models.current.identity.release == "a")

        // The watcher installs its signal source when it starts; repeat the signal until it is heard.
        let deadline = ContinuousClock.now + .seconds(20)
        while server.assistant.models.current.identity.release != "b" && ContinuousClock.now < deadline {
            kill(getpid(), SIGHUP)
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(server.assistant.models.current.identity.release == "b")
        await group.triggerGracefulShutdown()
        try await running.value
    }
}
