import Foundation
import FrontlineEngine
import GRDB

/// Customer profiles: slot values remembered across conversations and channels.
enum ProfileSQL {
    static func profile(_ db: Database, customerId: String) throws -> CustomerProfile? {
        let rows = try db.rows(
            "SELECT slot, value, channel, updated_at FROM customer_slots WHERE customer_id = ?", [customerId])
        guard !rows.isEmpty else { return nil }
        var slots: [String: RememberedSlot] = [:]
        for row in rows {
            let reader = RowReader(row: row, what: "profile \(customerId)")
            slots[try reader.value("slot")] = RememberedSlot(
                value: try reader.value("value"), updatedAt: try reader.date("updated_at"), channel: try reader.value("channel"))
        }
        return CustomerProfile(customerId: customerId, slots: slots)
    }

    static func remember(_ db: Database, customerId: String, slot: String, value: String, channel: String, now: Date) throws {
        try db.run(
            """
            INSERT INTO customer_slots (customer_id, slot, value, channel, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (customer_id, slot) DO UPDATE
            SET value = excluded.value, channel = excluded.channel, updated_at = excluded.updated_at
            """,
            [customerId, slot, value, channel, StoreClock.milliseconds(now)])
    }
}
