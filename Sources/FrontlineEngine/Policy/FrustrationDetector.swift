import FrontlineData
import FrontlineML

/// How frustrated a message sounds: a naive-Bayes classifier trained on `frustrated` vs
/// `calm` examples, raised by cues a bag of words misses (shouting in capitals, "!!!").
public struct FrustrationDetector: Sendable {
    public static let frustratedLabel = "frustrated"
    public static let calmLabel = "calm"

    private let classifier: IntentClassifier?
    private let frustratedIndex: Int?

    /// A detector with cues only (no training data).
    public init() {
        classifier = nil
        frustratedIndex = nil
    }

    public init(classifier: IntentClassifier) {
        self.classifier = classifier
        frustratedIndex = classifier.labels.firstIndex(of: Self.frustratedLabel)
    }

    /// Trains on a Frontline YAML file or folder (e.g. `TrainingData/frustration`) with the
    /// intents `frustrated` and `calm`.
    public static func train(path: String) throws -> FrustrationDetector {
        let data = try DatasetLoader.load(path: path, format: .frontline)
        let examples = data.train.filter { $0.intent == frustratedLabel || $0.intent == calmLabel }
        var settings = IntentTrainingSettings()
        settings.algorithm = .naiveBayes
        // One worker: engine start-up shares the machine with request handling.
        let (classifier, _) = try IntentTrainer.train(examples, settings: settings, workers: 1)
        return FrustrationDetector(classifier: classifier)
    }

    /// 0…1; the engine hands off at the policy's `frustrationThreshold`.
    public func score(_ text: String) -> Double {
        var p = 0.0
        if let classifier, let frustratedIndex {
            let probabilities = classifier.probabilities(text)
            if frustratedIndex < probabilities.count { p = Double(probabilities[frustratedIndex]) }
        }
        return min(1, p + cueBonus(text))
    }

    /// Shouting and stacked exclamation marks; each raises the score, neither decides alone.
    func cueBonus(_ text: String) -> Double {
        let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic }
        let upper = letters.filter { $0.properties.isUppercase }.count
        var bonus = 0.0
        if letters.count >= 8, Double(upper) / Double(letters.count) >= 0.7 { bonus += 0.3 }
        if text.filter({ $0 == "!" }).count >= 3 { bonus += 0.2 }
        return bonus
    }
}
