import FrontlineEngine
import GRDB

/// Group commit: every write of the store goes through here, and writes that arrive
/// while a transaction is being committed are batched into the next one.
///
/// A durable commit costs one fsync (~180 µs on the reference machine), so one
/// transaction per message caps the store at a few thousand messages per second.
/// Instead, callers queue their work and wait; a single drain loop takes everything
/// queued (up to `maxBatch` jobs), runs each job in its own savepoint inside one
/// transaction, commits once, and only then resumes every caller of the batch. A job
/// that throws rolls back its savepoint alone and gets its error; the others commit.
/// If the commit itself fails, every caller of the batch gets that error and nothing of
/// the batch is stored. No caller is ever resumed before its data is durable.
///
/// With one writer there is nothing to batch and each job is its own transaction; with
/// many, the batch grows to the number of waiting callers, and the cost of the fsync is
/// shared among them.
actor GroupCommitWriter {
    private struct Job: Sendable {
        /// Runs the caller's work in a savepoint; the work's error is the result. Throws
        /// only when the savepoint can't be undone, which must fail the whole batch.
        let run: @Sendable (Database) throws -> Result<any Sendable, any Error>
        /// Resumes the caller with the job's result, or with the commit's error.
        let finish: @Sendable (Result<any Sendable, any Error>) -> Void
    }

    private let pool: DatabasePool
    private let maxBatch: Int
    private var pending: [Job] = []
    private var draining = false

    init(pool: DatabasePool, maxBatch: Int) {
        self.pool = pool
        self.maxBatch = max(1, maxBatch)
    }

    /// Runs `work` inside a write transaction shared with other callers, returning once
    /// the transaction is committed (or throwing if `work` or the commit failed).
    func submit<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { db in
                    // A savepoint per job, through cached statements (GRDB's
                    // inSavepoint compiles its SQL every time, a measurable cost here).
                    try db.run("SAVEPOINT job")
                    do {
                        let output = try work(db)
                        try db.run("RELEASE SAVEPOINT job")
                        return .success(output)
                    } catch {
                        // Undo this job alone; the batch's other jobs stay. If even
                        // that fails, the error escapes and the whole batch rolls back.
                        try db.run("ROLLBACK TRANSACTION TO SAVEPOINT job")
                        try db.run("RELEASE SAVEPOINT job")
                        return .failure(error)
                    }
                },
                finish: { result in
                    switch result {
                    case .success(let value):
                        if let value = value as? T {
                            continuation.resume(returning: value)
                        } else {
                            continuation.resume(throwing: StoreError.corrupt("a write returned an unexpected type"))
                        }
                    case .failure(let error):
                        continuation.resume(throwing: error)
                    }
                }
            )
            pending.append(job)
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        var lastBatch = 0
        while !pending.isEmpty {
            // The callers of the last batch were just resumed and most will write again
            // at once; without waiting for them, the next commit carries only the few
            // that arrived meanwhile, and they trail into a commit of their own. A few
            // yields (microseconds) let them join. A lone writer never waits here.
            var yields = 0
            while pending.count < lastBatch / 2, yields < 16 {
                await Task.yield()
                yields += 1
            }
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            lastBatch = batch.count
            let committed: Result<[Result<any Sendable, any Error>], any Error>
            do {
                // While this awaits, new callers queue up for the next batch.
                committed = .success(try await pool.write { db in
                    let results = try batch.map { try $0.run(db) }
                    // Some errors (disk full, I/O) make SQLite roll back the whole
                    // transaction; then no job's work survived, whatever it returned.
                    guard db.isInsideTransaction else {
                        throw StoreError.storageFailure("SQLite rolled back the write transaction")
                    }
                    return results
                })
            } catch {
                committed = .failure(error)
            }
            for (index, job) in batch.enumerated() {
                switch committed {
                case .success(let results): job.finish(results[index])
                case .failure(let error): job.finish(.failure(error))
                }
            }
        }
        draining = false
    }
}
