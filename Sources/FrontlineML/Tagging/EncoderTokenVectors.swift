/// A sentence encoder's word-piece states aligned to the tagger's tokens: each
/// tagger token gets the mean state of the word pieces that start inside it
/// (a word split into "play", "##list" gets both). Tokens no piece starts in
/// (text cut at the encoder's maximum length) get nil.
public enum EncoderTokenVectors {
    /// One L2-normalised vector per tagger token (nil where no piece lands).
    public static func align(_ tokens: [TagToken], text: String, encoding: WordPieceEncoding, states: [[Float]]) -> [[Float]?] {
        guard let width = states.first?.count, !tokens.isEmpty else { return tokens.map { _ in nil } }
        // Unicode-scalar offset of each piece's start (the tagger's offsets are scalars).
        let scalars = text.unicodeScalars
        var offsetOf: [String.Index: Int] = [:]
        var offset = 0
        for index in scalars.indices {
            offsetOf[index] = offset
            offset += 1
        }
        var sums = [[Float]](repeating: [Float](repeating: 0, count: width), count: tokens.count)
        var counts = [Int](repeating: 0, count: tokens.count)
        var t = 0
        for (piece, range) in encoding.offsets.enumerated() where piece < states.count {
            guard let range, let start = offsetOf[range.lowerBound] else { continue }
            while t < tokens.count, tokens[t].end <= start { t += 1 }
            guard t < tokens.count, tokens[t].start <= start else { continue }
            for d in 0..<width { sums[t][d] += states[piece][d] }
            counts[t] += 1
        }
        return zip(sums, counts).map { sum, count in
            guard count > 0 else { return nil }
            var norm: Float = 0
            for x in sum { norm += x * x }
            norm = norm.squareRoot()
            return norm > 0 ? sum.map { $0 / norm } : nil
        }
    }
}
