import Foundation
import FrontlineServer
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Keeps every log record's message and metadata.
final class CapturedLogs: Sendable {
    let records = Mutex<[(message: String, metadata: Logger.Metadata)]>([])

    func handler(label: String) -> any LogHandler { Handler(logs: self) }

    struct Handler: LogHandler {
        let logs: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var all = metadata
            for (key, value) in event.metadata ?? [:] { all[key] = value }
            logs.records.withLock { $0.append((event.message.description, all)) }
        }
    }
}

@Suite("Server: the request log line")
struct RequestLogTests {
    @Test("names the caller's key (never the key itself), also when its role is refused; none without a key")
    func principalInTheRequestLine() async throws {
        let server = try await TestServer.make()
        let logs = CapturedLogs()
        let app = Application(router: server.router(), logger: Logger(label: "test.requests", factory: logs.handler))
        let statuses = try await app.test(.router) { client -> [Int] in
            let answered = try await client.message(uniqueId(), "hi")
            let refused = try await client.call(.get, "/v1/handoffs", key: Keys.bot)
            let anonymous = try await client.call(.get, "/v1/handoffs", key: nil)
            return [Int(answered.status), Int(refused.status), Int(anonymous.status)]
        }
        #expect(statuses == [200, 403, 401])
        let lines = logs.records.withLock { $0 }.filter { $0.message == "request" }
        #expect(lines.count == 3)
        let principals = lines.map { $0.metadata["principal"]?.description }
        #expect(principals == ["bot#1", "bot#1", nil], "\(principals)")
        let everything = lines.map { "\($0.metadata)" }.joined()
        #expect(!everything.contains(Keys.bot), "the key itself is never logged")
    }
}
