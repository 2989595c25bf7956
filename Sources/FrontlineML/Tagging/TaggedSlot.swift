/// One slot value found in a text.
public struct TaggedSlot: Sendable, Hashable, Codable {
    public var slot: String
    /// Half-open Unicode-scalar offsets into the tagged text, as in `SlotSpan`.
    public var start: Int
    public var end: Int
    /// The text between the offsets.
    public var raw: String
    /// The model's probability of exactly this span with this slot.
    public var confidence: Float

    public init(slot: String, start: Int, end: Int, raw: String, confidence: Float) {
        self.slot = slot
        self.start = start
        self.end = end
        self.raw = raw
        self.confidence = confidence
    }

    public var span: SlotSpan { SlotSpan(slot: slot, start: start, end: end) }
}
