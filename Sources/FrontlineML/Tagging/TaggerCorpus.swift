/// Training sentences as feature numbers, flat: sentence s has tokens
/// `sentenceStarts[s]..<sentenceStarts[s + 1]`, token t has features
/// `features[tokenStarts[t]..<tokenStarts[t + 1]]` and gold label `labels[t]`,
/// and its labels are restricted to `chains[chainOf[s]]`.
struct TaggerCorpus: Sendable {
    var features: [Int32] = []
    var tokenStarts: [Int] = [0]
    var sentenceStarts: [Int] = [0]
    var labels: [Int32] = []
    var chainOf: [Int32] = []

    var sentenceCount: Int { sentenceStarts.count - 1 }
    var tokenCount: Int { labels.count }
}
