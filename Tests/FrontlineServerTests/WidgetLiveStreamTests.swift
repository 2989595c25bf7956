import AsyncHTTPClient
import Foundation
import FrontlineServer
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Testing

/// The widget's event stream over a real socket: events arrive while the response is still
/// open (not when it ends), and a graceful shutdown ends open streams instead of waiting
/// for them.
@Suite("Server: the widget's event stream over the network", .serialized)
struct WidgetLiveStreamTests {
    static func request(_ url: String, method: HTTPMethod = .GET, bearer: String? = nil, json: String? = nil) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Origin", value: WidgetTests.shop)
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        return request
    }

    static func json(_ response: HTTPClientResponse) async throws -> [String: Any] {
        let body = try await response.body.collect(upTo: 1 << 20)
        return (try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]) ?? [:]
    }

    @Test("an agent's message arrives on the open stream, and shutdown closes the stream")
    func liveStream() async throws {
        let server = try await WidgetTests.server { $0.port = 0 }
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = server.application { port in if let port { portSink.yield(port) } }
        let group = ServiceGroup(services: [app], logger: Logger(label: "test.widget-stream"))
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let base = "http://127.0.0.1:\(port)"
        let client = HTTPClient.shared

        let session = try await Self.json(try await client.execute(
            Self.request("\(base)/v1/widget/sessions", method: .POST, json: "{}"), timeout: .seconds(30)))
        let token = try #require(session["token"] as? String)
        let conversation = try #require(session["conversation_id"] as? String)
        let asked = try await client.execute(Self.request(
            "\(base)/v1/widget/conversations/\(conversation)/messages", method: .POST, bearer: token,
            json: #"{"text": "I want to talk to a person"}"#), timeout: .seconds(60))
        #expect(asked.status == .ok)

        let stream = try await client.execute(
            Self.request("\(base)/v1/widget/conversations/\(conversation)/stream", bearer: token), timeout: .seconds(120))
        #expect(stream.headers.first(name: "Content-Type")?.hasPrefix("text/event-stream") == true)
        // One reader for the whole body: it says when the agent's words arrived, and returns
        // everything once the server ends the stream.
        let (arrivals, arrivalSink) = AsyncStream<Void>.makeStream()
        let reader = Task { () -> String in
            var text = ""
            for try await buffer in stream.body {
                text += String(buffer: buffer)
                if text.contains("Ann here") { arrivalSink.yield() }
            }
            arrivalSink.finish()
            return text
        }
        var request = HTTPClientRequest(url: "\(base)/v1/conversations/\(conversation)/agent-messages")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(Keys.agent)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"text": "Hi, Ann here.", "agent_id": "Ann"}"#))
        #expect(try await client.execute(request, timeout: .seconds(60)).status == .created)
        var arrived = arrivals.makeAsyncIterator()
        #expect(await arrived.next() != nil, "the agent's message arrived while the stream was open")

        await group.triggerGracefulShutdown()
        let text = try await reader.value
        try await running.value
        #expect(text.contains("event: state\ndata: {\"agent_name\":\"Ann\",\"status\":\"agent\"}"), "\(text)")
        #expect(text.contains("id: 3\nevent: message"))
        #expect(server.openEventStreams() == 0)
    }
}
