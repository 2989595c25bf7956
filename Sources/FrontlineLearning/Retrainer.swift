import FrontlineML

/// Trains a candidate from the training data plus accepted outcomes and scores it against
/// the current model on the same held-out utterances.
public enum Retrainer {
    public struct Result: Sendable {
        public var candidate: NLUModel
        public var settings: NLUTrainingSettings
        /// What the candidate was trained on.
        public var trainingSet: [Utterance]
        public var holdout: [Utterance]
        public var current: PromotionGate.Scores
        public var candidateScores: PromotionGate.Scores
        /// A = current, B = candidate, on `holdout`.
        public var comparison: ModelComparison
        public var decision: PromotionGate.Decision
        public var outcomeExamplesTrained: Int
        public var outcomeExamplesHeldOut: Int
        /// True when the served model had seen the held-out utterances, so the comparison used
        /// its recipe refitted without them (a model scored on its own training data looks perfect).
        public var currentRefitted: Bool
    }

    /// Written into every model `retrain` makes: it was trained without the fixed holdout.
    public static let holdoutMarker = "holdout.json"

    public static func run(
        trainingData: [Utterance], outcomes: [OutcomeExample], slots: [SlotDefinition], current served: NLUModel,
        currentExcludesHoldout: Bool, currentSettings: NLUTrainingSettings = .recommended,
        gate: PromotionGate, settings: NLUTrainingSettings = .recommended, progress: ((String) -> Void)? = nil
    ) throws -> Result {
        let (dataTrain, dataHoldout) = FixedHoldout.split(trainingData)
        let (outcomeTrain, outcomeHoldout) = FixedHoldout.split(outcomes.map(\.utterance))
        let trainingSet = dataTrain + outcomeTrain
        progress?("training the candidate on \(dataTrain.count) training examples + \(outcomeTrain.count) from outcomes")
        let (candidate, _) = try NLUTrainer.train(trainingSet, slots: slots, settings: settings, progress: progress)
        let holdout = dataHoldout + outcomeHoldout
        var current = served
        if !currentExcludesHoldout {
            progress?("the current model saw the held-out utterances: refitting its recipe without them for a fair comparison")
            current = try NLUTrainer.train(dataTrain, slots: slots, settings: currentSettings, progress: nil).0
        }

        let gold = holdout.map(\.intent)
        let fromCurrent = current.intents.predict(batch: holdout.map(\.text)).map(\.intent.name)
        let fromCandidate = candidate.intents.predict(batch: holdout.map(\.text)).map(\.intent.name)
        let comparison = ModelComparison(texts: holdout.map(\.text), gold: gold, predictedA: fromCurrent, predictedB: fromCandidate)

        let split = dataHoldout.count
        func scores(_ predicted: [String]) -> PromotionGate.Scores {
            PromotionGate.Scores(
                overall: accuracy(gold, predicted),
                trainingHoldout: split > 0 ? accuracy(Array(gold[..<split]), Array(predicted[..<split])) : nil,
                outcomeHoldout: split < gold.count ? accuracy(Array(gold[split...]), Array(predicted[split...])) : nil)
        }
        let currentScores = scores(fromCurrent)
        let candidateScores = scores(fromCandidate)
        return Result(
            candidate: candidate, settings: settings, trainingSet: trainingSet, holdout: holdout,
            current: currentScores, candidateScores: candidateScores, comparison: comparison,
            decision: gate.decide(current: currentScores, candidate: candidateScores),
            outcomeExamplesTrained: outcomeTrain.count, outcomeExamplesHeldOut: outcomeHoldout.count,
            currentRefitted: !currentExcludesHoldout)
    }

    static func accuracy(_ gold: [String], _ predicted: [String]) -> Double {
        guard !gold.isEmpty else { return 0 }
        return Double(zip(gold, predicted).filter { $0 == $1 }.count) / Double(gold.count)
    }
}
