import Foundation
import Synchronization

/// What agents taught the assistant since its model was trained: a small multinomial naive
/// Bayes over the model's own features, updated online from each accepted outcome, so the
/// very next identical question is answered right without waiting for a retrain.
///
/// Its effect is bounded three ways:
/// - it holds at most `maxExamples` texts (the oldest is taken back when a new one comes);
/// - it speaks only for texts nearly identical to one it learned: the share it gets grows
///   from 0 at cosine similarity `minSimilarity` to all of `maxShare` at `fullSimilarity`
///   and above, and only the intents of such near texts can gain;
/// - it moves at most `maxShare` of the probability mass: the parse's probabilities are
///   `(1 − λ)·p_model + λ·q_memory` with `λ ≤ maxShare`, however many outcomes agree.
///
/// A text labelled two ways (by two outcomes, or by an outcome against the training data)
/// is learned from neither, as in `frontline retrain`; a repeat of a learned text changes
/// nothing. Thread-safe: learning and parsing may run at the same time.
public final class OutcomeMemory: Sendable {
    public struct Settings: Sendable, Hashable, Codable {
        public var maxExamples: Int
        /// The largest share of probability mass the memory may move (0–1).
        public var maxShare: Float
        /// Cosine similarity from which the memory gets all of `maxShare`.
        public var fullSimilarity: Float
        /// Cosine similarity below which the memory says nothing.
        public var minSimilarity: Float
        /// Additive smoothing of the feature counts.
        public var alpha: Float

        public init(maxExamples: Int = 2_000, maxShare: Float = 0.6, fullSimilarity: Float = 0.9, minSimilarity: Float = 0.75, alpha: Float = 0.01) {
            self.maxExamples = maxExamples
            self.maxShare = maxShare
            self.fullSimilarity = fullSimilarity
            self.minSimilarity = minSimilarity
            self.alpha = alpha
        }
    }

    /// What `learn` did with one example.
    public enum LearnResult: String, Sendable, Hashable, Codable {
        /// Counted.
        case learned
        /// The same text with the same intent was learned already: nothing changed.
        case duplicate
        /// The text is labelled otherwise (by an earlier outcome or the training data): neither label is used.
        case conflict
        /// The intent is not one the memory can predict.
        case unknownIntent
        /// The text has no feature the model knows.
        case noFeatures
    }

    /// The memory's counts, for inspection.
    public struct Counts: Sendable, Hashable {
        /// N_cj: (feature column, class index) → total feature weight.
        public var features: [Pair: Float]
        /// Σ_j N_cj per class index.
        public var classTotals: [Int: Float]
        /// Examples per class index.
        public var classExamples: [Int: Float]

        public struct Pair: Sendable, Hashable {
            public var feature: Int32
            public var label: Int
            public init(feature: Int32, label: Int) {
                self.feature = feature
                self.label = label
            }
        }
    }

    /// The model's labels, then the extra intents (those the model lacks) in the order given.
    public let labels: [String]
    public let settings: Settings
    /// How many of `labels` the model itself has.
    public let modelClassCount: Int
    let featurizer: TextFeaturizer
    private let labelIndex: [String: Int]
    /// Normalised training text → its intent ("" when the training data itself labels it two ways).
    private let trainingLabels: [String: String]
    private let state = Mutex(State())

    /// A memory for `classifier`'s features and labels plus `extraLabels` (e.g. intents the
    /// domain declares that the model was never trained on). `trainingData` (text, intent)
    /// is what outcomes are checked against for conflicts.
    public init(
        classifier: IntentClassifier, extraLabels: [String] = [], trainingData: [(text: String, intent: String)] = [],
        settings: Settings = Settings()
    ) {
        var labels = classifier.labels
        for extra in extraLabels where !labels.contains(extra) { labels.append(extra) }
        self.labels = labels
        self.settings = settings
        modelClassCount = classifier.classCount
        featurizer = classifier.featurizer
        labelIndex = Dictionary(labels.enumerated().map { ($1, $0) }) { a, _ in a }
        var known: [String: String] = [:]
        for (text, intent) in trainingData {
            let key = Tokenizer.normalize(text)
            if let seen = known[key], seen != intent { known[key] = "" } else if known[key] == nil { known[key] = intent }
        }
        trainingLabels = known
    }

    /// Examples currently counted (conflicted texts are remembered but not counted).
    public var exampleCount: Int { state.withLock { $0.learnedCount } }

