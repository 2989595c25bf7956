import Foundation

/// Random (version 4) UUID strings from the system's random generator.
///
/// Foundation's `UUID()` opens and reads `/dev/urandom` on every call on Linux, which the
/// message path paid twice per message (the request id and the handoff id); the standard
/// library's generator asks the kernel with one `getrandom` call and no file.
public enum RandomIdentifier {
    /// An upper-case UUID string, formatted as `UUID().uuidString` is.
    public static func uuidString() -> String {
        var generator = SystemRandomNumberGenerator()
        return uuid(using: &generator).uuidString
    }

    /// A version 4, variant 1 UUID made from `generator`'s bits (tests pass a seeded one).
    public static func uuid<G: RandomNumberGenerator>(using generator: inout G) -> UUID {
        let high = generator.next() as UInt64, low = generator.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: high >> (8 * (7 - i)))
            bytes[8 + i] = UInt8(truncatingIfNeeded: low >> (8 * (7 - i)))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // variant 1 (RFC 4122)
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
