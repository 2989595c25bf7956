import Foundation

/// Spherical k-means over unit vectors: a vector's feature is the id of its nearest
/// centroid (largest dot product). This is how dense contextual vectors become the
/// tagger's sparse indicator features, like word clusters of several granularities.
public struct TokenCodebook: Sendable, Hashable, Codable {
    public let size: Int
    public let dimension: Int
    /// size × dimension, row-major, unit rows.
    public let centroids: [Float]

    public init(size: Int, dimension: Int, centroids: [Float]) {
        self.size = size
        self.dimension = dimension
        self.centroids = centroids
    }

    /// Trains on unit vectors (row-major, n × dimension): k-means++-style seeding from a
    /// seeded generator (deterministic), then `iterations` assignment / mean steps.
    public static func train(_ vectors: [Float], dimension d: Int, size k: Int, iterations: Int = 10, seed: UInt64 = 7, math: any DenseMath = CBLASMath()) -> TokenCodebook {
        let n = vectors.count / d
        precondition(n >= k && k > 0, "need at least as many vectors as centroids")
        var rng = SeededGenerator(seed: seed)
        // Seeding: random distinct rows (cheap; the iterations do the rest).
        var picked = Set<Int>()
        var centroids = [Float]()
        centroids.reserveCapacity(k * d)
        while picked.count < k {
            let i = Int(rng.next() % UInt64(n))
            guard picked.insert(i).inserted else { continue }
            centroids.append(contentsOf: vectors[(i * d)..<((i + 1) * d)])
        }
        var assignment = [Int](repeating: 0, count: n)
        for _ in 0..<max(1, iterations) {
            assignment = nearest(vectors, count: n, dimension: d, centroids: centroids, size: k, math: math)
            var sums = [Float](repeating: 0, count: k * d)
            var counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                let c = assignment[i]
                counts[c] += 1
                for j in 0..<d { sums[c * d + j] += vectors[i * d + j] }
            }
            for c in 0..<k {
                guard counts[c] > 0 else {
                    // An empty cluster restarts at a random vector.
                    let i = Int(rng.next() % UInt64(n))
                    for j in 0..<d { centroids[c * d + j] = vectors[i * d + j] }
                    continue
                }
                var norm: Float = 0
                for j in 0..<d { norm += sums[c * d + j] * sums[c * d + j] }
                norm = max(norm.squareRoot(), 1e-12)
                for j in 0..<d { centroids[c * d + j] = sums[c * d + j] / norm }
            }
        }
        return TokenCodebook(size: k, dimension: d, centroids: centroids)
    }

    /// Nearest centroid of each of n row vectors, in blocks through one matrix product.
    static func nearest(_ vectors: [Float], count n: Int, dimension d: Int, centroids: [Float], size k: Int, math: any DenseMath) -> [Int] {
        var out = [Int](repeating: 0, count: n)
        let block = 1024
        var scores = [Float](repeating: 0, count: block * k)
        var start = 0
        while start < n {
            let rows = min(block, n - start)
            vectors.withUnsafeBufferPointer { v in
                centroids.withUnsafeBufferPointer { c in
                    scores.withUnsafeMutableBufferPointer { s in
                        math.gemm(transA: false, transB: true, m: rows, n: k, k: d, alpha: 1,
                                  a: v.baseAddress! + start * d, lda: d, b: c.baseAddress!, ldb: d,
                                  beta: 0, c: s.baseAddress!, ldc: k)
                    }
                }
            }
            for r in 0..<rows {
                var best = -Float.infinity, arg = 0
                for c in 0..<k where scores[r * k + c] > best {
                    best = scores[r * k + c]
                    arg = c
                }
                out[start + r] = arg
            }
            start += rows
        }
        return out
    }

    /// The nearest centroid of one unit vector.
    public func nearest(_ vector: [Float]) -> Int {
        precondition(vector.count == dimension)
        var best = -Float.infinity, arg = 0
        centroids.withUnsafeBufferPointer { c in
            for k in 0..<size {
                var s: Float = 0
                for j in 0..<dimension { s += c[k * dimension + j] * vector[j] }
                if s > best { best = s; arg = k }
            }
        }
        return arg
    }
}
