/// Runs the work of one conversation one at a time, in arrival order, while different
/// conversations run in parallel. An entry lives only while its conversation has work
/// running or waiting, so the map holds no more than the conversations in flight.
actor ConversationSerializer {
    private struct Entry {
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private var entries: [String: Entry] = [:]
    private let maxQueued: Int

    init(maxQueued: Int = 32) {
        self.maxQueued = max(1, maxQueued)
    }

    /// Conversations with work running or waiting (for tests and metrics).
    var activeCount: Int { entries.count }

    /// Runs `work` once every earlier call for `key` has finished. Throws 429 when too
    /// many calls for the key are already waiting.
    nonisolated func run<T: Sendable>(_ key: String, _ work: @Sendable () async throws -> T) async throws -> T {
        try await acquire(key)
        do {
            let result = try await work()
            await release(key)
            return result
        } catch {
            await release(key)
            throw error
        }
    }

    private func acquire(_ key: String) async throws {
        guard var entry = entries[key] else {
            entries[key] = Entry()
            return
        }
        guard entry.waiters.count < maxQueued else {
            throw APIError.rateLimited(retryAfter: 1)
        }
        await withCheckedContinuation { continuation in
            entry.waiters.append(continuation)
            entries[key] = entry
        }
    }

    /// Hands the conversation to the next waiter, or forgets it when none is waiting.
    private func release(_ key: String) {
        guard var entry = entries[key] else { return }
        if entry.waiters.isEmpty {
            entries[key] = nil
        } else {
            let next = entry.waiters.removeFirst()
            entries[key] = entry
            next.resume()
        }
    }
}
