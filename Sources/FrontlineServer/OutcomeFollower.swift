import Foundation
import FrontlineEngine
import ServiceLifecycle

/// Several replicas on one database: an outcome an agent saves on another replica teaches
/// this replica's outcome memory too, so the next parse of that text changes everywhere.
/// It reads the store's outcome feed (`OutcomeFeed`: commit order, so an outcome committed
/// late, out of id order or stamped by a skewed clock is not missed) from where it left
/// off. Learning is idempotent (a text already learned counts as a duplicate), so the
/// outcomes this replica saved itself cost nothing but a read.
public actor OutcomeFollower {
    let engine: ConversationEngine
    /// Nil for a store of one process (SQLite): the engine learned everything itself.
    let feed: (any OutcomeFeed)?
    let pageSize: Int
    /// Nil until the first read: the feed then starts where the store was opened (the
    /// assistant replayed the outcomes before that when it loaded).
    private var position: OutcomeFeedPosition?

    init(engine: ConversationEngine, feed: (any OutcomeFeed)?, pageSize: Int = 500) {
        self.engine = engine
        self.feed = feed
        self.pageSize = max(1, pageSize)
    }

    /// Learns the outcomes committed since the last poll; returns how many examples the
    /// memory took. A failure leaves the position where it was (the next poll retries).
    @discardableResult
    public func poll() async throws -> Int {
        guard let feed else { return 0 }
        var learned = 0
        while true {
            let page = try await feed.outcomes(after: position, limit: pageSize)
            for outcome in page.outcomes {
                learned += try await engine.learn(from: outcome).learned
            }
            position = page.next
            if page.outcomes.count < pageSize { return learned }
        }
    }
}

/// Follows the outcome feed: at once when an outcome is committed (LISTEN), and every
/// `interval` as the fallback (a notification sent while the listening connection was
/// down is not replayed; an outcome behind a transaction still open shows up later).
struct OutcomeFollowerService: Service {
    let follower: OutcomeFollower
    let feed: any OutcomeFeed
    let interval: Duration

    func run() async throws {
        let (follower, feed, interval) = (follower, feed, interval)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    do {
                        try await feed.listenForOutcomes { _ = try? await follower.poll() }
                    } catch {
                        try? await Task.sleep(for: .seconds(2))
                    }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    _ = try? await follower.poll()
                    try? await Task.sleep(for: interval)
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }
}
