/// Turns tokens into 64-bit n-gram keys.
///
/// Keys, not strings, identify features: a vocabulary maps the keys seen in
/// training to columns, and the model file stores those keys, so prediction
/// reproduces exactly the features training used. At 64 bits collisions among
/// a few hundred thousand n-grams are vanishingly unlikely (~1e-9).
public struct NgramHasher: Sendable, Hashable, Codable {
    public var wordNgrams: ClosedRange<Int>
    /// Character n-grams inside word boundaries (each word padded with a space each side).
    /// `nil` turns character features off.
    public var charNgrams: ClosedRange<Int>?

    public init(wordNgrams: ClosedRange<Int> = 1...2, charNgrams: ClosedRange<Int>? = 2...4) {
        self.wordNgrams = wordNgrams
        self.charNgrams = charNgrams
    }

    /// Which block a key belongs to; features of each block can be weighted on their own.
    /// The block is the key's lowest bit, so it travels with the key.
    public enum Block: UInt8, Sendable, Codable { case word = 0, char = 1 }

    @inline(__always)
    public static func block(of key: UInt64) -> Block { key & 1 == 1 ? .char : .word }

    /// Calls `emit` once per n-gram occurrence (repeats included, for term frequency).
    @inline(__always)
    public func forEachKey(_ tokens: [Token], _ emit: (UInt64) -> Void) {
        // Word n-grams: hash of the words' folded scalars with a separator between them.
        if !tokens.isEmpty, wordNgrams.lowerBound >= 1 {
            for i in tokens.indices {
                var h = Self.seed(n: 0)
                for n in 1...wordNgrams.upperBound {
                    let j = i + n - 1
                    if j >= tokens.count { break }
                    if n > 1 { h = Self.mix(h, 0x20) }
                    for s in tokens[j].scalars { h = Self.mix(h, s.value) }
                    if n >= wordNgrams.lowerBound { emit(Self.finish(h, tag: UInt64(n), block: .word)) }
                }
            }
        }
        guard let chars = charNgrams else { return }
        var padded: [UInt32] = []
        padded.reserveCapacity(32)
        for token in tokens {
            padded.removeAll(keepingCapacity: true)
            padded.append(0x20)
            for s in token.scalars { padded.append(s.value) }
            padded.append(0x20)
            let count = padded.count
            if count < chars.lowerBound {
                // A word shorter than the smallest n-gram still counts once, as a whole.
                var h = Self.seed(n: 1)
                for v in padded { h = Self.mix(h, v) }
                emit(Self.finish(h, tag: 0x100 | UInt64(count), block: .char))
                continue
            }
            for start in 0..<count {
                var h = Self.seed(n: 1)
                var n = 0
                var k = start
                while k < count && n < chars.upperBound {
                    h = Self.mix(h, padded[k])
                    n += 1
                    k += 1
                    if n >= chars.lowerBound { emit(Self.finish(h, tag: 0x100 | UInt64(n), block: .char)) }
                }
            }
        }
    }

    // FNV-1a over 32-bit scalar values, finished with a SplitMix64 avalanche so
    // that low bits are usable for open-addressing tables.
    @inline(__always) static func seed(n: UInt64) -> UInt64 { FNV1a.offsetBasis &+ n }
    @inline(__always) static func mix(_ h: UInt64, _ v: UInt32) -> UInt64 { FNV1a.step(h, UInt64(v)) }
    @inline(__always) static func finish(_ h: UInt64, tag: UInt64, block: Block) -> UInt64 {
        var z = h &+ (tag &* 0x9E37_79B9_7F4A_7C15)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        // Lowest bit = block; never 0, which marks an empty slot in the vocabulary table.
        z = (z & ~1) | UInt64(block.rawValue)
        return z == 0 ? 2 : z
    }
}
