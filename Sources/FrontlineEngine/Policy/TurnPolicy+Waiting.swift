import Foundation
import FrontlineData

extension TurnPolicy {
    /// A customer writing while their conversation waits for a person hears where they are
    /// in the queue and how long it should take, at most once per `waiting_update_seconds`
    /// (so "hello?" five times in a minute gets one answer). Silent when the domain has no
    /// `waiting_update` response, or once an agent has accepted (status `agent`, not here).
    func updateWaitingCustomer(_ turn: inout Turn) async {
        guard let response = escalation.waitingUpdate else { return }
        let now = configuration.clock.now()
        if let last = turn.state.extras[StateKey.waitingUpdateAt].flatMap(Double.init),
           now.timeIntervalSince1970 - last < escalation.waitingUpdateSeconds {
            return
        }
        // Best effort: without the queue there is nothing true to tell, so say nothing.
        guard let handoff = try? await store.activeHandoff(conversationId: turn.conversationId),
              let wait = try? await waits.wait(for: handoff) else { return }
        turn.variables["wait_minutes"] = String(wait.expectedWaitMinutes)
        turn.variables["queue_position"] = String(wait.position)
        // The variants in turn, so a customer who keeps asking never reads the same words twice in a row.
        let sent = Int(turn.state.extras[StateKey.waitingUpdates] ?? "") ?? 0
        let variants = domain.response(response)?.variants ?? []
        if variants.isEmpty { return }
        say(&turn, variants: [variants[sent % variants.count]], ReplyDetails(kind: .waiting))
        turn.state.extras[StateKey.waitingUpdates] = String(sent + 1)
        turn.state.extras[StateKey.waitingUpdateAt] = String(now.timeIntervalSince1970)
    }
}
