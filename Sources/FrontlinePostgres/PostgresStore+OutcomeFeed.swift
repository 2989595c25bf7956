import Foundation
import FrontlineEngine
import Logging
import PostgresNIO
import Synchronization

/// The outcome feed on PostgreSQL. Each outcome row carries the id of the transaction
/// that wrote it (`xact`). A read returns only rows whose transaction is older than every
/// transaction still running (`pg_snapshot_xmin` of the read's own snapshot): those are
/// all committed or gone, so none can appear behind the position afterwards. A bigserial
/// id alone would not do (ids are taken at insert and committed in any order), nor would
/// `created_at` (replicas' clocks and commit delays differ). Cost: an outcome shows up
/// once the transactions older than its own have finished (turns take milliseconds).
extension PostgresStore: OutcomeFeed {
    public static let outcomeChannel = "frontline_outcome"

    public func outcomes(after position: OutcomeFeedPosition?, limit: Int) async throws -> OutcomeFeedPage {
        let from = position ?? feedStart.position
        let limit = StoreValidation.limit(limit)
        let logger = logger
        return try await connection { connection in
            // One statement, so the horizon and the rows come from the same snapshot.
            let rows = try await connection.query("""
                WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon)
                SELECT h.horizon, o.* FROM h LEFT JOIN LATERAL (
                    SELECT xact, \(unescaped: PGColumns.outcome) FROM outcomes
                    WHERE (xact, id) > (\(from.transaction), \(from.id)) AND xact < h.horizon
                    ORDER BY xact, id LIMIT \(limit)
                ) o ON true
                ORDER BY o.xact, o.id
                """, logger: logger).collect()
            guard let first = rows.first else { throw StoreError.storageFailure("the outcome feed returned no horizon") }
            let horizon = try PGRow(first, "outcome feed").value("horizon", as: Int64.self)
            var outcomes: [Outcome] = []
            var last = from
            for row in rows {
                // The one row of an empty read carries the horizon only.
                guard let xact = try PGRow(row, "outcome feed").optional("xact", as: Int64.self) else { continue }
                let outcome = try Outcome(pg: row)
                outcomes.append(outcome)
                last = OutcomeFeedPosition(transaction: xact, id: Int64(outcome.id))
            }
            // A full page may have more behind it; otherwise everything below the horizon is read.
            let next = outcomes.count == limit ? last : max(from, OutcomeFeedPosition(transaction: horizon, id: 0))
            return OutcomeFeedPage(outcomes: outcomes, next: next)
        }
    }

    /// LISTEN on `outcomeChannel`, on a connection of its own for as long as it listens.
    public func listenForOutcomes(_ saved: @escaping @Sendable () async -> Void) async throws {
        do {
            try await client.withConnection { connection in
                try await connection.listen(on: Self.outcomeChannel) { notifications in
                    for try await _ in notifications { await saved() }
                }
            }
        } catch {
            throw Self.translate(error)
        }
    }

    /// Where the feed starts for a reader with no position: the horizon when the store was
    /// opened (outcomes committed before that were there for the assistant to replay).
    final class FeedStart: Sendable {
        private let value = Mutex(OutcomeFeedPosition(transaction: 0, id: 0))

        var position: OutcomeFeedPosition { value.withLock { $0 } }

        func set(horizon: Int64) { value.withLock { $0 = OutcomeFeedPosition(transaction: horizon, id: 0) } }
    }

    /// The current horizon: every transaction below it has finished.
    static func feedHorizon(_ connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let rows = try await connection.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon", logger: logger).collect()
        guard let row = rows.first else { throw StoreError.storageFailure("no snapshot horizon") }
        return try PGRow(row, "snapshot").value("horizon", as: Int64.self)
    }
}
