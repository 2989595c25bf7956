/// 64-bit keys for the tagger's string features, built without making strings:
/// templates combine the hashes of token forms, so a neighbour or bigram feature
/// costs one mix, not an allocation. Collisions at 64 bits are negligible.
enum FeatureHash {
    /// SplitMix64's finaliser: every input bit affects every output bit.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Order matters: combine(a, b) ≠ combine(b, a).
    @inline(__always)
    static func combine(_ h: UInt64, _ v: UInt64) -> UInt64 {
        mix(h &* FNV1a.prime ^ v)
    }

    static func scalars<C: Collection>(_ s: C) -> UInt64 where C.Element == Unicode.Scalar {
        var h = FNV1a()
        for c in s { h.feed(UInt64(c.value)) }
        return mix(h.value)
    }

    static func string(_ s: String) -> UInt64 { scalars(s.unicodeScalars) }
}
