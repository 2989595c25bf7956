import Foundation
import FrontlineEngine

/// Model releases kept in the database (PostgreSQL), so replicas need no shared disk:
/// `frontline retrain --db postgres://…` publishes the promoted folder's files; each replica
/// writes the serving release under `releases/` beside its model link and points the link
/// at it, then reloads as for a release promoted on disk.
public enum DatabaseReleases {
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// A model folder's files, by path relative to the folder.
    public static func files(in folder: URL) throws -> [String: Data] {
        let root = folder.resolvingSymlinksInPath().standardizedFileURL
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw Problem(description: "cannot read the model folder \(folder.path)")
        }
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            files[relative] = try Data(contentsOf: url)
        }
        return files
    }

    /// Makes `modelPath` (a link, e.g. `Models/current`) name release `name` from the
    /// database, writing its files first when this replica has not got them. Returns false
    /// when the link already names it.
    public static func follow(_ name: String, store: any ModelReleaseStore, modelPath: String) async throws -> Bool {
        guard name.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]*$"#, options: .regularExpression) != nil else {
            throw Problem(description: "release name \(name) is not a plain folder name")
        }
        let fm = FileManager.default
        let link = URL(fileURLWithPath: modelPath).standardizedFileURL
        if let attributes = try? fm.attributesOfItem(atPath: link.path), attributes[.type] as? FileAttributeType != .typeSymbolicLink {
            throw Problem(description: "\(modelPath) is a folder, not a link: serve with --model Models/current to follow releases from the database")
        }
        let releases = link.deletingLastPathComponent().appendingPathComponent("releases")
        let folder = releases.appendingPathComponent(name)
        if (try? fm.destinationOfSymbolicLink(atPath: link.path)) == "releases/\(name)" { return false }
        if !fm.fileExists(atPath: folder.appendingPathComponent("manifest.json").path) {
            let files = try await store.releaseFiles(name: name)
            guard !files.isEmpty else { throw Problem(description: "release \(name) has no files in the database") }
            // Written beside, renamed into place: a reader never sees half a release.
            let staging = releases.appendingPathComponent(".\(name).\(UUID().uuidString.prefix(8))")
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            for (path, bytes) in files {
                guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                    throw Problem(description: "release \(name) holds a file outside its folder: \(path)")
                }
                let target = staging.appendingPathComponent(path)
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try bytes.write(to: target)
            }
            try? fm.removeItem(at: folder)
            try fm.moveItem(at: staging, to: folder)
        }
        let temporary = link.deletingLastPathComponent().appendingPathComponent(".\(link.lastPathComponent).\(UUID().uuidString.prefix(8))")
        try fm.createSymbolicLink(atPath: temporary.path, withDestinationPath: "releases/\(name)")
        guard rename(temporary.path, link.path) == 0 else {
            try? fm.removeItem(at: temporary)
            throw Problem(description: "cannot point \(modelPath) at releases/\(name)")
        }
        return true
    }
}
