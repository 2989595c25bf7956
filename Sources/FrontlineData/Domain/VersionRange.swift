import Foundation

/// A range of dotted versions from article front matter: comparisons joined by spaces or
/// commas, all of which must hold — ">=4.0 <5.0", "<4", ">= 16", "=4.2". A version missing
/// components compares as zeros ("4" == "4.0").
public struct VersionRange: Sendable, Hashable, CustomStringConvertible {
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        // Two-character operators first, so ">=" is not read as ">".
        case atLeast = ">=", atMost = "<=", above = ">", below = "<", exactly = "="
    }

    public struct Bound: Sendable, Hashable {
        public var comparison: Comparison
        public var version: [Int]
    }

    public var bounds: [Bound]
    public let description: String

    /// Nil with `error` set to what was wrong, for the reader to report with its line.
    public init?(_ text: String, error: inout String?) {
        var bounds: [Bound] = []
        let parts = text.split { $0 == " " || $0 == "," }.map(String.init)
        var index = 0
        while index < parts.count {
            var part = parts[index]
            // "<= 4.0" written with a space: join the operator with the next part.
            if Comparison(rawValue: part) != nil, index + 1 < parts.count {
                part += parts[index + 1]
                index += 1
            }
            index += 1
            guard let comparison = Comparison.allCases.first(where: { part.hasPrefix($0.rawValue) }) else {
                error = "'\(part)' has no comparison: expected >=, <=, >, < or = before a version, as in \">=4.0 <5.0\""
                return nil
            }
            guard let version = Self.parse(String(part.dropFirst(comparison.rawValue.count))) else {
                error = "'\(part)' is not a version: expected numbers separated by dots, as in 4.2"
                return nil
            }
            bounds.append(Bound(comparison: comparison, version: version))
        }
        guard !bounds.isEmpty else {
            error = "empty version range: expected comparisons such as \">=4.0 <5.0\""
            return nil
        }
        self.bounds = bounds
        description = text
    }

    /// "4.2.1" → [4, 2, 1]; "17" → [17]; nil for anything else.
    public static func parse(_ text: String) -> [Int]? {
        let pieces = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard !pieces.isEmpty else { return nil }
        var numbers: [Int] = []
        for piece in pieces {
            guard let number = Int(piece), number >= 0 else { return nil }
            numbers.append(number)
        }
        return numbers
    }

    /// Whether `version` ("4.2") is in the range; nil when it is not a version.
    public func contains(_ version: String) -> Bool? {
        guard let parsed = Self.parse(version) else { return nil }
        return bounds.allSatisfy { bound in
            let order = Self.compare(parsed, bound.version)
            switch bound.comparison {
            case .atLeast: return order >= 0
            case .atMost: return order <= 0
            case .above: return order > 0
            case .below: return order < 0
            case .exactly: return order == 0
            }
        }
    }

    static func compare(_ a: [Int], _ b: [Int]) -> Int {
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0, y = index < b.count ? b[index] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }
}
