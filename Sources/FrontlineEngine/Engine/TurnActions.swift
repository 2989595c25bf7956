import FrontlineData

/// The action runner one customer message's turn uses, across its attempts.
///
/// - Before the first action runs, the customer message is made durable (`storeFirst`):
///   an action has effects outside Frontline, so the message that caused them must
///   survive whatever happens to the turn. Turns without actions commit the message with
///   their answer instead, in one transaction.
/// - An action that already ran is not run again when the turn is decided a second time
///   (after losing a race to another writer): its outcome is reused.
actor TurnActions: ActionRunner {
    private struct Call: Hashable {
        var action: String
        var slots: [String: String]
    }

    private let runner: any ActionRunner
    private var outcomes: [Call: ActionOutcome] = [:]
    private var storeFirst: (@Sendable () async throws -> OpenedTurn)?
    /// What `storeFirst` stored, once it ran.
    private(set) var opened: OpenedTurn?
    /// Why `storeFirst` failed: the action did not run, and the turn must fail with this.
    private(set) var storeError: (any Error)?

    init(runner: any ActionRunner) {
        self.runner = runner
    }

    /// Arms (or, with nil, disarms) the step that stores the message before an action.
    func storeBeforeActions(_ store: (@Sendable () async throws -> OpenedTurn)?) {
        storeFirst = store
        opened = nil
        storeError = nil
    }

    func run(_ action: DomainAction, slots: [String: String]) async -> ActionOutcome {
        let call = Call(action: action.name, slots: slots)
        if let outcome = outcomes[call] { return outcome }
        if let store = storeFirst {
            if let storeError { return .failure("the message could not be stored: \(storeError)") }
            do {
                opened = try await store()
                storeFirst = nil
            } catch {
                storeError = error
                return .failure("the message could not be stored: \(error)")
            }
        }
        let outcome = await runner.run(action, slots: slots)
        outcomes[call] = outcome
        return outcome
    }
}
