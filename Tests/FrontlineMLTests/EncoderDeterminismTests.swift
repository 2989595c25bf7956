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
