/// A labelled piece of training or evaluation text.
///
/// Offsets are Unicode-scalar offsets into `text` (what Python's `str` indexes),
/// half-open: `text[start..<end]`.
public struct Utterance: Sendable, Hashable, Codable {
    public var text: String
    /// Intent label; `OutOfScope.isOutOfScope(label)` tells the out-of-scope class apart.
    public var intent: String
    public var slots: [SlotSpan]

    public init(text: String, intent: String, slots: [SlotSpan] = []) {
        self.text = text
        self.intent = intent
        self.slots = slots
    }
}

/// One annotated slot value inside an utterance.
public struct SlotSpan: Sendable, Hashable, Codable {
    public var slot: String
    public var start: Int
    public var end: Int
    /// Canonical value when the annotation gives one (`[15 pro](product:iphone 15 pro)`), else nil.
    public var value: String?

    public init(slot: String, start: Int, end: Int, value: String? = nil) {
        self.slot = slot
        self.start = start
        self.end = end
        self.value = value
    }
}

/// Labels that mean "not something this assistant handles".
public enum OutOfScope {
    public static let labels: Set<String> = ["oos", "out_of_scope", "none", "nlu_fallback"]
    /// The label the model reports for out-of-scope predictions when the data has none of its own.
    public static let defaultLabel = "oos"

    public static func isOutOfScope(_ label: String) -> Bool {
        labels.contains(label.lowercased())
    }
}
