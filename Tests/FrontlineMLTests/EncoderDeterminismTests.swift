import Foundation
import Testing
@testable import FrontlineML

/// What training relies on: the same texts in the same call give bitwise the same vectors
/// (so the same data in a fresh process gives the same model bytes), and a text's vector
/// hardly depends on its batch (OpenBLAS picks kernels by matrix size, so the last bits can).
@Suite(.enabled(if: EncoderFixture.enabled, .init(rawValue: EncoderFixture.skipMessage)))
struct EncoderDeterminismTests {
    static let texts = [
        "hi", "where is my order A-12345?", "my new speaker won't turn on even after charging it all night",
        "can I return headphones I bought three weeks ago in the Berlin store, the left ear is quiet",
        "ok", "¿dónde está mi pedido?", "refund", String(repeating: "very long message ", count: 40),
    ]

    @Test func theSameCallGivesBitwiseTheSameVectors() throws {
        let encoder = try EncoderFixture.encoder()
        let batch = Self.texts + Self.texts.reversed()
        #expect(encoder.embed(batch) == encoder.embed(batch))
        #expect(encoder.embed(batch, workers: 1) == encoder.embed(batch, workers: 1))
    }

    /// A model trained on one core is the same bytes as one trained on two: the passes a
    /// batch is cut into depend on the batch only, so the thread count can't change a bit.
    @Test func theThreadCountChangesNoBit() throws {
        let encoder = try EncoderFixture.encoder()
        for batch in [Self.texts, Array(repeating: Self.texts, count: 12).flatMap { $0 }, ["hi", "ok"]] {
            let one = encoder.embed(batch, workers: 1)
            #expect(encoder.embed(batch, workers: 2) == one)
            #expect(encoder.embed(batch, workers: 3) == one)
        }
        // Small batches are still shared between two threads; large ones go in passes of at most 1,024 tokens.
        #expect(SentenceEncoder.passes([20, 20, 20, 20, 20]).count >= 2)
        #expect(SentenceEncoder.passes([10, 10]).count == 1)
        #expect(SentenceEncoder.passes(Array(repeating: 16, count: 300)).allSatisfy { $0.tokens <= 1024 })
    }

    @Test func aTextsVectorBarelyDependsOnItsBatch() throws {
        let encoder = try EncoderFixture.encoder()
        let batched = encoder.embed(Self.texts)
        let reversed = Array(encoder.embed(Self.texts.reversed()).reversed())
        for (i, text) in Self.texts.enumerated() {
            let alone = encoder.embed([text], workers: 1)[0]
            #expect(maxDifference(alone, batched[i]) <= 1e-5, "\(text)")
            #expect(maxDifference(alone, reversed[i]) <= 1e-5, "\(text)")
        }
    }
}