    /// Texts remembered, counted or conflicted; never more than `maxExamples`.
    public var entryCount: Int { state.withLock { $0.entries.count } }

    public var counts: Counts {
        state.withLock { state in
            var features: [Counts.Pair: Float] = [:]
            for (feature, perClass) in state.featureTotals {
                for (label, value) in perClass { features[Counts.Pair(feature: feature, label: label)] = value }
            }
            return Counts(features: features, classTotals: state.classTotals, classExamples: state.classExamples)
        }
    }

    /// Learns that `text` means `intent`.
    @discardableResult
    public func learn(text: String, intent: String) -> LearnResult {
        guard let label = labelIndex[intent] else { return .unknownIntent }
        let key = Tokenizer.normalize(text)
        // The memory is a naive Bayes over n-grams: the dense block (signed values) stays out.
        let x = featurizer.ngrams(text)
        return state.withLock { state in
            if let trained = trainingLabels[key], trained != intent {
                state.markConflicted(key, settings: settings)
                return .conflict
            }
            if let entry = state.entries[key] {
                guard let known = entry.label else { return .conflict }
                if known == label { return .duplicate }
                state.markConflicted(key, settings: settings)
                return .conflict
            }
            guard x.nonzeroCount > 0 else { return .noFeatures }
            state.insert(key, vector: x, label: label, settings: settings)
            return .learned
        }
    }

    /// The memory's reading of one featurised text mixed into the model's probabilities
    /// `p` (over the model's labels): nil when no learned text is near enough to speak.
    /// The result is over `labels` (the model's first, then the extra ones).
    public func mix(_ x: SparseVector, probabilities p: [Float]) -> [Float]? {
        precondition(p.count == modelClassCount)
        guard let (share, q) = reading(x) else { return nil }
        var mixed = [Float](repeating: 0, count: labels.count)
        for c in 0..<labels.count {
            mixed[c] = (1 - share) * (c < p.count ? p[c] : 0) + share * q[c]
        }
        return mixed
    }

    /// (λ, q): the share the memory gets for `x` and its distribution over `labels`.
    func reading(_ features: SparseVector) -> (Float, [Float])? {
        let x = featurizer.ngramPart(features)
        var norm: Float = 0
        for v in x.values { norm += v * v }
        guard norm > 0 else { return nil }
        norm = norm.squareRoot()
        return state.withLock { state -> (Float, [Float])? in
            guard state.learnedCount > 0 else { return nil }
            // Cosine similarity to every learned text sharing a feature with x.
            var dots: [Int: Float] = [:]
            for (j, v) in zip(x.indices, x.values) {
                guard let postings = state.postings[j] else { continue }
                for (id, w) in postings { dots[id, default: 0] += v * w }
            }
            var best: Float = 0
            var candidates: Set<Int> = []
            for (id, dot) in dots {
                guard let entry = state.byId[id], let label = entry.label else { continue }
                let cosine = dot / norm
                if cosine >= settings.minSimilarity { candidates.insert(label) }
                best = max(best, cosine)
            }
            guard !candidates.isEmpty else { return nil }
            let ramp = settings.fullSimilarity > settings.minSimilarity
                ? min(1, (best - settings.minSimilarity) / (settings.fullSimilarity - settings.minSimilarity)) : 1
            let share = settings.maxShare * max(0, ramp)
            guard share > 0 else { return nil }
            // Multinomial naive Bayes among the near texts' intents.
            let d = Float(featurizer.vocabulary.count)
            let alpha = settings.alpha
            let examples = Float(state.learnedCount)
            let order = candidates.sorted()
            var scores = order.map { c -> Float in
                let total = state.classTotals[c] ?? 0
                var s = logf(max(state.classExamples[c] ?? 0, 1e-9) / examples)
                let denominator = logf(total + alpha * d)
                for (j, v) in zip(x.indices, x.values) {
                    let n = state.featureTotals[j]?[c] ?? 0
                    s += v * (logf(n + alpha) - denominator)
                }
                return s
            }
            scores.withUnsafeMutableBufferPointer { Softmax.apply($0.baseAddress!, $0.count) }
            var q = [Float](repeating: 0, count: labels.count)
            for (c, s) in zip(order, scores) { q[c] = s }
            return (share, q)
        }
    }

