import ArgumentParser
import Foundation
import FrontlineML

/// In-process speed of the sentence encoder (hidden from --help; Scripts/bench/encoder.sh
/// runs it beside a C program doing the same matrix products through OpenBLAS). Prints one
/// JSON object per measurement on standard output; details go to standard error.
struct BenchEncoderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-encoder",
        abstract: "Benchmark the sentence encoder: one text, and batches on one and two cores.",
        shouldDisplay: false)

    @Option(name: .long, help: "Encoder folder (default: located from the working directory).")
    var folder: String?

    @Option(name: .long, help: "Word pieces per text, [CLS] and [SEP] included.")
    var tokens: Int = 16

    @Option(name: .long, help: "Single-text repetitions (the median is reported).")
    var repetitions: Int = 200

    @Option(name: .long, help: "Texts per batch in the throughput runs.")
    var batch: Int = 256

    @Option(name: .long, help: "Throughput runs per configuration (the median is reported).")
    var rounds: Int = 5

    func run() throws {
        let start = Date()
        guard let url = folder.map({ URL(fileURLWithPath: $0, isDirectory: true) })
            ?? SentenceEncoder.locate(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
        else {
            throw ValidationError("encoder \(SentenceEncoder.defaultName) not found: run Scripts/setup or pass --folder")
        }
        let encoder = try SentenceEncoder(folder: url)
        let loadSeconds = Date().timeIntervalSince(start)
        emit(["name": "frontline", "case": "load", "seconds": loadSeconds, "fingerprint": encoder.fingerprint, "rss_mb": Self.residentMB()])

        let texts = Self.texts(encoder, tokens: tokens, count: max(batch, 64))
        // Warm up: page in the weights, start OpenBLAS's threads.
        _ = encoder.embed(Array(texts.prefix(64)), workers: 2)

        // One text on one core: the latency a single chat message sees.
        CBLASMath.setThreads(1)
        var single: [Double] = []
        for i in 0..<repetitions {
            let text = texts[i % texts.count]
            single.append(Self.seconds { _ = encoder.embed([text], workers: 1) })
        }
        emit(["name": "frontline", "case": "single", "tokens": tokens, "threads": 1, "ms_per_text": 1000 * Self.median(single), "ms_p90": 1000 * Self.percentile(single, 0.9)])

        // Batches: OpenBLAS threads × encoder workers.
        for (blas, workers, size) in [(1, 1, 16), (1, 1, batch), (2, 1, batch), (1, 2, batch), (2, 2, batch)] {
            CBLASMath.setThreads(blas)
            let slice = Array(texts.prefix(size))
            let runs = (0..<rounds).map { _ in Self.seconds { _ = encoder.embed(slice, workers: workers) } }
            let perText = Self.median(runs) / Double(size)
            emit([
                "name": "frontline", "case": "batch", "tokens": tokens, "texts": size, "blas_threads": blas, "workers": workers,
                "ms_per_text": 1000 * perText, "texts_per_second": 1 / perText,
            ])
        }
        CBLASMath.setThreads(1)
        emit(["name": "frontline", "case": "memory", "rss_mb": Self.residentMB()])
    }

    /// Texts of exactly `tokens` word pieces ([CLS] and [SEP] included), all different.
    static func texts(_ encoder: SentenceEncoder, tokens: Int, count: Int) -> [String] {
        let words = ["where", "is", "my", "order", "please", "refund", "the", "parcel", "shipping", "account", "card", "help",
                     "cancel", "address", "delivery", "late", "payment", "invoice", "return", "item", "today", "password"]
        var g = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            var text = ""
            while true {
                let next = text.isEmpty ? words.randomElement(using: &g)! : text + " " + words.randomElement(using: &g)!
                let n = encoder.tokenizer.encode(next, maxLength: 512).ids.count
                if n > tokens { break }
                text = next
                if n == tokens { break }
            }
            return text
        }
    }

    static func seconds(_ body: () -> Void) -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    static func median(_ xs: [Double]) -> Double { percentile(xs, 0.5) }

    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        let sorted = xs.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p + 0.5))]
    }

    /// Resident set size from /proc (Linux); -1 elsewhere.
    static func residentMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return -1 }
        return kb / 1024
    }

    func emit(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        // Written at once (not through print's buffer) so a reader sees each line as it comes.
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
