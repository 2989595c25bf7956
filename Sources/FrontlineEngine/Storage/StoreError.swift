/// Why a storage call failed. Every implementation of the storage protocols throws
/// these (plus the underlying database's own errors for I/O failures), so the engine
/// can react the same way whichever store it runs on.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The named record does not exist (a conversation, a message sequence, a handoff).
    case notFound(String)
    /// The write lost a race: the conversation's revision moved on, the customer
    /// message was already answered, or the conversation already has an active handoff.
    /// Reload and decide again.
    case conflict(String)
    /// A handoff status change that the lifecycle does not allow.
    case invalidTransition(from: HandoffStatus, to: HandoffStatus)
    /// An argument the store refuses (an empty id, a handoff without `.handoff` status…).
    case invalidArgument(String)
    /// A stored record could not be decoded (hand-edited database, a bug).
    case corrupt(String)
    /// The database was written by a newer Frontline; opening it could lose data.
    case newerSchema(String)
    /// The storage itself failed mid-transaction and rolled everything back; nothing
    /// of the call was written. Retrying later may succeed.
    case storageFailure(String)
    /// The database cannot be reached now (connection refused or lost, or no answer in
    /// time); nothing of the call is known to be written. Retrying later may succeed.
    case unavailable(String)

    public var description: String {
        switch self {
        case .notFound(let what): "not found: \(what)"
        case .conflict(let what): "conflict: \(what)"
        case .invalidTransition(let from, let to): "a handoff cannot go from \(from.rawValue) to \(to.rawValue)"
        case .invalidArgument(let what): "invalid argument: \(what)"
        case .corrupt(let what): "corrupt record: \(what)"
        case .newerSchema(let what): "database schema is newer than this build: \(what)"
        case .storageFailure(let what): "storage failure: \(what)"
        case .unavailable(let what): "the database is unavailable: \(what)"
        }
    }
}
