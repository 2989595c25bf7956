import Foundation
import FrontlineAssistant
import FrontlineEngine
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// The widget's real-time events, as server-sent events:
/// - `message` (id = the message's sequence number): every stored message after the
///   resume point, customer, bot, agent or system;
/// - `state`: who answers now (`bot`, `handoff`, `agent` with the agent's name, `closed`),
///   sent at the start and whenever it changes.
/// A reconnecting client sends `Last-Event-ID` and gets exactly what it missed. The stream
/// wakes when this process writes to the conversation and polls for other replicas' writes
/// (`WebChat.pollInterval`);
/// it closes after `streamLifetime` (the client reconnects) and on graceful shutdown.
extension FrontlineServer {
    func conversationEventStream(_ conversationId: String, after resumeAfter: Int) -> Response {
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store", .xAccelBuffering: "no",
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let (wakes, poke) = web.notifier.subscribe(conversationId)
            let deadline = ContinuousClock.now + web.streamLifetime
            // The polling fallback, the keep-alive and the end of the stream's life share one timer.
            let timer = Task {
                while !Task.isCancelled {
                    let remaining = deadline - ContinuousClock.now
                    try? await Task.sleep(for: max(.milliseconds(10), min(web.pollInterval, remaining)))
                    poke.yield()
                }
            }
            defer {
                timer.cancel()
                poke.finish()
            }
            var last = resumeAfter
            var lastState: WidgetStateBody?
            var lastWrite = ContinuousClock.now
            try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
            var iterator = wakes.makeAsyncIterator()
            // Graceful shutdown ends the wake-ups, so the loop ends and the request finishes.
            try await withGracefulShutdownHandler {
                var pending = true  // the first pass runs at once
                while pending, ContinuousClock.now < deadline {
                    var chunk = ""
                    while true {
                        let page = try await store.messages(conversationId: conversationId, after: last, limit: 200)
                        for message in page {
                            let data = try Self.eventJSON(widgetMessage(message))
                            chunk += "id: \(message.sequence)\nevent: message\ndata: \(data)\n\n"
                            last = message.sequence
                        }
                        if page.count < 200 { break }
                    }
                    let state = try await widgetState(conversationId)
                    if state != lastState {
                        let data = try Self.eventJSON(state)
                        chunk += "event: state\ndata: \(data)\n\n"
                        lastState = state
                    }
                    if chunk.isEmpty, ContinuousClock.now - lastWrite > .seconds(15) { chunk = ": keep-alive\n\n" }
                    if !chunk.isEmpty {
                        try await writer.write(ByteBuffer(string: chunk))
                        lastWrite = ContinuousClock.now
                    }
                    pending = await iterator.next() != nil
                }
            } onGracefulShutdown: {
                poke.finish()
            }
            try await writer.finish(nil)
        })
    }

    /// One event's data: the wire JSON on a single line (JSON escapes newlines in strings).
    static func eventJSON<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try WireJSONCoding.encoder.encodeBytes(value), as: UTF8.self)
    }
}

extension HTTPField.Name {
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// Tells nginx and the like not to buffer the event stream.
    static let xAccelBuffering = HTTPField.Name("X-Accel-Buffering")!
}
