import Foundation

/// Tagger features from a sentence encoder's contextual token vectors: each token's
/// aligned vector (`EncoderTokenVectors`) is assigned to its nearest centroid in
/// codebooks of a few sizes, giving features such as "enc256:17" — clusters of what
/// the word means here, at several granularities.
public struct EncoderTokenFeatures: TokenFeatureSource {
    public let codebooks: [TokenCodebook]
    let encoder: SentenceEncoder?
    /// Features of texts encoded ahead of time (a benchmark encodes its data once).
    let precomputed: [String: [[String]]]

    /// `vectors`: aligned token vectors of texts encoded ahead of time.
    public init(codebooks: [TokenCodebook], encoder: SentenceEncoder?, vectors: [String: [[Float]?]] = [:]) {
        self.codebooks = codebooks
        self.encoder = encoder
        var precomputed: [String: [[String]]] = [:]
        for (text, tokens) in vectors { precomputed[text] = tokens.map { Self.features($0, codebooks) } }
        self.precomputed = precomputed
    }

    static func features(_ vector: [Float]?, _ codebooks: [TokenCodebook]) -> [String] {
        guard let vector else { return [] }
        return codebooks.map { "enc\($0.size):\($0.nearest(vector))" }
    }

    public func features(for tokens: [TagToken], in text: String) -> [[String]] {
        if let known = precomputed[text], known.count == tokens.count { return known }
        guard let encoder else { return tokens.map { _ in [] } }
        let (encoding, states) = encoder.tokenStates(text)
        return EncoderTokenVectors.align(tokens, text: text, encoding: encoding, states: states).map { Self.features($0, codebooks) }
    }
}

extension EncoderTokenFeatures {
    /// Aligned token vectors of `texts` (encoded on `workers` threads), read from
    /// `cache` when it holds exactly these texts, else computed and written there.
    public static func vectors(_ texts: [String], encoder: SentenceEncoder, workers: Int, cache: URL?) throws -> [[[Float]?]] {
        var key = FeatureHash.string(encoder.fingerprint)
        for t in texts { key = FeatureHash.combine(key, FeatureHash.string(t)) }
        if let cache, let data = try? Data(contentsOf: cache), let read = read(data, key: key, count: texts.count, width: encoder.dimension) {
            return read
        }
        let results = UnsafeMutableBufferPointer<[[Float]?]>.allocate(capacity: texts.count)
        results.initialize(repeating: [])
        defer { results.deallocate() }
        let shared = UnsafeShared(results)
        Parallel.forChunks(count: texts.count, chunks: max(1, workers), workers: max(1, workers)) { _, range in
            for i in range {
                let tokens = TagTokenizer.tokenize(texts[i])
                let (encoding, states) = encoder.tokenStates(texts[i])
                shared.value[i] = EncoderTokenVectors.align(tokens, text: texts[i], encoding: encoding, states: states)
            }
        }
        let out = Array(results)
        if let cache { try write(out, key: key, width: encoder.dimension).write(to: cache, options: .atomic) }
        return out
    }

    /// Cache layout: key (u64), then per text a token count and per token a flag and,
    /// when set, `width` floats; little-endian.
    static func write(_ vectors: [[[Float]?]], key: UInt64, width: Int) -> Data {
        var words: [UInt32] = [UInt32(truncatingIfNeeded: key), UInt32(truncatingIfNeeded: key >> 32)]
        for text in vectors {
            words.append(UInt32(text.count))
            for v in text {
                words.append(v == nil ? 0 : 1)
                if let v { words.append(contentsOf: v.map(\.bitPattern)) }
            }
        }
        return words.map(\.littleEndian).withUnsafeBufferPointer { Data(buffer: $0) }
    }

    static func read(_ data: Data, key: UInt64, count: Int, width: Int) -> [[[Float]?]]? {
        let words: [UInt32] = data.withUnsafeBytes { raw in (0..<(raw.count / 4)).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) } }
        guard words.count >= 2, UInt64(words[0]) | UInt64(words[1]) << 32 == key else { return nil }
        var i = 2
        var out: [[[Float]?]] = []
        out.reserveCapacity(count)
        while out.count < count {
            guard i < words.count else { return nil }
            let n = Int(words[i]); i += 1
            var text: [[Float]?] = []
            for _ in 0..<n {
                guard i < words.count else { return nil }
                let flag = words[i]; i += 1
                if flag == 0 { text.append(nil); continue }
                guard i + width <= words.count else { return nil }
                text.append(words[i..<(i + width)].map { Float(bitPattern: $0) })
                i += width
            }
            out.append(text)
        }
        return i == words.count ? out : nil
    }
}
