import Synchronization

/// Wakes the event streams of a conversation when this process writes to it (a customer
/// message answered, an agent message, a handback), so agents' words reach the widget at
/// once. Other replicas' writes are found by the streams' short polling instead.
final class ConversationNotifier: Sendable {
    private struct Subscribers {
        var next = 0
        var byConversation: [String: [Int: AsyncStream<Void>.Continuation]] = [:]
    }
    private let subscribers = Mutex(Subscribers())

    /// A stream that yields whenever `conversationId` is written to (at most one wake-up is
    /// kept while the reader is busy: it re-reads everything new anyway), and its
    /// continuation (the reader's own timer yields into it too). The subscription ends
    /// when the stream terminates.
    func subscribe(_ conversationId: String) -> (wakes: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation) {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = subscribers.withLock { state in
            state.next += 1
            state.byConversation[conversationId, default: [:]][state.next] = continuation
            return state.next
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(conversationId, id) }
        return (stream, continuation)
    }

    func notify(_ conversationId: String) {
        let waiting = subscribers.withLock { $0.byConversation[conversationId].map { Array($0.values) } ?? [] }
        for continuation in waiting { continuation.yield() }
    }

    /// Open subscriptions (for tests: a closed stream leaves none behind).
    var count: Int { subscribers.withLock { $0.byConversation.values.reduce(0) { $0 + $1.count } } }

    private func unsubscribe(_ conversationId: String, _ id: Int) {
        subscribers.withLock { state in
            state.byConversation[conversationId]?[id] = nil
            if state.byConversation[conversationId]?.isEmpty ?? false { state.byConversation[conversationId] = nil }
        }
    }
}
