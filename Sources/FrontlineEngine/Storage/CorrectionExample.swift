/// One correction of a stored outcome, as immediate learning replays it: the customer's
/// text and the intent it should have (the agent's, else the bot's reading).
public struct CorrectionExample: Sendable, Hashable {
    public var outcomeId: Int
    public var text: String
    /// The agent's corrected intent; nil when the agent said the bot's reading was right.
    public var correctedIntent: String?
    /// The intent the bot read from the message when it arrived (nil: not parsed).
    public var botIntent: String?

    public init(outcomeId: Int, text: String, correctedIntent: String?, botIntent: String?) {
        self.outcomeId = outcomeId
        self.text = text
        self.correctedIntent = correctedIntent
        self.botIntent = botIntent
    }

    /// The intent to learn: the agent's, else the bot's.
    public var intent: String? { correctedIntent ?? botIntent }
}
