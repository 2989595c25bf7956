/// Which way an undated month or weekend points when the sentence has no tense word:
/// an intent about an order already placed looks back ("my order from may" → last May),
/// one about a delivery looks ahead ("can it come in may" → next May).
public enum DateDirection: String, Sendable, Hashable, Codable, CaseIterable {
    case past, future

    var tense: TenseCue { self == .past ? .past : .future }
}
