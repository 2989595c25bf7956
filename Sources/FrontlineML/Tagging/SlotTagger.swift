import Foundation

/// What training did, for the bench command and the manifest.
public struct SlotTaggerSummary: Sendable, Hashable, Codable {
    public var examples: Int
    public var tokens: Int
    public var features: Int
    public var pairs: Int
    /// Gold spans that did not fall on token boundaries (skipped in training).
    public var misalignedSpans: Int
    public var iterations: Int
    public var seconds: Double
}

/// A trained sequence tagger: text (and optionally its intent) in, slot spans out.
public struct SlotTagger: Sendable {
    public let settings: SlotTaggerSettings
    public let summary: SlotTaggerSummary
    let bio: BIOLabels
    let weights: TaggerWeights
    let extractor: TagFeatureExtractor
    /// Training intents (sorted) and the labels each may use.
    let intents: [String]
    let intentLabels: [[Int32]]
    /// Key → the feature's pair row (value..<extra), and the rows' labels and
    /// weights interleaved: a token's emission is then two cache lines per feature.
    private let rows: FeatureIndex
    private let pairs: [PairWeight]
    struct PairWeight: Sendable { var label: Int32; var weight: Float }
    private let chains: [LocalChain]
    private let allLabels: LocalChain
    private let chainIndex: [String: Int]

    init(settings: SlotTaggerSettings, summary: SlotTaggerSummary, bio: BIOLabels, weights: TaggerWeights,
         gazetteer: SlotGazetteer?, source: (any TokenFeatureSource)?, intents: [String], intentLabels: [[Int32]]) {
        self.settings = settings
        self.summary = summary
        self.bio = bio
        self.weights = weights
        extractor = TagFeatureExtractor(
            useIntent: settings.intentFeatures, gazetteer: gazetteer, source: source,
            window: settings.window, intentContext: settings.intentContext)
        self.intents = intents
        self.intentLabels = intentLabels
        var rows = weights.features
        rows.remap { f in (weights.rowStarts[Int(f)], weights.rowStarts[Int(f) + 1]) }
        self.rows = rows
        pairs = zip(weights.pairLabels, weights.values).map { PairWeight(label: $0, weight: $1) }
        let all = (0..<bio.count).map { Int32($0) }
        allLabels = LocalChain(labels: all, bio: bio, weights: weights.values, transitionOffset: weights.transitionOffset)
        chains = intentLabels.map { LocalChain(labels: $0, bio: bio, weights: weights.values, transitionOffset: weights.transitionOffset) }
        chainIndex = Dictionary(uniqueKeysWithValues: intents.enumerated().map { ($1, $0) })
    }

    public var slots: [String] { bio.slots }
    /// BIO tags over all slots (O included).
    public var tagCount: Int { bio.count }
    /// The most tags one intent's decoding uses (O included).
    public var maxTagsPerIntent: Int { intentLabels.map(\.count).max() ?? bio.count }

    // MARK: Training

