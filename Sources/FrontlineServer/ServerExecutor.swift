import NIOCore
import NIOPosix

/// Where the server's Swift tasks run.
public enum ServerExecutor {
    /// Makes NIO's event loops Swift concurrency's global executor, so a request's handler,
    /// the engine's turn and the response's write run on the thread that read the request
    /// instead of handing each step between NIO's threads and the concurrency pool (two
    /// wake-ups per hop, measured in the message path's profile). Call once, from the main
    /// thread, before any task starts; a no-op when something else installed a hook first.
    public static func installEventLoopsAsGlobalExecutor() {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
