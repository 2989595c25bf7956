import Foundation

/// Gathers the texts of concurrent callers into one encoder batch.
///
/// A server parses each conversation's message on its own task; one text at a time
/// through the encoder costs ~2× per text what a batch of 16 does (the weights are read
/// once per batch instead of once per text). Callers suspend (they never block a
/// thread of the cooperative pool); one dedicated thread takes what has arrived, waits
/// at most `maxWait` for more (or until `maxBatch`), encodes the batch and resumes
/// every caller. A text the cache already has is answered at once, without waiting.
public final class BatchingEmbedder: @unchecked Sendable {
    public let base: any TextEmbedder
    public let maxWait: Duration
    public let maxBatch: Int

    private struct Waiter {
        var text: String
        var continuation: CheckedContinuation<[Float], Never>
    }

    /// Guards `queue` and `counts`. A condition, not a `Mutex` like the rest of the code: the
    /// encoder thread sleeps on it until texts arrive or `maxWait` has passed, and a `Mutex`
    /// can't wait; it is also why this class stays `@unchecked Sendable`.
    private let condition = NSCondition()
    private var queue: [Waiter] = []
    private var counts = (batches: 0, texts: 0)

    public init(base: any TextEmbedder, maxWait: Duration = .milliseconds(2), maxBatch: Int = 32) {
        self.base = base
        self.maxWait = maxWait
        self.maxBatch = max(1, maxBatch)
        // The thread keeps the batcher alive: it waits on the batcher's condition for as long as
        // the process runs (an unowned reference would leave it waiting on freed memory once the
        // last caller let go). Batchers are one per encoder per process (`EncoderRegistry`).
        let thread = Thread { self.run() }
        thread.name = "frontline-encoder"
        thread.start()
    }

    /// Batches run so far and the texts they held (for metrics and tests).
    public var statistics: (batches: Int, texts: Int) { condition.withLock { counts } }

    public func embed(_ text: String) async -> [Float] {
        if let cache = base as? EmbeddingCache, let hit = cache.cached(text) { return hit }
        return await withCheckedContinuation { continuation in
            condition.withLock {
                queue.append(Waiter(text: text, continuation: continuation))
                condition.signal()
            }
        }
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            // The first text has arrived: give others up to maxWait to join it.
            let deadline = Date().addingTimeInterval(Double(maxWait.components.seconds) + Double(maxWait.components.attoseconds) * 1e-18)
            while queue.count < maxBatch && condition.wait(until: deadline) {}
            let batch = Array(queue.prefix(maxBatch))
            queue.removeFirst(batch.count)
            counts.batches += 1
            counts.texts += batch.count
            condition.unlock()
            let vectors = base.embed(batch.map(\.text))
            for (waiter, vector) in zip(batch, vectors) { waiter.continuation.resume(returning: vector) }
        }
    }
}
