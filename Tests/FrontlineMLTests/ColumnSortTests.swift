import Testing
@testable import FrontlineML

@Suite struct ColumnSortTests {
    @Test(arguments: [0, 1, 2, 15, 16, 17, 100, 300, 5000])
    func matchesTheStandardSort(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count) &+ 7)
        for bound in [Int32(3), 255, 256, 70_000, 20_000_000, Int32.max] {
            var columns = (0..<count).map { _ in Int32.random(in: 0...bound, using: &generator) }
            let expected = columns.sorted()
            ColumnSort.sort(&columns)
            #expect(columns == expected, "count \(count), bound \(bound)")
        }
    }

    @Test func keepsRepeatsSoTermFrequencyCanBeCounted() {
        var columns: [Int32] = Array(repeating: 300, count: 20) + Array(repeating: 1, count: 5) + [70_000]
        ColumnSort.sort(&columns)
        #expect(columns == Array(repeating: 1, count: 5) + Array(repeating: 300, count: 20) + [70_000])
    }
}
