import FrontlineData

/// Runs a domain action (a call to a back-office service) with the form's slots.
/// Implementations never throw: every failure is an outcome the customer hears about.
public protocol ActionRunner: Sendable {
    func run(_ action: DomainAction, slots: [String: String]) async -> ActionOutcome
}

/// How an action went, as the engine needs it to choose the response.
public enum ActionOutcome: Sendable, Hashable {
    /// A 2xx answer; its JSON fields flattened ("status", "carrier.name"), usable as `{result.<field>}`.
    case success([String: String])
    /// The service answered 404.
    case notFound
    /// Anything else: timeout, unreachable, other status, a body that is not a JSON object.
    case failure(String)
}
