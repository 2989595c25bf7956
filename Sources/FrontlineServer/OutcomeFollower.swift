import Foundation
import FrontlineEngine
import ServiceLifecycle

/// Several replicas on one database: an outcome an agent saves on another replica teaches
/// this replica's outcome memory too, so the next parse of that text changes everywhere.
/// Each poll reads the outcomes saved since the previous poll, less `window` (ids can commit
/// out of order, and replicas' clocks differ a little), and learns those not seen yet.
/// Learning is idempotent (a text already learned counts as a duplicate), so the outcomes
/// this replica learned itself cost nothing but a read.
public actor OutcomeFollower {
    let engine: ConversationEngine
    let store: any ServingStore
    let window: TimeInterval
    private var lastPoll: Date
    /// Outcome ids learned, with their time, kept while inside the window.
    private var seen: [Int: Date] = [:]

    /// `start`: outcomes before it were replayed when the assistant loaded.
    init(engine: ConversationEngine, store: any ServingStore, window: TimeInterval = 30, start: Date = Date()) {
        self.engine = engine
        self.store = store
        self.window = window
        lastPoll = start
    }

    /// Learns the outcomes other replicas saved since the last poll; returns how many
    /// examples the memory took.
    @discardableResult
    public func poll(now: Date = Date()) async throws -> Int {
        let from = lastPoll.addingTimeInterval(-window)
        var learned = 0
        for outcome in try await store.outcomes(since: from, limit: 10_000) where seen[outcome.id] == nil {
            learned += try await engine.learn(from: outcome).learned
            seen[outcome.id] = outcome.createdAt
        }
        lastPoll = now
        seen = seen.filter { $0.value >= from }
        return learned
    }
}

/// Runs `OutcomeFollower.poll` every `interval` until shutdown.
struct OutcomeFollowerService: Service {
    let follower: OutcomeFollower
    let interval: Duration

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: interval)
            _ = try? await follower.poll()
        }
    }
}
