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
        let outcomeTrainExamples = outcomes.filter { !FixedHoldout.isHeldOut($0.text) }
        let outcomeTrain = outcomeTrainExamples.map(\.utterance)
        let outcomeHoldout = outcomes.filter { FixedHoldout.isHeldOut($0.text) }.map(\.utterance)
        let trainingSet = dataTrain + outcomeTrain
        progress?("training the candidate on \(dataTrain.count) training examples + \(outcomeTrain.count) from outcomes")
        // With many examples one cross-validation fold tunes the out-of-scope gate as well as
        // five (over a thousand out-of-fold predictions) at a fifth of the cost. A refit of the
        // current recipe is tuned the same way, so both sides of the comparison are alike.
        let gateFolds = trainingSet.count >= 5_000 ? 1 : 5
        let (intents, _) = try IntentTrainer.train(trainingSet, settings: settings.intent, gateFolds: gateFolds, progress: progress)
        // The tagger learns only from texts whose slots are known: an outcome whose agent said
        // nothing about slots (or gave no offsets) would teach it that its values are no slot.
        let slotted = outcomeTrainExamples.filter { example in
            example.slots.map { $0.allSatisfy { $0.start != nil && $0.end != nil } } ?? false
        }
        let tagger = try NLUTrainer.trainTagger(dataTrain + slotted.map(\.utterance), slots: slots, settings: settings, progress: progress)
        let candidate = try NLUModel(intents: intents, tagger: tagger, slotDefinitions: slots)
        let holdout = dataHoldout + outcomeHoldout
        // Only intents are compared, so a refit of the current recipe needs no tagger.
        var current = served.intents
        if !currentExcludesHoldout {
            progress?("the current model saw the held-out utterances: refitting its recipe without them for a fair comparison")
            current = try IntentTrainer.train(dataTrain, settings: currentSettings.intent, gateFolds: gateFolds).0
        }

        let gold = holdout.map(\.intent)
        let fromCurrent = current.predict(batch: holdout.map(\.text)).map(\.intent.name)
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
