/// Two NLU models' whole readings (intent and slots) of the same labelled examples: each
/// model's slot scores and McNemar's test on the frames exactly one of them gets right.
public struct FrameComparison: Sendable, Codable, Equatable {
    public var slotsA: SlotMetrics
    public var slotsB: SlotMetrics
    /// Texts whose frame A gets right and B wrong.
    public var aRightBWrong: [String]
    /// Texts whose frame A gets wrong and B right.
    public var aWrongBRight: [String]
    public var mcnemar: McNemarTest

    enum CodingKeys: String, CodingKey {
        case mcnemar
        case slotsA = "slots_a"
        case slotsB = "slots_b"
        case aRightBWrong = "a_right_b_wrong"
        case aWrongBRight = "a_wrong_b_right"
    }

    /// `predictedA[i]` and `predictedB[i]` are the two models' frames for `gold[i]`.
    public init(gold: [Utterance], predictedA: [Utterance], predictedB: [Utterance]) {
        precondition(gold.count == predictedA.count && gold.count == predictedB.count,
                     "FrameComparison needs two predicted frames per gold one")
        slotsA = SlotMetrics(gold: gold, predicted: predictedA)
        slotsB = SlotMetrics(gold: gold, predicted: predictedB)
        var aOnly: [String] = [], bOnly: [String] = []
        for i in gold.indices {
            let rightA = SlotMetrics.frameIsRight(gold: gold[i], predicted: predictedA[i])
            let rightB = SlotMetrics.frameIsRight(gold: gold[i], predicted: predictedB[i])
            guard rightA != rightB else { continue }
            if rightA { aOnly.append(gold[i].text) } else { bOnly.append(gold[i].text) }
        }
        aRightBWrong = aOnly
        aWrongBRight = bOnly
        mcnemar = McNemarTest(aOnly: aOnly.count, bOnly: bOnly.count)
    }
}
