/// Secrets the server generates once and every replica must share (the web chat's token
/// key): the first process to start proposes one, and everyone reads the one that stayed.
public protocol SecretStore: Sendable {
    /// The secret stored under `name`; when there is none yet, `proposed` is stored
    /// (durably) and returned. Concurrent callers all get the same value.
    func sharedSecret(name: String, proposed: String) async throws -> String
}
