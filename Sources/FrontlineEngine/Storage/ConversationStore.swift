import Foundation

/// Where the engine keeps conversations, messages, handoffs, outcomes and customer
/// profiles. The engine talks only to this protocol; `SQLiteStore` (FrontlineStore)
/// is the durable implementation (`PostgresStore` another), `InMemoryConversationStore` (a test-support target) the one for unit tests.
///
/// Durability: "durable" below means the data is on stable storage before the call
/// returns (SQLite: the transaction is committed with `synchronous=FULL`), so it
/// survives a crash of the process or of the machine. The in-memory store keeps the
/// same ordering and atomicity but, of course, survives nothing.
///
/// Atomicity: every write call is all-or-nothing. When it throws, nothing it would
/// have written is visible.
///
/// Errors: `StoreError` for the conditions it names; other errors mean the storage
/// itself failed (disk full, I/O error) and nothing was written.
public protocol ConversationStore: Sendable {
    /// The conversation, or nil when it doesn't exist. Reads committed data only.
    func conversation(id: String) async throws -> Conversation?

    /// Loads the conversation, creating it (status `.bot`, empty state) when new.
    /// A known `customerId` is attached to a conversation that has none yet; a
    /// conversation already tied to another customer keeps its customer (use
    /// `setCustomer` to change it). Durable when it creates or changes anything.
    func createOrLoad(id: String, channel: String, customerId: String?) async throws -> Conversation

    /// Ties the conversation to a customer (e.g. once they log in). Durable.
    /// Throws `notFound` for an unknown conversation.
    func setCustomer(conversationId: String, customerId: String?) async throws -> Conversation

    /// Stores a customer message with the next sequence number. Durable on return, so
    /// it is never lost whatever happens to the turn that answers it.
    ///
    /// Idempotent on `clientMessageId`: when the chat server retries with an id this
    /// conversation already has, nothing is written and the original comes back with
    /// `isDuplicate` and, if its turn was committed, that turn's replies; the engine
    /// must return those instead of answering again (`turnCommitted` false means the
    /// first attempt is still in flight or died before committing).
    /// Throws `notFound` for an unknown conversation.
    func appendCustomerMessage(conversationId: String, text: String, clientMessageId: String?) async throws -> AppendedMessage

    /// `createOrLoad` then `appendCustomerMessage`, in ONE transaction, returning the
    /// conversation too: what the engine does first for every customer message. Same
    /// durability, idempotency and errors as the two calls.
    func openTurn(id: String, channel: String, customerId: String?, text: String, clientMessageId: String?) async throws -> OpenedTurn

    /// What answering a customer message starts from, read in ONE read and writing
    /// nothing: the conversation (nil when new), the customer's profile, and the message
    /// when `clientMessageId` is already stored (a retry: `isDuplicate`, with its turn's
    /// replies when committed). The engine then commits message and answer together
    /// (`TurnCommit.customerMessage`). A store may instead store the message here,
    /// returning it in `stored`: the engine then commits only the answer.
    func beginTurn(id: String, channel: String, customerId: String?, text: String, clientMessageId: String?) async throws -> TurnStart

    /// Stores a message outside a bot turn: an agent's reply, a system note. Same
    /// durability and idempotency as `appendCustomerMessage`. Throws `invalidArgument`
    /// for the customer role (use `appendCustomerMessage`).
    func appendMessage(conversationId: String, role: MessageRole, text: String, clientMessageId: String?) async throws -> AppendedMessage

    /// Commits one engine turn in ONE transaction: the customer message's parse and
    /// "answered" mark, the replies (consecutive sequence numbers), the new state and
    /// status, a new revision, the customer-profile updates and, when asked, an open
    /// handoff whose transcript is the whole conversation including these replies.
    /// Durable on return.
    ///
    /// With `customerMessage`, the message is stored first in the same transaction (the
    /// conversation created when new, as `openTurn` would) and must get `replyingTo` as its
    /// sequence number.
    ///
    /// Throws `conflict` when `expectedRevision` is stale, when the customer message
    /// was already answered, or when the conversation already has an active handoff;
    /// with `customerMessage`, also when its `clientMessageId` is already stored or the
    /// message would not get the sequence number `replyingTo`;
    /// `notFound` for an unknown conversation or `replyingTo` that is not one of its
    /// customer messages; `invalidArgument` for a handoff whose status is not `.handoff`.
    func commitTurn(_ turn: TurnCommit) async throws -> CommittedTurn

