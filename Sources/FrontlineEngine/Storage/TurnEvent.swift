/// Something a turn did that the messages alone don't show: how a form went, and the
/// customer's answer to "did that help?". Stored with the turn (one row each) so the
/// conversation report can count form funnels and article feedback.
public struct TurnEvent: Sendable, Codable, Hashable {
    public var kind: TurnEventKind
    /// The form's name, or the article's id for knowledge-base feedback.
    public var subject: String
    /// The slot, for slot events.
    public var slot: String?

    public init(_ kind: TurnEventKind, _ subject: String, slot: String? = nil) {
        self.kind = kind
        self.subject = subject
        self.slot = slot
    }
}

/// Stored as text: never rename a case, only add.
public enum TurnEventKind: String, Sendable, Codable, Hashable, CaseIterable {
    case formStarted = "form_started"
    /// A slot got a value (from the message, or from the customer's profile at the start).
    case slotFilled = "slot_filled"
    /// The bot asked again for a slot it did not get.
    case slotReasked = "slot_reasked"
    case formCompleted = "form_completed"
    /// The customer cancelled ("never mind").
    case formCancelled = "form_cancelled"
    /// The customer changed the topic, or gave no valid answer and the form gave up with a response.
    case formLeft = "form_left"
    /// The conversation was handed to people while the form was active (its give-up included).
    case formHandedOff = "form_handed_off"
    /// "Yes" to "did that help?" about the article `subject`.
    case articleHelpful = "article_helpful"
    /// "No" to "did that help?" about the article `subject`.
    case articleNotHelpful = "article_not_helpful"
}
