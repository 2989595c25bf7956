import Foundation

/// How text becomes a feature vector. Saved in the model manifest.
public struct FeatureSettings: Sendable, Hashable, Codable {
    public var hasher: NgramHasher
    /// Keep a word n-gram only if at least this many training utterances contain it.
    public var minWordDocumentFrequency: Int
    /// The same for character n-grams, which are far more numerous and mostly noise when rare.
    public var minCharDocumentFrequency: Int
    /// 1 + ln(tf) instead of tf.
    public var sublinearTF: Bool
    public var useIDF: Bool
    /// Each block (word n-grams, character n-grams) is L2-normalised on its own and
    /// then scaled by its weight; a heavier word block measured better on validation.
    public var wordBlockWeight: Float
    public var charBlockWeight: Float
    /// A sentence encoder's embedding in front of the n-grams (nil: n-grams only).
    public var dense: DenseFeatureSettings?

    public init(
        hasher: NgramHasher = NgramHasher(),
        minWordDocumentFrequency: Int = 1,
        minCharDocumentFrequency: Int = 2,
        sublinearTF: Bool = true,
        useIDF: Bool = true,
        wordBlockWeight: Float = 2,
        charBlockWeight: Float = 1,
        dense: DenseFeatureSettings? = nil
    ) {
        self.hasher = hasher
        self.minWordDocumentFrequency = minWordDocumentFrequency
        self.minCharDocumentFrequency = minCharDocumentFrequency
        self.sublinearTF = sublinearTF
        self.useIDF = useIDF
        self.wordBlockWeight = wordBlockWeight
        self.charBlockWeight = charBlockWeight
        self.dense = dense
    }
}

/// Text → feature vector, fitted on training text: the dense block (when the settings
/// have one) in columns `0..<denseWidth`, then the sparse TF-IDF n-grams. Putting the
/// always-present dense columns first makes them part of the leading block that the
/// trainer and batch scoring multiply through BLAS.
public struct TextFeaturizer: Sendable {
    public let settings: FeatureSettings
    public let vocabulary: Vocabulary
    /// Computes the dense block; present exactly when `settings.dense` is.
    public let embedder: (any TextEmbedder)?
    /// Inverse document frequency per column (all 1 when IDF is off).
    public let idf: [Float]
    /// Per column: 1 for a character n-gram, 0 for a word n-gram. A compact copy of
    /// the key's block bit, so weighing doesn't touch the 8-byte keys at random.
    private let charColumn: [UInt8]

    public init(settings: FeatureSettings, vocabulary: Vocabulary, idf: [Float], embedder: (any TextEmbedder)? = nil) {
        precondition(idf.count == vocabulary.count)
        precondition((settings.dense == nil) == (embedder == nil), "a dense block needs an embedder and the other way round")
        precondition(settings.dense.map { $0.dimension == embedder?.dimension } ?? true)
        self.settings = settings
        self.vocabulary = vocabulary
        self.idf = idf
        self.embedder = embedder
        charColumn = vocabulary.keys.map { NgramHasher.block(of: $0) == .char ? 1 : 0 }
    }

    /// Columns of the dense block (0 without one); the n-grams start here.
    public var denseWidth: Int { settings.dense?.dimension ?? 0 }
    public var featureCount: Int { denseWidth + vocabulary.count }

