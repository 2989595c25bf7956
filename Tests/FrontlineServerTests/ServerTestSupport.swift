import Foundation
import FrontlineTestFiles
import FrontlineAssistant
import FrontlineData
import FrontlineEngine
import FrontlineServer
import FrontlineStore
import Hummingbird
import HummingbirdTesting
import Synchronization

enum Keys {
    static let bot = "bot-key-0123456789abcdef"
    static let agent = "agent-key-0123456789abcdef"
    static let admin = "admin-key-0123456789abcdef"
}

/// Order A-12345 exists and is shipped; every other order is unknown.
struct FakeOrderService: ActionRunner {
    func run(_ action: DomainAction, slots: [String: String]) async -> ActionOutcome {
        guard slots["order_number"] == "A-12345" else { return .notFound }
        return .success(["status": "shipped", "estimated_delivery": "on Friday", "carrier": "DHL",
                         "tracking_url": "https://track.example/A-12345"])
    }
}

enum TestServer {
    static let root = PackageRoot.url

    /// Where servers made without a database of their own keep theirs. Such a server lives
    /// past the call that makes it and no test removes it, so the folder lasts as long as the
    /// test process (a test that needs its database gone, or kept, passes one).
    static let databases = Result { try TemporaryFolder() }

    /// The shipped assistant on `database` (a fresh one in `databases` when nil), keys for
    /// every role, no rate limit; the engine and the store keep time by `clock`.
    static func make(
        database: String? = nil, clock: StoreClock = .system, actions: any ActionRunner = FakeOrderService(),
        _ adjust: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> FrontlineServer {
        var configuration = ServerConfiguration()
        configuration.database = try database ?? databases.get().path("server-\(UUID().uuidString).db")
        configuration.keys = APIKeys(bot: [Keys.bot], agent: [Keys.agent], admin: [Keys.admin])
        configuration.limits.ratePerSecond = 0
        adjust(&configuration)
        let assistant = try await FrontlineAssistant.Assistant.load(
            AssistantPaths(
                data: root.appendingPathComponent("TrainingData").path,
                model: root.appendingPathComponent("Models/default").path, database: configuration.database),
            configuration: EngineConfiguration(timeZone: TimeZone(identifier: "UTC")!, clock: clock),
            actions: actions)
        return FrontlineServer(configuration: configuration, assistant: assistant)
    }

    /// Runs `test` against the server's router (no network, no background services).
    static func run<T: Sendable>(
        _ server: FrontlineServer, _ test: @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let app = Application(router: server.router())
        return try await app.test(.router, test)
    }
}

extension TestClientProtocol {
    /// Sends JSON (or raw bytes) with a bearer key; returns status, parsed JSON and headers.
    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ uri: String, key: String? = Keys.bot, json: [String: Any]? = nil, raw: [UInt8]? = nil,
        contentType: String? = "application/json"
    ) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let raw {
            body = ByteBuffer(bytes: raw)
        }
        if body != nil, let contentType { headers[.contentType] = contentType }
        let response = try await executeRequest(uri: uri, method: method, headers: headers, body: body)
        let bytes = Array(response.body.readableBytesView)
        return Reply(status: response.status.code, bytes: bytes, headers: response.headers)
    }

    func message(
        _ conversation: String, _ text: String, key: String = Keys.bot, channel: String = "web", customer: String? = nil,
        messageId: String? = nil, metadata: [String: String]? = nil
    ) async throws -> Reply {
        var json: [String: Any] = ["text": text, "sender": "visitor-1", "channel": channel]
        if let customer { json["customer_id"] = customer }
        if let messageId { json["message_id"] = messageId }
        if let metadata { json["metadata"] = metadata }
        return try await call(.post, "/v1/conversations/\(conversation)/messages", key: key, json: json)
    }
}

struct Reply: Sendable {
    var status: Int
    var bytes: [UInt8]
    var headers: HTTPFields

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }

    var array: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [[String: Any]] ?? []
    }

    /// `error.code` of an error document.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try WireJSON.decoder().decode(T.self, from: Data(bytes))
    }
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_780_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var storeClock: StoreClock { StoreClock { [self] in now } }
}

func uniqueId(_ prefix: String = "c") -> String { "\(prefix)-\(UUID().uuidString.prefix(8))" }
