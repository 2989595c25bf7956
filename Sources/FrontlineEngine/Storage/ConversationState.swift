/// The engine's memory of one conversation between turns.
///
/// Stored as a JSON document, so the engine can add fields without a database
/// migration: decoding fills every missing key with its default and ignores unknown
/// keys. Bump `currentSchemaVersion` when the meaning of an existing field changes,
/// and migrate in the engine on load by looking at `schemaVersion`.
public struct ConversationState: Sendable, Codable, Hashable {
    public static let currentSchemaVersion = 1

    /// The version this state was written with.
    public var schemaVersion: Int
    /// The form (intent) being filled, if any.
    public var activeForm: String?
    /// The slot the bot last asked for.
    public var requestedSlot: String?
    /// How many times the bot has asked for `requestedSlot` without getting it.
    public var retries: Int
    /// Slot name → what the customer gave for it.
    public var filledSlots: [String: FilledSlot]
    public var consecutiveFallbacks: Int
    public var lowConfidenceTurns: Int
    public var kbMisses: Int
    /// The article whose "did this help?" answer the bot is waiting for.
    public var awaitingKBFeedback: String?
    public var lastCustomerText: String?
    public var lastIntent: String?
    /// The last customer message, normalised (`RepeatKey`), and how many times in a row
    /// it came: the same message again and again is a sign of a stuck conversation.
    public var repeatKey: String?
    public var repeatCount: Int
    /// Room for small experiments before they earn a field of their own.
    public var extras: [String: String]

    public init(
        schemaVersion: Int = ConversationState.currentSchemaVersion,
        activeForm: String? = nil,
        requestedSlot: String? = nil,
        retries: Int = 0,
        filledSlots: [String: FilledSlot] = [:],
        consecutiveFallbacks: Int = 0,
        lowConfidenceTurns: Int = 0,
        kbMisses: Int = 0,
        awaitingKBFeedback: String? = nil,
        lastCustomerText: String? = nil,
        lastIntent: String? = nil,
        repeatKey: String? = nil,
        repeatCount: Int = 0,
        extras: [String: String] = [:]
    ) {
        self.schemaVersion = schemaVersion
        self.activeForm = activeForm
        self.requestedSlot = requestedSlot
        self.retries = retries
        self.filledSlots = filledSlots
        self.consecutiveFallbacks = consecutiveFallbacks
        self.lowConfidenceTurns = lowConfidenceTurns
        self.kbMisses = kbMisses
        self.awaitingKBFeedback = awaitingKBFeedback
        self.lastCustomerText = lastCustomerText
        self.lastIntent = lastIntent
        self.repeatKey = repeatKey
        self.repeatCount = repeatCount
        self.extras = extras
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, activeForm, requestedSlot, retries, filledSlots, consecutiveFallbacks
        case lowConfidenceTurns, kbMisses, awaitingKBFeedback, lastCustomerText, lastIntent, repeatKey, repeatCount, extras
    }

    // Lenient on purpose: state written by an older build lacks newer keys.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? 1
        activeForm = try c.decodeIfPresent(String.self, forKey: .activeForm)
        requestedSlot = try c.decodeIfPresent(String.self, forKey: .requestedSlot)
        retries = try c.decodeIfPresent(Int.self, forKey: .retries) ?? 0
        filledSlots = try c.decodeIfPresent([String: FilledSlot].self, forKey: .filledSlots) ?? [:]
        consecutiveFallbacks = try c.decodeIfPresent(Int.self, forKey: .consecutiveFallbacks) ?? 0
        lowConfidenceTurns = try c.decodeIfPresent(Int.self, forKey: .lowConfidenceTurns) ?? 0
        kbMisses = try c.decodeIfPresent(Int.self, forKey: .kbMisses) ?? 0
        awaitingKBFeedback = try c.decodeIfPresent(String.self, forKey: .awaitingKBFeedback)
        lastCustomerText = try c.decodeIfPresent(String.self, forKey: .lastCustomerText)
        lastIntent = try c.decodeIfPresent(String.self, forKey: .lastIntent)
        extras = try c.decodeIfPresent([String: String].self, forKey: .extras) ?? [:]
        // Builds before the typed fields kept the repeat counter in `extras`.
        let legacyKey = extras.removeValue(forKey: "repeat_key")
        let legacyCount = extras.removeValue(forKey: "repeat_count").flatMap { Int($0) }
        repeatKey = try c.decodeIfPresent(String.self, forKey: .repeatKey) ?? legacyKey
        repeatCount = try c.decodeIfPresent(Int.self, forKey: .repeatCount) ?? legacyCount ?? (legacyKey == nil ? 0 : 1)
    }
}

/// A slot value the conversation has collected.
public struct FilledSlot: Sendable, Codable, Hashable {
    /// The normalised value ("A-48213", "2024-05-01").
    public var value: String
    /// What the customer actually wrote, when it differs.
    public var raw: String?
    /// The sequence number of the customer message it came from (nil: from the profile).
    public var sourceSequence: Int?
    public var confidence: Double

    public init(value: String, raw: String? = nil, sourceSequence: Int? = nil, confidence: Double = 1) {
        self.value = value
        self.raw = raw
        self.sourceSequence = sourceSequence
        self.confidence = confidence
    }
}
