import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Promoted models and which one serves. `Models/current` is a symbolic link to a folder
/// under `Models/releases/`, switched with rename(2), so a reader (the server reloading)
/// sees the old model or the new one, never a mix; `Models/previous` points at the one
/// before, for `frontline rollback`.
public struct ModelRegistry: Sendable {
    /// The link that names the serving model, e.g. `Models/current`.
    public let current: URL

    public init(current: URL) {
        self.current = current.standardizedFileURL
    }

    public var folder: URL { current.deletingLastPathComponent() }
    public var releases: URL { folder.appendingPathComponent("releases") }
    public var previous: URL { folder.appendingPathComponent("previous") }

    /// The folder `current` points at (itself when it is a plain folder), nil when missing.
    public func resolvedCurrent() -> URL? { Self.target(of: current) }
    public func resolvedPrevious() -> URL? { Self.target(of: previous) }

    /// Moves `candidate` into `releases/` and points `current` at it; the old current
    /// becomes `previous`. A plain folder at `current` is moved into `releases/` first.
    @discardableResult
    public func promote(_ candidate: URL, releaseName: String) throws -> URL {
        let fm = FileManager.default
        try fm.createDirectory(at: releases, withIntermediateDirectories: true)
        var old = resolvedCurrent()
        if let existing = old, !Self.isSymlink(current) {
            // First promotion over a plain model folder: keep it as a release.
            let kept = releases.appendingPathComponent("initial-\(releaseName)")
            try fm.moveItem(at: existing, to: kept)
            old = kept
        }
        let release = releases.appendingPathComponent(releaseName)
        guard !fm.fileExists(atPath: release.path) else {
            throw RegistryError("release \(release.path) already exists")
        }
        try fm.moveItem(at: candidate, to: release)
        try Self.pointAtomically(current, to: "releases/\(releaseName)")
        if let old {
            try Self.pointAtomically(previous, to: "releases/\(old.lastPathComponent)")
        }
        return release
    }

    /// Points `current` back at `previous`, and `previous` at what was current.
    public func rollback() throws -> URL {
        guard let back = resolvedPrevious() else {
            throw RegistryError("nothing to roll back to: \(previous.path) does not exist")
        }
        let now = resolvedCurrent()
        try Self.pointAtomically(current, to: "releases/\(back.lastPathComponent)")
        if let now {
            try Self.pointAtomically(previous, to: "releases/\(now.lastPathComponent)")
        }
        return back
    }

    /// A new link beside `link`, renamed over it: atomic on POSIX file systems.
    static func pointAtomically(_ link: URL, to relativeTarget: String) throws {
        let temporary = link.deletingLastPathComponent().appendingPathComponent(".\(link.lastPathComponent).\(getpid()).tmp")
        unlink(temporary.path)
        guard symlink(relativeTarget, temporary.path) == 0 else {
            throw RegistryError("cannot create link \(temporary.path): \(String(cString: strerror(errno)))")
        }
        guard rename(temporary.path, link.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw RegistryError("cannot switch \(link.path): \(reason)")
        }
    }

    static func isSymlink(_ url: URL) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
    }

    static func target(of url: URL) -> URL? {
        let resolved = url.resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        return resolved
    }
}

public struct RegistryError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
