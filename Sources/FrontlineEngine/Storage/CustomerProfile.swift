import Foundation

/// What Frontline remembers about a customer across conversations and channels.
public struct CustomerProfile: Sendable, Codable, Hashable {
    public var customerId: String
    /// Slot name → the latest value the customer gave.
    public var slots: [String: RememberedSlot]

    public init(customerId: String, slots: [String: RememberedSlot]) {
        self.customerId = customerId
        self.slots = slots
    }
}

public struct RememberedSlot: Sendable, Codable, Hashable {
    public var value: String
    public var updatedAt: Date
    /// The channel the value was given on.
    public var channel: String

    public init(value: String, updatedAt: Date, channel: String) {
        self.value = value
        self.updatedAt = updatedAt
        self.channel = channel
    }
}
