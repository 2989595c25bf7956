import Foundation
import FrontlineEngine
import Testing

@Suite struct RandomIdentifierTests {
    @Test("version 4, variant 1 UUID strings that Foundation parses back, and no repeats")
    func versionVariantAndUniqueness() {
        var seen = Set<String>()
        for _ in 0..<2_000 {
            let text = RandomIdentifier.uuidString()
            let parsed = UUID(uuidString: text)
            #expect(parsed?.uuidString == text)
            let characters = Array(text)
            #expect(characters.count == 36)
            #expect(characters[14] == "4")  // version nibble
            #expect("89AB".contains(characters[19]))  // variant bits 10xx
            seen.insert(text)
        }
        #expect(seen.count == 2_000)
    }

    @Test("the bits come from the generator: a seeded one gives the same UUID twice, another seed a different one")
    func bitsFromTheGenerator() {
        struct Counter: RandomNumberGenerator {
            var state: UInt64
            mutating func next() -> UInt64 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return state
            }
        }
        var a = Counter(state: 1), b = Counter(state: 1), c = Counter(state: 2)
        let first = RandomIdentifier.uuid(using: &a)
        #expect(first == RandomIdentifier.uuid(using: &b))
        #expect(first != RandomIdentifier.uuid(using: &c))
        // Only the 6 version and variant bits are fixed: the other 122 are the generator's.
        var d = Counter(state: 1)
        let high = d.next(), low = d.next()
        let bytes = withUnsafeBytes(of: first.uuid) { Array($0) }
        #expect(bytes[0] == UInt8(high >> 56))
        #expect(bytes[15] == UInt8(truncatingIfNeeded: low))
    }
}
