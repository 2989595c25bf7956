import Testing
@testable import FrontlineML

@Suite struct BatchPredictionTests {
    /// A model with more than `batchDenseColumns` features, so both the dense
    /// block and the sparse tail are exercised.
    func model(_ algorithm: IntentAlgorithm) throws -> IntentClassifier {
        var settings = IntentTrainingSettings.recommended
        settings.algorithm = algorithm
        settings.features = Fixture.features
        let (model, _) = try IntentTrainer.train(Fixture.utterances, settings: settings)
        #expect(model.featurizer.featureCount > LinearScores.batchDenseColumns)
        return model
    }

    @Test(arguments: [IntentAlgorithm.logisticRegression, .naiveBayes])
    func batchEqualsOneByOne(algorithm: IntentAlgorithm) throws {
        let model = try model(algorithm)
        let texts = Fixture.utterances.map(\.text) + ["", "!!!", "transfer my lost balance to the weather", "zzzz qqqq"]
        // Block sizes that split the texts unevenly, and one block for all.
        for block in [1, 7, 256] {
            let batch = model.predict(batch: texts, top: 3, blockSize: block)
            #expect(batch.count == texts.count)
            for (text, b) in zip(texts, batch) {
                let one = model.predict(text, top: 3)
                #expect(b.intent.name == one.intent.name, "\(text)")
                #expect(b.outOfScope == one.outOfScope)
                #expect(b.ranking.map(\.name) == one.ranking.map(\.name))
                #expect(abs(b.intent.confidence - one.intent.confidence) < 1e-5)
            }
        }
    }

    @Test func denseBlockThroughBLASMatchesPlainLoops() throws {
        let model = try model(.logisticRegression)
        let x = model.featurizer.transform(Fixture.utterances.map(\.text))
        let k = model.classCount
        var blas = [Float](repeating: 0, count: x.rowCount * k)
        var plain = blas
        blas.withUnsafeMutableBufferPointer { model.scores.scores(batch: x, into: $0.baseAddress!, math: CBLASMath()) }
        plain.withUnsafeMutableBufferPointer { model.scores.scores(batch: x, into: $0.baseAddress!, math: PlainMath()) }
        #expect(maxDifference(blas, plain) < 1e-4)
        #expect(blas.contains { $0 != 0 })
    }

    @Test func emptyBatch() throws {
        #expect(try model(.naiveBayes).predict(batch: []).isEmpty)
    }
}