    public static func train(
        _ examples: [Utterance], settings: SlotTaggerSettings = SlotTaggerSettings(),
        features source: (any TokenFeatureSource)? = nil, workers: Int = Parallel.defaultWorkers,
        progress: ((String) -> Void)? = nil
    ) throws -> SlotTagger {
        guard !examples.isEmpty else { throw TrainingError.noExamples }
        let clock = ContinuousClock()
        let started = clock.now
        let bio = BIOLabels(slots: examples.flatMap { $0.slots.map(\.slot) })
        let intents = Array(Set(examples.map(\.intent))).sorted()
        let tokenized = examples.map { TagTokenizer.tokenize($0.text) }

        // Gold tags, the gazetteer and each intent's labels.
        var gold: [[Int]] = []
        var misaligned = 0
        // The full gazetteer tags new text; training text sees one built without its
        // own fold, else every gold value matches itself and the model learns to trust
        // the gazetteer over the context (on SNIPS valid: F1 84 instead of 94).
        let folds = max(1, settings.gazetteerFolds)
        var gazetteer = SlotGazetteer()
        var foldGazetteers = [SlotGazetteer](repeating: SlotGazetteer(), count: folds > 1 ? folds : 0)
        var slotsOfIntent = [Set<Int>](repeating: [], count: intents.count)
        let intentIndex = Dictionary(uniqueKeysWithValues: intents.enumerated().map { ($1, $0) })
        for (u, tokens) in zip(examples, tokenized) {
            let (labels, bad) = bio.encode(u.slots, tokens: tokens)
            misaligned += bad
            gold.append(labels)
            let words = settings.gazetteer ? TagFeatureExtractor.wordHashes(tokens) : []
            for run in bio.runs(labels) {
                slotsOfIntent[intentIndex[u.intent] ?? 0].insert(run.slot)
                guard settings.gazetteer else { continue }
                gazetteer.add(words[run.first...run.last], slot: Int32(run.slot))
                for f in foldGazetteers.indices where f != (gold.count - 1) % folds {
                    foldGazetteers[f].add(words[run.first...run.last], slot: Int32(run.slot))
                }
            }
        }
        let intentLabels: [[Int32]] = slotsOfIntent.map { slots in
            [0] + slots.sorted().flatMap { [Int32(bio.begin($0)), Int32(bio.inside($0))] }
        }
        let extractors = (foldGazetteers.isEmpty ? [gazetteer] : foldGazetteers).map {
            TagFeatureExtractor(
                useIntent: settings.intentFeatures, gazetteer: settings.gazetteer ? $0 : nil, source: source,
                window: settings.window, intentContext: settings.intentContext)
        }

        // Feature keys (with the gold intent), numbered by first appearance, rare ones dropped.
        progress?("extracting features of \(examples.count) utterances")
        var index = FeatureIndex(capacity: 1 << 18)
        var counts: [Int32] = []
        var raw = TaggerCorpus()
        for (s, u) in examples.enumerated() {
            let out = extractors[s % extractors.count].extract(tokenized[s], text: u.text, intent: u.intent)
            for key in out.keys {
                let id = Int(index.insert(key))
                if id == counts.count { counts.append(0) }
                counts[id] += 1
            }
            for t in 0..<tokenized[s].count {
                for key in out.keys[out.starts[t]..<out.starts[t + 1]] { raw.features.append(index.lookup(key) ?? 0) }
                raw.tokenStarts.append(raw.features.count)
                raw.labels.append(Int32(gold[s][t]))
            }
            raw.sentenceStarts.append(raw.labels.count)
            raw.chainOf.append(settings.restrictToIntentSlots ? Int32(intentIndex[u.intent] ?? 0) : 0)
        }
        var corpus = raw
        var features = index
        if settings.minFeatureCount > 1 {
            var remap = [Int32](repeating: -1, count: counts.count)
            features = FeatureIndex(capacity: counts.count)
            for (id, key) in index.keys.enumerated() where counts[id] >= settings.minFeatureCount {
                remap[id] = features.insert(key)
            }
            corpus.features = []
            corpus.tokenStarts = [0]
            for t in 0..<raw.tokenCount {
                for f in raw.features[raw.tokenStarts[t]..<raw.tokenStarts[t + 1]] where remap[Int(f)] >= 0 {
                    corpus.features.append(remap[Int(f)])
                }
                corpus.tokenStarts.append(corpus.features.count)
            }
        }
        let layout = TaggerWeights.layout(
            featureCount: features.count, labelCount: bio.count, tokenFeatures: corpus.features,
            tokenStarts: corpus.tokenStarts, labels: corpus.labels.map(Int.init))
        var weights = TaggerWeights(
            labelCount: bio.count, features: features, rowStarts: layout.rowStarts, pairLabels: layout.pairLabels, values: [])
        weights.values = [Float](repeating: 0, count: weights.parameterCount)
        let chainLabels = settings.restrictToIntentSlots ? intentLabels : [(0..<bio.count).map { Int32($0) }]
        progress?("\(features.count) features, \(weights.pairCount) feature-label pairs, \(bio.count) labels")

        var iterations = 0
        switch settings.algorithm {
        case .crf:
            let objective = CRFObjective(
                corpus: corpus, bio: bio, chainLabels: chainLabels, weights: weights, l2: settings.l2, chunks: 16, workers: workers)
            let template = weights
            // Plain loops, so the optimum doesn't depend on OpenBLAS's threading.
            let result = LBFGS.minimize(
                start: weights.values,
                settings: .init(
                    maxIterations: settings.maxIterations, history: settings.history,
                    lineSearchSteps: 20, minRelativeDecrease: 1e-7),
                math: PlainMath(), progress: progress
            ) { x in
                var w = template
                w.values = x
                return objective.evaluate(w)
            }
            weights.values = result.x
            iterations = result.iterations
        case .perceptron:
            weights = AveragedPerceptron.train(
                corpus, bio: bio, chainLabels: chainLabels, weights: weights, epochs: settings.epochs, seed: settings.seed)
            iterations = settings.epochs
        }
        let summary = SlotTaggerSummary(
            examples: examples.count, tokens: corpus.tokenCount, features: features.count, pairs: weights.pairCount,
            misalignedSpans: misaligned, iterations: iterations, seconds: IntentTrainer.seconds(clock.now - started))
        return SlotTagger(
            settings: settings, summary: summary, bio: bio, weights: weights,
            gazetteer: settings.gazetteer ? gazetteer : nil, source: source, intents: intents, intentLabels: intentLabels)
    }

