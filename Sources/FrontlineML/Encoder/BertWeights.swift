import Foundation

/// The shape of a BERT encoder (from config.json, or the usual defaults).
struct BertConfig: Sendable {
    var hidden = 384
    var heads = 12
    var intermediate = 1536
    var layers = 6
    var vocabulary = 30522
    var positions = 512
    var tokenTypes = 2
    var layerNormEpsilon: Float = 1e-12

    var headSize: Int { hidden / heads }

    /// Reads config.json; only BERT with the exact (erf) GELU is supported.
    init(url: URL) throws {
        let path = url.path
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: try Data(contentsOf: url))
        } catch {
            throw EncoderError(path: path, "cannot read config.json (\(error.localizedDescription))")
        }
        guard let json = object as? [String: Any] else { throw EncoderError(path: path, "expected a JSON object") }
        func int(_ key: String, _ fallback: Int) throws -> Int {
            guard let value = json[key] else { return fallback }
            guard let n = (value as? NSNumber)?.intValue, n > 0 else { throw EncoderError(path: path, "\(key): expected a positive integer") }
            return n
        }
        hidden = try int("hidden_size", hidden)
        heads = try int("num_attention_heads", heads)
        intermediate = try int("intermediate_size", intermediate)
        layers = try int("num_hidden_layers", layers)
        vocabulary = try int("vocab_size", vocabulary)
        positions = try int("max_position_embeddings", positions)
        tokenTypes = try int("type_vocab_size", tokenTypes)
        if let eps = (json["layer_norm_eps"] as? NSNumber)?.floatValue { layerNormEpsilon = eps }
        if let type = json["model_type"] as? String, type != "bert" {
            throw EncoderError(path: path, "model_type \(type) is not supported; expected bert")
        }
        if let act = json["hidden_act"] as? String, act != "gelu" {
            throw EncoderError(path: path, "hidden_act \(act) is not supported; expected gelu (erf)")
        }
        guard hidden % heads == 0 else { throw EncoderError(path: path, "hidden_size \(hidden) is not a multiple of num_attention_heads \(heads)") }
    }

    init() {}
}

/// A dense layer y = x·Wᵀ + b with W in PyTorch's (out, in) layout, row-major.
struct LinearWeights: Sendable {
    var weight: [Float]
    var bias: [Float]
    var inputs: Int
    var outputs: Int
}

struct LayerNormWeights: Sendable {
    var gamma: [Float]
    var beta: [Float]
}

struct BertLayerWeights: Sendable {
    /// Query, key and value stacked (3·hidden outputs): one product instead of three.
    var queryKeyValue: LinearWeights
    var attentionOutput: LinearWeights
    var attentionNorm: LayerNormWeights
    var intermediate: LinearWeights
    var output: LinearWeights
    var outputNorm: LayerNormWeights
}

/// All weights of the encoder, copied once out of model.safetensors (the file's mapping is
/// released after loading, so the process holds one copy).
struct BertWeights: Sendable {
    var config: BertConfig
    var wordEmbeddings: [Float]
    /// Only the first `maxLength` rows are kept.
    var positionEmbeddings: [Float]
    /// Token type 0 (every text is a single sentence).
    var tokenTypeEmbedding: [Float]
    var embeddingNorm: LayerNormWeights
    var layers: [BertLayerWeights]
}

extension BertWeights {
    init(file: SafetensorsFile, config: BertConfig, maxLength: Int) throws {
        let h = config.hidden
        // Checkpoints saved from BertModel have bare names; from BertFor… they carry "bert.".
        let prefix = file.tensors["embeddings.word_embeddings.weight"] == nil && file.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] { try file.floats(prefix + name, shape: shape) }
        func linear(_ name: String, _ inputs: Int, _ outputs: Int) throws -> LinearWeights {
            LinearWeights(weight: try tensor(name + ".weight", [outputs, inputs]), bias: try tensor(name + ".bias", [outputs]), inputs: inputs, outputs: outputs)
        }
        func norm(_ name: String) throws -> LayerNormWeights {
            LayerNormWeights(gamma: try tensor(name + ".weight", [h]), beta: try tensor(name + ".bias", [h]))
        }
        let wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [config.vocabulary, h])
        let positionEmbeddings = Array(try tensor("embeddings.position_embeddings.weight", [config.positions, h]).prefix(maxLength * h))
        let tokenTypeEmbedding = Array(try tensor("embeddings.token_type_embeddings.weight", [config.tokenTypes, h]).prefix(h))
        let embeddingNorm = try norm("embeddings.LayerNorm")
        let layers = try (0..<config.layers).map { i in
            let p = "encoder.layer.\(i)."
            let q = try linear(p + "attention.self.query", h, h)
            let k = try linear(p + "attention.self.key", h, h)
            let v = try linear(p + "attention.self.value", h, h)
            return BertLayerWeights(
                queryKeyValue: LinearWeights(weight: q.weight + k.weight + v.weight, bias: q.bias + k.bias + v.bias, inputs: h, outputs: 3 * h),
                attentionOutput: try linear(p + "attention.output.dense", h, h),
                attentionNorm: try norm(p + "attention.output.LayerNorm"),
                intermediate: try linear(p + "intermediate.dense", h, config.intermediate),
                output: try linear(p + "output.dense", config.intermediate, h),
                outputNorm: try norm(p + "output.LayerNorm"))
        }
        self.init(
            config: config, wordEmbeddings: wordEmbeddings, positionEmbeddings: positionEmbeddings,
            tokenTypeEmbedding: tokenTypeEmbedding, embeddingNorm: embeddingNorm, layers: layers)
    }
}
