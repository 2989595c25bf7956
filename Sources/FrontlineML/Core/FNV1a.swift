import Foundation

/// FNV-1a, 64-bit: the project's one stable hash. Swift's `Hasher` is seeded per process, so
/// anything that must hash the same across runs and machines (model checksums, the fixed
/// holdout, response variants, feature keys) uses this instead.
public struct FNV1a: Sendable, Hashable {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    public private(set) var value: UInt64

    public init(value: UInt64 = FNV1a.offsetBasis) {
        self.value = value
    }

    /// One step: xor in `unit`, multiply by the prime. Callers choose the unit (a byte, a
    /// scalar value, a 64-bit word).
    @inline(__always)
    public static func step(_ hash: UInt64, _ unit: UInt64) -> UInt64 {
        (hash ^ unit) &* prime
    }

    @inline(__always)
    public mutating func feed(_ unit: UInt64) {
        value = Self.step(value, unit)
    }

    public mutating func feed<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { feed(UInt64(byte)) }
    }

    /// The string's UTF-8 bytes.
    public mutating func feed(_ string: String) {
        feed(bytes: string.utf8)
    }

    /// The hash of some bytes.
    public static func hash<Bytes: Sequence>(bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var h = FNV1a()
        h.feed(bytes: bytes)
        return h.value
    }

    /// `fnv1a64:<hex>`, as model manifests and fingerprints write it.
    public var tagged: String { "fnv1a64:" + String(value, radix: 16) }
}
