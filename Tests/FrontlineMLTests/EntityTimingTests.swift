import Foundation
import Testing

@testable import FrontlineML

/// Prints median timings; never asserts on them (shared CI machines vary).
@Suite struct EntityTimingTests {
    static func medianMicroseconds(_ runs: Int, _ body: () -> Int) -> (Double, Int) {
        var times: [Double] = []
        times.reserveCapacity(runs)
        var sink = 0
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            sink &+= body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
        }
        times.sort()
        return (times[times.count / 2], sink)
    }

    @Test func recognitionMedian() throws {
        let recognizer = try BuiltinEntityRecognizer()
        let withPattern = try BuiltinEntityRecognizer(patterns: [
            PatternEntity(name: "order_number", pattern: #"[A-Z]-?\d{4,6}"#)
        ])
        let messages = [
            "can you deliver my order tomorrow at 3pm please",
            "I was charged $12.50 twice for the same headphones",
            "my new phone number is 555-123-4567 thanks a lot",
            "where is my order A-48213 it was due last friday",
        ]
        for m in messages { _ = recognizer.recognize(m, reference: mondayMorning) }
        let (builtin, a) = Self.medianMicroseconds(4000) {
            var n = 0
            for m in messages { n += recognizer.recognize(m, reference: mondayMorning).count }
            return n
        }
        let (patterned, b) = Self.medianMicroseconds(2000) {
            var n = 0
            for m in messages { n += withPattern.recognize(m, reference: mondayMorning).count }
            return n
        }
        let values = SlotValueSet([
            SlotValue("iphone 15 pro", synonyms: ["15 pro", "iphone15pro"]), SlotValue("airpods pro"),
            SlotValue("galaxy s24"), SlotValue("playstation 5", synonyms: ["ps5"]), SlotValue("headphones"),
        ])
        let (gazetteer, c) = Self.medianMicroseconds(4000) {
            var n = 0
            for m in messages { n += values.matches(in: m).count }
            return n
        }
        print(
            String(
                format:
                    "entity recognition, 10-word message: median %.2f µs built-ins, %.2f µs with one pattern; slot values: %.2f µs",
                builtin / 4, patterned / 4, gazetteer / 4))
        #expect(a > 0 && b > 0 && c >= 0)
    }
}