    /// Mutable state, guarded by the `state` mutex.
    private struct State {
        struct Entry {
            var id: Int
            /// nil: conflicted (labelled two ways), not counted.
            var label: Int?
            /// L2-normalised feature vector (for similarity); empty when conflicted.
            var unit: SparseVector
            /// The raw feature vector counted into the totals.
            var vector: SparseVector
        }

        var entries: [String: Entry] = [:]
        var byId: [Int: Entry] = [:]
        /// Keys oldest first; `head` is the first still in use.
        var order: [String] = []
        var head = 0
        var nextId = 0
        var learnedCount = 0
        /// feature → [(entry id, unit value)]. Entries taken back stay listed until a compaction
        /// (readers skip ids no longer in `byId`): removing each from every list it is in cost
        /// a scan of lists thousands long per eviction, which made replaying 10,000 outcomes
        /// at start-up take seconds.
        var postings: [Int32: [(Int, Float)]] = [:]
        var livePostings = 0
        var deadPostings = 0
        var featureTotals: [Int32: [Int: Float]] = [:]
        var classTotals: [Int: Float] = [:]
        var classExamples: [Int: Float] = [:]

        mutating func insert(_ key: String, vector x: SparseVector, label: Int, settings: Settings) {
            var norm: Float = 0
            for v in x.values { norm += v * v }
            norm = norm.squareRoot()
            let unit = SparseVector(indices: x.indices, values: x.values.map { $0 / norm })
            let entry = Entry(id: nextId, label: label, unit: unit, vector: x)
            nextId += 1
            add(entry, sign: 1)
            entries[key] = entry
            byId[entry.id] = entry
            order.append(key)
            evict(settings: settings)
        }

        /// Remembers `key` as labelled two ways, taking back what it counted.
        mutating func markConflicted(_ key: String, settings: Settings) {
            if var entry = entries[key] {
                if entry.label != nil { add(entry, sign: -1) }
                entry.label = nil
                entry.unit = SparseVector()
                entry.vector = SparseVector()
                entries[key] = entry
                byId[entry.id] = nil
                compactPostingsIfNeeded()
            } else {
                entries[key] = Entry(id: nextId, label: nil, unit: SparseVector(), vector: SparseVector())
                nextId += 1
                order.append(key)
                evict(settings: settings)
            }
        }

        private mutating func evict(settings: Settings) {
            while entries.count > max(settings.maxExamples, 0), head < order.count {
                let key = order[head]
                head += 1
                if let entry = entries.removeValue(forKey: key) {
                    if entry.label != nil { add(entry, sign: -1) }
                    byId[entry.id] = nil
                }
            }
            if head > 1024, head * 2 > order.count {
                order.removeFirst(head)
                head = 0
            }
            compactPostingsIfNeeded()
        }

        /// Drops the postings of entries taken back once they outnumber the live ones.
        private mutating func compactPostingsIfNeeded() {
            guard deadPostings > 4096, deadPostings > livePostings else { return }
            let live = byId
            for feature in Array(postings.keys) {
                postings[feature]?.removeAll { live[$0.0] == nil }
                if postings[feature]?.isEmpty == true { postings[feature] = nil }
            }
            deadPostings = 0
        }

        /// Adds (sign 1) or takes back (sign −1) one example's counts and postings.
        private mutating func add(_ entry: Entry, sign: Float) {
            guard let label = entry.label else { return }
            var mass: Float = 0
            for (j, v) in zip(entry.vector.indices, entry.vector.values) {
                // Mutated in place: copying each feature's small dictionary out and back showed in replay's profile.
                let updated = (featureTotals[j]?[label] ?? 0) + sign * v
                if abs(updated) < 1e-6 {
                    featureTotals[j]?[label] = nil
                    if featureTotals[j]?.isEmpty == true { featureTotals[j] = nil }
                } else {
                    featureTotals[j, default: [:]][label] = updated
                }
                mass += v
            }
            let total = (classTotals[label] ?? 0) + sign * mass
            classTotals[label] = abs(total) < 1e-5 ? nil : total
            let examples = (classExamples[label] ?? 0) + sign
            classExamples[label] = examples < 0.5 ? nil : examples
            learnedCount += sign > 0 ? 1 : -1
            if sign > 0 {
                for (j, u) in zip(entry.unit.indices, entry.unit.values) { postings[j, default: []].append((entry.id, u)) }
                livePostings += entry.unit.indices.count
            } else {
                // Left listed for now; see `postings`.
                livePostings -= entry.unit.indices.count
                deadPostings += entry.unit.indices.count
            }
        }
    }
}