    /// Messages with a sequence above `after`, oldest first, at most `limit`.
    func messages(conversationId: String, after: Int, limit: Int) async throws -> [Message]

    /// The customer's most recent messages across all their conversations and channels,
    /// except `excludingConversation`: at most `limit`, returned oldest first.
    func recentMessages(customerId: String, excludingConversation: String?, limit: Int) async throws -> [Message]

    /// The customer's conversations, most recently updated first, at most `limit`.
    func conversations(customerId: String, limit: Int) async throws -> [Conversation]

    /// What is remembered about the customer, or nil when nothing is.
    func customerProfile(id: String) async throws -> CustomerProfile?

    /// Remembers (or overwrites) one slot value for the customer. Durable.
    func remember(customerId: String, slot: String, value: String, channel: String) async throws

    /// The handoff, or nil.
    func handoff(id: String) async throws -> Handoff?

    /// Handoffs in queue order (highest priority first, then oldest first), filtered by
    /// status and queue when given.
    func handoffs(status: HandoffStatus?, queue: String?, limit: Int) async throws -> [Handoff]

    /// The conversation's open or accepted handoff, if any.
    func activeHandoff(conversationId: String) async throws -> Handoff?

    /// The handoff created by the turn that answered the customer message `sequence`
    /// (what a retried message gets back), or nil.
    func handoff(conversationId: String, replyingTo sequence: Int) async throws -> Handoff?

    /// The queue's most recent acceptances, at most `limit`, oldest first: the history
    /// the expected wait is estimated from.
    func recentAcceptances(queue: String, limit: Int) async throws -> [HandoffAcceptance]

    /// Moves a handoff along its lifecycle (see `HandoffStatus`) and sets the
    /// conversation's status to match, bumping its revision, in one transaction.
    /// Accepting stamps `acceptedAt`.
    /// Durable. `agentId` is required to accept. Throws `notFound`,
    /// `invalidTransition`, or `invalidArgument`.
    func updateHandoff(id: String, to status: HandoffStatus, agentId: String?) async throws -> Handoff

    /// Stores an agent's outcome, filling each correction's `text` from the stored
    /// message. Durable. Throws `notFound` for an unknown conversation or a correction
    /// whose sequence is not a customer message of it.
    func saveOutcome(_ outcome: OutcomeDraft) async throws -> Outcome

    /// Outcomes created at or after `since`, oldest first, at most `limit`.
    func outcomes(since: Date, limit: Int) async throws -> [Outcome]

    /// Every correction of the outcomes with ids above `afterId`, by outcome id then
    /// correction order, with the bot's reading of each message: what start-up replays into
    /// the outcome memory. Stores answer it in one query (a default below reads a
    /// conversation per outcome, for stores without a faster way).
    func correctionExamples(afterId: Int) async throws -> [CorrectionExample]
}

extension ConversationStore {
    public func correctionExamples(afterId: Int) async throws -> [CorrectionExample] {
        var examples: [CorrectionExample] = []
        for outcome in try await outcomes(since: .distantPast, limit: Int.max).sorted(by: { $0.id < $1.id })
        where outcome.id > afterId {
            let messages = try await messages(conversationId: outcome.conversationId, after: 0, limit: Int.max)
            let bySequence = Dictionary(messages.map { ($0.sequence, $0) }) { a, _ in a }
            for correction in outcome.corrections {
                guard let message = bySequence[correction.sequence], message.role == .customer else { continue }
                examples.append(CorrectionExample(
                    outcomeId: outcome.id, text: message.text, correctedIntent: correction.intent,
                    botIntent: message.parse?.intent))
            }
        }
        return examples
    }

    /// The two calls one after the other, for stores without a faster way.
    public func openTurn(id: String, channel: String, customerId: String?, text: String, clientMessageId: String?) async throws -> OpenedTurn {
        _ = try await createOrLoad(id: id, channel: channel, customerId: customerId)
        let appended = try await appendCustomerMessage(conversationId: id, text: text, clientMessageId: clientMessageId)
        guard let conversation = try await conversation(id: id) else {
            throw StoreError.notFound("conversation \(id)")
        }
        return OpenedTurn(conversation: conversation, appended: appended)
    }
}
