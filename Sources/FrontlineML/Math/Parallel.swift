import Dispatch
import Foundation

/// Hands a value to concurrently running closures that touch disjoint parts of it.
/// The caller guarantees the disjointness; this only silences the checker for that case.
struct UnsafeShared<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

public enum Parallel {
    /// Number of worker threads for training; 1 keeps everything on the caller's thread.
    public static var defaultWorkers: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) }

    /// How many pieces training splits its work into, whatever the number of
    /// threads: results combined piece by piece are then the same on every machine.
    public static let trainingChunks = 4

    /// Runs `body(chunk, range)` over `count` items split into `chunks` contiguous
    /// ranges, on the caller's thread alone when `workers` is 1, else on the
    /// dispatch pool. The ranges depend on `count` and `chunks` only.
    static func forChunks(count: Int, chunks: Int, workers: Int, _ body: @Sendable (Int, Range<Int>) -> Void) {
        let c = max(1, chunks)
        let range = { @Sendable (chunk: Int) in (count * chunk / c)..<(count * (chunk + 1) / c) }
        if workers <= 1 || c == 1 {
            for chunk in 0..<c { body(chunk, range(chunk)) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: c) { chunk in body(chunk, range(chunk)) }
    }

    /// One contiguous range per worker: for work whose result does not depend on the split.
    static func forChunks(count: Int, workers: Int, _ body: @Sendable (Int, Range<Int>) -> Void) {
        forChunks(count: count, chunks: max(1, min(workers, count)), workers: workers, body)
    }
}
