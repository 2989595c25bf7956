import Foundation

/// Runs a whole NLU model over labelled data: the intent report, plus slot scores
/// when the model tags slots and the data has slot annotations.
public enum NLUEvaluator {
    public static func evaluate(
        _ model: NLUModel, on data: [Utterance], modelName: String, dataName: String, split: String,
        reference: ReferenceTime, trainSeconds: Double? = nil, progress: ((Int, Int) -> Void)? = nil
    ) -> EvaluationReport {
        let scoresSlots = (model.tagger != nil || !model.slotDefinitions.isEmpty) && data.contains(where: { !$0.slots.isEmpty })
        // With slots there are two passes over the data; progress counts both.
        let passes = scoresSlots ? 2 : 1
        var report = IntentEvaluator.evaluate(
            model.intents, on: data, modelName: modelName, dataName: dataName, split: split, trainSeconds: trainSeconds,
            progress: progress.map { p in { done, total in p(done, total * passes) } })
        guard scoresSlots else { return report }
        let clock = ContinuousClock()
        var micros: [Double] = []
        var predicted: [Utterance] = []
        micros.reserveCapacity(data.count)
        predicted.reserveCapacity(data.count)
        for u in data {
            let start = clock.now
            let parse = model.parse(u.text, reference: reference)
            micros.append(IntentTrainer.seconds(clock.now - start) * 1e6)
            predicted.append(Utterance(text: u.text, intent: parse.intent.name, slots: parse.slots.map(\.span)))
            progress?(data.count + predicted.count, 2 * data.count)
        }
        micros.sort()
        report.timing.parseMicrosecondsPerUtterance = micros[micros.count / 2]
        report.slots = SlotMetrics(gold: data, predicted: predicted)
        return report
    }
}
