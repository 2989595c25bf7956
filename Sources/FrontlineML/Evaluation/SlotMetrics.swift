/// Slot-filling metrics as CoNLL's `conlleval` defines them, plus frame accuracy.
///
/// - A predicted span is correct only when a gold span of the same utterance has the same
///   slot name, start and end (canonical values are ignored). Overlapping but unequal spans
///   and right boundaries with the wrong slot are one false positive plus one false negative.
/// - Spans are counted as multisets: each gold span can be matched once, so a span predicted
///   twice is one hit and one false positive, and a gold span given twice needs two predictions.
/// - Precision, recall and F1 are micro-averaged over all spans. 0/0 is 0, as in conlleval:
///   precision is 0 when nothing was predicted, recall is 0 when there is nothing to find, and
///   F1 is 0 when both are. Data without any gold or predicted span therefore scores 0, not 1.
/// - Frame accuracy: the share of utterances whose intent is right (every out-of-scope label
///   counts as the same one, as in `IntentMetrics`) and whose spans equal the gold ones exactly,
///   as multisets. An utterance with no gold span needs no predicted span. 0 for no utterances.
public struct SlotMetrics: Sendable, Codable, Equatable {
    public struct PerSlot: Sendable, Codable, Equatable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
        /// Gold spans of this slot.
        public var support: Int

        public init(precision: Double, recall: Double, f1: Double, support: Int) {
            self.precision = precision
            self.recall = recall
            self.f1 = f1
            self.support = support
        }
    }

    /// Utterances scored.
    public var count: Int
    public var slotPrecision: Double
    public var slotRecall: Double
    public var slotF1: Double
    public var frameAccuracy: Double
    public var goldSpans: Int
    public var predictedSpans: Int
    public var correctSpans: Int
    /// Every slot that occurs in the gold or the predicted spans.
    public var perSlot: [String: PerSlot]

    enum CodingKeys: String, CodingKey {
        case count
        case slotPrecision = "slot_precision"
        case slotRecall = "slot_recall"
        case slotF1 = "slot_f1"
        case frameAccuracy = "frame_accuracy"
        case goldSpans = "gold_spans"
        case predictedSpans = "predicted_spans"
        case correctSpans = "correct_spans"
        case perSlot = "per_slot"
    }

    /// Scores `predicted[i]` (its intent and slots) against `gold[i]`; the texts are not compared.
    /// The two lists must be equally long (a caller's mistake otherwise, not a data problem).
    public init(gold: [Utterance], predicted: [Utterance]) {
        self.init(goldSlots: gold.map(\.slots), predictedSlots: predicted.map(\.slots),
                  goldIntents: gold.map(\.intent), predictedIntents: predicted.map(\.intent))
    }

    /// One entry per utterance in each list; all four lists must be equally long.
    public init(goldSlots: [[SlotSpan]], predictedSlots: [[SlotSpan]], goldIntents: [String], predictedIntents: [String]) {
        let n = goldSlots.count
        precondition(predictedSlots.count == n && goldIntents.count == n && predictedIntents.count == n,
                     "SlotMetrics needs one gold and one predicted frame per utterance")
        var gold: [String: Int] = [:]
        var found: [String: Int] = [:]
        var correct: [String: Int] = [:]
        var rightFrames = 0
        for i in 0..<n {
            var unmatched: [SpanKey: Int] = [:]
            for span in goldSlots[i] {
                unmatched[SpanKey(span), default: 0] += 1
                gold[span.slot, default: 0] += 1
            }
            var misses = 0
            for span in predictedSlots[i] {
                found[span.slot, default: 0] += 1
                let key = SpanKey(span)
                if let left = unmatched[key], left > 0 {
                    unmatched[key] = left - 1
                    correct[span.slot, default: 0] += 1
                } else {
                    misses += 1
                }
            }
            // No false positive and every gold span matched: the multisets are equal.
            if SlotMetrics.sameIntent(goldIntents[i], predictedIntents[i]) && misses == 0
                && unmatched.values.allSatisfy({ $0 == 0 }) { rightFrames += 1 }
        }

        var perSlot: [String: PerSlot] = [:]
        for slot in Set(gold.keys).union(found.keys) {
            let s = SlotMetrics.scores(correct: correct[slot] ?? 0, found: found[slot] ?? 0, gold: gold[slot] ?? 0)
            perSlot[slot] = PerSlot(precision: s.precision, recall: s.recall, f1: s.f1, support: gold[slot] ?? 0)
        }
        count = n
        goldSpans = gold.values.reduce(0, +)
        predictedSpans = found.values.reduce(0, +)
        correctSpans = correct.values.reduce(0, +)
        let overall = SlotMetrics.scores(correct: correctSpans, found: predictedSpans, gold: goldSpans)
        slotPrecision = overall.precision
        slotRecall = overall.recall
        slotF1 = overall.f1
        frameAccuracy = n > 0 ? Double(rightFrames) / Double(n) : 0
        self.perSlot = perSlot
    }

    /// Whether one utterance's predicted frame is right: the same intent (every out-of-scope
    /// label counts as one) and the same spans as multisets, as frame accuracy counts it.
    public static func frameIsRight(gold: Utterance, predicted: Utterance) -> Bool {
        guard sameIntent(gold.intent, predicted.intent), gold.slots.count == predicted.slots.count else { return false }
        var unmatched: [SpanKey: Int] = [:]
        for span in gold.slots { unmatched[SpanKey(span), default: 0] += 1 }
        for span in predicted.slots {
            let key = SpanKey(span)
            guard let left = unmatched[key], left > 0 else { return false }
            unmatched[key] = left - 1
        }
        return true
    }

    static func sameIntent(_ gold: String, _ predicted: String) -> Bool {
        gold == predicted || (OutOfScope.isOutOfScope(gold) && OutOfScope.isOutOfScope(predicted))
    }

    /// Precision, recall and F1 with 0/0 taken as 0 (conlleval).
    static func scores(correct: Int, found: Int, gold: Int) -> (precision: Double, recall: Double, f1: Double) {
        let precision = found > 0 ? Double(correct) / Double(found) : 0
        let recall = gold > 0 ? Double(correct) / Double(gold) : 0
        let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        return (precision, recall, f1)
    }

    /// What makes two spans the same for scoring: the value is not part of it.
    private struct SpanKey: Hashable {
        var slot: String
        var start: Int
        var end: Int

        init(_ span: SlotSpan) {
            slot = span.slot
            start = span.start
            end = span.end
        }
    }
}
