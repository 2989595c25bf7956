import Dispatch
import Foundation
import Synchronization

/// SIGHUP for the whole process: one signal source, any number of listeners.
///
/// A signal has one disposition per process. When every model watcher set it and made a
/// source of its own, a second watcher (a test's, say) could take the signal from the
/// first; one source that broadcasts to each listener keeps them independent.
final class HangupSignal: Sendable {
    static let shared = HangupSignal()

    private struct State {
        var source: (any DispatchSourceSignal)?
        var listeners: [UInt64: AsyncStream<Void>.Continuation] = [:]
        var nextId: UInt64 = 0
    }

    private let state = Mutex(State())

    /// A stream that yields once per SIGHUP (at most one waiting) until `cancel` is called.
    func subscribe() -> (signals: AsyncStream<Void>, cancel: @Sendable () -> Void) {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state -> UInt64 in
            if state.source == nil {
                // Ignored by default handling, delivered to the source instead of ending the process.
                signal(SIGHUP, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
                source.setEventHandler { [weak self] in self?.broadcast() }
                source.resume()
                state.source = source
            }
            state.nextId += 1
            state.listeners[state.nextId] = continuation
            return state.nextId
        }
        let cancel: @Sendable () -> Void = { [weak self] in
            let removed = self?.state.withLock { $0.listeners.removeValue(forKey: id) }
            removed?.finish()
        }
        return (stream, cancel)
    }

    private func broadcast() {
        for listener in state.withLock({ Array($0.listeners.values) }) { listener.yield() }
    }
}
