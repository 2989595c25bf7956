/// Scratch buffers for one sentence's dynamic programmes, reused across sentences
/// by one thread. Raw pointers rather than arrays: the inner loops index them
/// millions of times per training pass, and array properties of a class pay
/// exclusivity and uniqueness checks on every write.
final class ChainWorkspace {
    private(set) var emit: UnsafeMutablePointer<Float>
    private(set) var expEmit: UnsafeMutablePointer<Float>
    private(set) var alpha: UnsafeMutablePointer<Float>
    private(set) var beta: UnsafeMutablePointer<Float>
    private(set) var back: UnsafeMutablePointer<Int32>
    private(set) var scale: UnsafeMutablePointer<Float>
    private(set) var shift: UnsafeMutablePointer<Float>
    private(set) var tmp: UnsafeMutablePointer<Float>
    /// Per-label scratch over the open labels (compacted rows of the sparse recursions).
    private(set) var openTmp: UnsafeMutablePointer<Float>
    private(set) var openIndex: UnsafeMutablePointer<Int32>
    private var cells = 0, tokens = 0, labels = 0

    init() {
        emit = .allocate(capacity: 1); expEmit = .allocate(capacity: 1)
        alpha = .allocate(capacity: 1); beta = .allocate(capacity: 1)
        back = .allocate(capacity: 1)
        scale = .allocate(capacity: 1); shift = .allocate(capacity: 1)
        tmp = .allocate(capacity: 1)
        openTmp = .allocate(capacity: 1); openIndex = .allocate(capacity: 1)
        cells = 1; tokens = 1; labels = 1
    }

    deinit { release() }

    private func release() {
        emit.deallocate(); expEmit.deallocate(); alpha.deallocate(); beta.deallocate()
        back.deallocate(); scale.deallocate(); shift.deallocate(); tmp.deallocate()
        openTmp.deallocate(); openIndex.deallocate()
    }

    /// Makes room for n tokens over k labels (contents are then undefined).
    func reserve(tokens n: Int, labels k: Int) {
        guard n * k > cells || n > tokens || k > labels else { return }
        release()
        cells = max(cells, n * k, 64); tokens = max(tokens, n, 16); labels = max(labels, k, 16)
        emit = .allocate(capacity: cells); expEmit = .allocate(capacity: cells)
        alpha = .allocate(capacity: cells); beta = .allocate(capacity: cells)
        back = .allocate(capacity: cells)
        scale = .allocate(capacity: tokens); shift = .allocate(capacity: tokens)
        tmp = .allocate(capacity: labels)
        openTmp = .allocate(capacity: labels); openIndex = .allocate(capacity: labels)
    }
}