    // MARK: Tagging

    /// Slot spans in `text`. Give the utterance's intent when known: its features
    /// help, and decoding then considers only that intent's slots.
    public func tag(_ text: String, intent: String? = nil) -> [TaggedSlot] {
        bestFrame(text, intent: intent).slots
    }

    /// The best slot spans of `text` for `intent` and the log-probability the tagger gives
    /// that whole tag sequence, log P(tags | text, intent): how well the intent's slots
    /// explain the text, which a joint intent × slot decision weighs against the classifier.
    public func bestFrame(_ text: String, intent: String?) -> (slots: [TaggedSlot], logProbability: Double) {
        let tokens = TagTokenizer.tokenize(text)
        guard !tokens.isEmpty, bio.count > 1 else { return ([], 0) }
        let n = tokens.count
        let (chain, labels, ws) = decode(tokens, text: text, intent: intent)
        let logZ = ForwardBackward.run(chain, emit: ws.emit, tokens: n, workspace: ws)
        var score = Double(chain.start[Int(labels[0])])
        for t in 0..<n {
            score += Double(ws.emit[t * chain.count + Int(labels[t])])
            if t > 0 { score += Double(chain.transition(Int(labels[t - 1]), Int(labels[t]))) }
        }
        let scalars = Array(text.unicodeScalars)
        var out: [TaggedSlot] = []
        var t = 0
        while t < n {
            let global = Int(chain.labels[Int(labels[t])])
            guard let slot = bio.slot(of: global) else { t += 1; continue }
            var last = t
            while last + 1 < n, Int(chain.labels[Int(labels[last + 1])]) == bio.inside(slot) { last += 1 }
            let p = ForwardBackward.spanProbability(
                chain, labels: labels[t...last], first: t, last: last, tokens: n, workspace: ws, bio: bio)
            let start = tokens[t].start, end = tokens[last].end
            var raw = String.UnicodeScalarView()
            raw.append(contentsOf: scalars[start..<end])
            out.append(TaggedSlot(slot: bio.slots[slot], start: start, end: end, raw: String(raw), confidence: p))
            t = last + 1
        }
        return (out, min(0, score - logZ))
    }

    /// Viterbi labels (local to the returned chain); the workspace holds the emissions.
    func decode(_ tokens: [TagToken], text: String, intent: String?) -> (LocalChain, [Int32], ChainWorkspace) {
        let chain = intent.flatMap { settings.restrictToIntentSlots ? chainIndex[$0] : nil }.map { chains[$0] } ?? allLabels
        let extracted = extractor.extract(tokens, text: text, intent: intent)
        let ws = ChainWorkspace()
        let n = tokens.count, k = chain.count
        ws.reserve(tokens: n, labels: k)
        let emit = ws.emit
        emit.initialize(repeating: 0, count: n * k)
        pairs.withUnsafeBufferPointer { pairs in
            chain.local.withUnsafeBufferPointer { local in
                for t in 0..<n {
                    let row = emit + t * k
                    for key in extracted.keys[extracted.starts[t]..<extracted.starts[t + 1]] {
                        guard let slot = rows.slot(key) else { continue }
                        for p in Int(slot.value)..<Int(slot.extra) {
                            let j = local[Int(pairs[p].label)]
                            if j >= 0 { row[Int(j)] += pairs[p].weight }
                        }
                    }
                }
            }
        }
        let path = ConstrainedViterbi.decode(chain, emit: emit, tokens: n, workspace: ws)
        return (chain, path, ws)
    }

    /// Global BIO labels of a text's tokens (for tests and diagnostics).
    func labels(_ text: String, intent: String? = nil) -> [String] {
        let tokens = TagTokenizer.tokenize(text)
        guard !tokens.isEmpty else { return [] }
        let (chain, path, _) = decode(tokens, text: text, intent: intent)
        return path.map { bio.name(Int(chain.labels[Int($0)])) }
    }
}
