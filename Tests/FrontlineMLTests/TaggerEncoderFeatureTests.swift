import Foundation
import Testing
@testable import FrontlineML

/// The pieces that turn an encoder's word-piece states into tagger features, without
/// the encoder itself: alignment to tagger tokens, the codebooks, the vector cache.
@Suite struct TaggerEncoderFeatureTests {
    /// Word pieces of "play rock-music" as a BERT tokenizer cuts them, with [CLS] and [SEP].
    func encoding(_ text: String, pieces: [(Int, Int)?]) -> WordPieceEncoding {
        let scalars = text.unicodeScalars
        func index(_ i: Int) -> String.Index { scalars.index(scalars.startIndex, offsetBy: i) }
        return WordPieceEncoding(ids: pieces.map { _ in 1 }, offsets: pieces.map { $0.map { index($0.0)..<index($0.1) } })
    }

    @Test func piecesAverageIntoTheTokenTheyStartIn() throws {
        let text = "play rock-music"
        let tokens = TagTokenizer.tokenize(text)
        // [CLS] play ro ##ck - music [SEP]
        let enc = encoding(text, pieces: [nil, (0, 4), (5, 7), (7, 9), (9, 10), (10, 15), nil])
        let states: [[Float]] = [[9, 9], [1, 0], [0, 2], [0, 4], [5, 5], [3, 4], [9, 9]]
        let vectors = EncoderTokenVectors.align(tokens, text: text, encoding: enc, states: states)
        #expect(vectors.count == tokens.count)
        // Each token's vector is the normalised mean of its pieces.
        let byText = Dictionary(uniqueKeysWithValues: zip(tokens.map(\.text), vectors))
        #expect(byText["play"]! == [1, 0])
        // "ro", "##ck", "-" and "music" all start inside the token "rock-music":
        // their sum (8, 15), normalised by 17.
        #expect(tokens.map(\.text) == ["play", "rock-music"])
        let rock = byText["rock-music"]!!
        #expect(abs(rock[0] - 8 / 17) < 1e-6 && abs(rock[1] - 15 / 17) < 1e-6)
        for v in vectors.compactMap({ $0 }) {
            #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        }
        // Text cut before the last token: that token gets nothing.
        let cut = EncoderTokenVectors.align(tokens, text: text, encoding: encoding(text, pieces: [nil, (0, 4), nil]), states: [[1, 1], [1, 0], [1, 1]])
        #expect(cut.first! == [1, 0])
        #expect(cut.dropFirst().allSatisfy { $0 == nil })
    }

    @Test func codebookFindsWellSeparatedClusters() {
        var rng = SeededGenerator(seed: 5)
        let centres: [[Float]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, 0, 0]]
        var data: [Float] = [], truth: [Int] = []
        for i in 0..<400 {
            let c = i % centres.count
            var v = centres[c].map { $0 + rng.float(-0.1...0.1) }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            v = v.map { $0 / norm }
            data.append(contentsOf: v)
            truth.append(c)
        }
        let book = TokenCodebook.train(data, dimension: 3, size: 4, iterations: 10)
        let viaGemm = TokenCodebook.nearest(data, count: 400, dimension: 3, centroids: book.centroids, size: 4, math: PlainMath())
        let viaBLAS = TokenCodebook.nearest(data, count: 400, dimension: 3, centroids: book.centroids, size: 4, math: CBLASMath())
        #expect(viaGemm == viaBLAS)
        for i in 0..<400 { #expect(book.nearest(Array(data[(i * 3)..<(i * 3 + 3)])) == viaGemm[i]) }
        // Same true cluster ⇔ same centroid.
        for i in 0..<400 {
            for j in [0, 1, 2, 3] { #expect((truth[i] == truth[j]) == (viaGemm[i] == viaGemm[j])) }
        }
    }

    @Test func vectorCacheRoundTripsAndRejectsOtherTexts() {
        let vectors: [[[Float]?]] = [[[1, 2], nil], [], [[3, 4]]]
        let data = EncoderTokenFeatures.write(vectors, key: 42, width: 2)
        let back = EncoderTokenFeatures.read(data, key: 42, count: 3, width: 2)
        #expect(back.map { $0.map { $0.map { $0 ?? [-1] } } } == vectors.map { $0.map { $0 ?? [-1] } })
        #expect(EncoderTokenFeatures.read(data, key: 43, count: 3, width: 2) == nil)
        #expect(EncoderTokenFeatures.read(data.dropLast(4), key: 42, count: 3, width: 2) == nil)
    }

    @Test func precomputedFeaturesNameTheCentroids() {
        let book = TokenCodebook(size: 2, dimension: 2, centroids: [1, 0, 0, 1])
        let source = EncoderTokenFeatures(codebooks: [book], encoder: nil, vectors: ["a b": [[0.9, 0.1], nil]])
        let tokens = TagTokenizer.tokenize("a b")
        #expect(source.features(for: tokens, in: "a b") == [["enc2:0"], []])
        // Unknown text and no encoder: no features rather than a crash.
        #expect(source.features(for: TagTokenizer.tokenize("x y z"), in: "x y z") == [[], [], []])
    }
}
