import Foundation

/// Runs a whole NLU model over labelled data: the intent report, plus slot scores
/// when the model tags slots and the data has slot annotations.
public enum NLUEvaluator {
    public static func evaluate(
        _ model: NLUModel, on data: [Utterance], modelName: String, dataName: String, split: String,
        reference: ReferenceTime, trainSeconds: Double? = nil
    ) -> EvaluationReport {
        var report = IntentEvaluator.evaluate(
            model.intents, on: data, modelName: modelName, dataName: dataName, split: split, trainSeconds: trainSeconds)
        guard model.tagger != nil || !model.slotDefinitions.isEmpty, data.contains(where: { !$0.slots.isEmpty }) else {
            return report
        }
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
        }
        micros.sort()
        report.timing.parseMicrosecondsPerUtterance = micros[micros.count / 2]
        report.slots = SlotMetrics(gold: data, predicted: predicted)
        return report
    }
}