    /// Fits the vocabulary and IDF on `texts` and returns them featurised too,
    /// tokenising each text once.
    public static func fit(
        _ texts: [String], settings: FeatureSettings, embedder: (any TextEmbedder)? = nil,
        workers: Int = Parallel.defaultWorkers
    ) -> (TextFeaturizer, SparseMatrix) {
        let n = texts.count
        let embeddings = embedder?.embed(texts)
        // 1. Keys of every text (with repeats), in parallel.
        var keysPerText = [[UInt64]](repeating: [], count: n)
        keysPerText.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeShared(buffer)
            Parallel.forChunks(count: n, workers: workers) { _, range in
                for i in range {
                    var keys: [UInt64] = []
                    keys.reserveCapacity(256)
                    settings.hasher.forEachKey(Tokenizer.tokenize(texts[i])) { keys.append($0) }
                    out.value[i] = keys
                }
            }
        }
        // 2. Document frequencies.
        var df = [UInt64: Int32](minimumCapacity: 1 << 18)
        for keys in keysPerText {
            for key in Set(keys) { df[key, default: 0] += 1 }
        }
        // 3. Vocabulary: most frequent n-grams first (ties by key, so columns are
        // deterministic). Frequent features then share a compact, cache-resident
        // block of weight rows, which is what makes training and prediction fast.
        let minWord = Int32(settings.minWordDocumentFrequency), minChar = Int32(settings.minCharDocumentFrequency)
        let kept = df.filter { $0.value >= (NgramHasher.block(of: $0.key) == .char ? minChar : minWord) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map(\.key)
        let vocabulary = Vocabulary(keys: kept)
        let idf: [Float] = kept.map { key in
            settings.useIDF ? Float(log((1.0 + Double(n)) / (1.0 + Double(df[key] ?? 0))) + 1.0) : 1
        }
        let featurizer = TextFeaturizer(settings: settings, vocabulary: vocabulary, idf: idf, embedder: embedder)
        // 4. Transform from the stored keys.
        let allKeys = keysPerText
        var rows = [SparseVector](repeating: SparseVector(), count: n)
        rows.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeShared(buffer)
            Parallel.forChunks(count: n, workers: workers) { _, range in
                var columns: [Int32] = []
                for i in range {
                    columns.removeAll(keepingCapacity: true)
                    for key in allKeys[i] {
                        let c = vocabulary.column(of: key)
                        if c >= 0 { columns.append(c) }
                    }
                    out.value[i] = featurizer.combine(embeddings?[i], featurizer.weigh(&columns))
                }
            }
        }
        return (featurizer, SparseMatrix(rows: rows, columnCount: featurizer.featureCount))
    }

    /// The feature vector of one text.
    public func transform(_ text: String) -> SparseVector {
        combine(embedder?.embed([text])[0], ngrams(text))
    }

    /// The n-gram part alone, in the same columns as in `transform`.
    public func ngrams(_ text: String) -> SparseVector {
        var columns: [Int32] = []
        columns.reserveCapacity(256)
        let vocabulary = self.vocabulary
        settings.hasher.forEachKey(Tokenizer.tokenize(text)) { key in
            let c = vocabulary.column(of: key)
            if c >= 0 { columns.append(c) }
        }
        return weigh(&columns)
    }

    /// Many texts: the dense block of all of them in one batch.
    public func transform(_ texts: [String], workers: Int = Parallel.defaultWorkers) -> SparseMatrix {
        let embeddings = embedder?.embed(texts)
        var rows = [SparseVector](repeating: SparseVector(), count: texts.count)
        rows.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeShared(buffer)
            Parallel.forChunks(count: texts.count, workers: workers) { _, range in
                for i in range { out.value[i] = combine(embeddings?[i], ngrams(texts[i])) }
            }
        }
        return SparseMatrix(rows: rows, columnCount: featureCount)
    }

    /// A text's vector from its dense block (already computed) and its n-grams.
    public func combine(_ embedding: [Float]?, _ ngrams: SparseVector) -> SparseVector {
        guard let embedding, let dense = settings.dense else { return ngrams }
        precondition(embedding.count == dense.dimension)
        var indices = [Int32](unsafeUninitializedCapacity: dense.dimension + ngrams.nonzeroCount) { buffer, count in
            for j in 0..<dense.dimension { buffer[j] = Int32(j) }
            count = dense.dimension
        }
        indices.append(contentsOf: ngrams.indices)
        var values = embedding.map { $0 * dense.weight }
        values.append(contentsOf: ngrams.values)
        return SparseVector(indices: indices, values: values)
    }

    /// Drops the dense block of a vector from `transform`, leaving the n-grams.
    public func ngramPart(_ x: SparseVector) -> SparseVector {
        let width = Int32(denseWidth)
        guard width > 0 else { return x }
        let start = x.indices.firstIndex { $0 >= width } ?? x.indices.count
        return SparseVector(indices: Array(x.indices[start...]), values: Array(x.values[start...]))
    }

    /// Counts repeated columns, applies TF and IDF, L2-normalises each block and weighs it.
    /// `columns` is sorted in place.
    func weigh(_ columns: inout [Int32]) -> SparseVector {
        if columns.isEmpty { return SparseVector() }
        ColumnSort.sort(&columns)
        var indices: [Int32] = []
        var values: [Float] = []
        indices.reserveCapacity(columns.count)
        values.reserveCapacity(columns.count)
        var normSquared: (word: Float, char: Float) = (0, 0)
        let offset = Int32(denseWidth)
        var i = 0
        while i < columns.count {
            let c = columns[i]
            var j = i + 1
            while j < columns.count && columns[j] == c { j += 1 }
            let count = j - i
            let tf: Float = count == 1 ? 1 : (settings.sublinearTF ? 1 + logf(Float(count)) : Float(count))
            let w = tf * idf[Int(c)]
            indices.append(c + offset)
            values.append(w)
            if charColumn[Int(c)] != 0 { normSquared.char += w * w } else { normSquared.word += w * w }
            i = j
        }
        // Per-block L2, then the block weights.
        let wordScale: Float = normSquared.word > 0 ? settings.wordBlockWeight / normSquared.word.squareRoot() : 0
        let charScale: Float = normSquared.char > 0 ? settings.charBlockWeight / normSquared.char.squareRoot() : 0
        for k in values.indices {
            values[k] *= charColumn[Int(indices[k] - offset)] != 0 ? charScale : wordScale
        }
        return SparseVector(indices: indices, values: values)
    }
}
