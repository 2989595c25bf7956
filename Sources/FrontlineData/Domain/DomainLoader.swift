import Foundation

/// Reads the assistant's domain: `domain.yml` and the `kb/*.md` articles beside it.
public enum DomainLoader {
    public static let fileNames = ["domain.yml", "domain.yaml"]
    public static let knowledgeBaseFolder = "kb"

    /// `path` is domain.yml itself or the folder holding it (e.g. `TrainingData`). Articles are
    /// read from `kb/` next to the file when that folder exists. `environment` supplies
    /// `${VAR}` values in action URLs.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Domain {
        let file = try domainFile(at: path)
        let folder = (file as NSString).deletingLastPathComponent
        let kb = FileAccess.join(folder.isEmpty ? "." : folder, knowledgeBaseFolder)
        let articles = FileAccess.kind(of: kb) == .directory ? try KnowledgeBaseArticleReader.readLocated(folder: kb) : []
        var parser = DomainParser(file: file, environment: environment)
        return try parser.parse(yaml: FileAccess.readText(file), articles: articles)
    }

    /// The domain file `path` names, directly or as its folder.
    public static func domainFile(at path: String) throws -> String {
        switch FileAccess.kind(of: path) {
        case nil:
            throw DataError(file: path, message: "no such file or directory")
        case .file:
            return path
        case .directory:
            let found = fileNames.map { FileAccess.join(path, $0) }.filter { FileAccess.kind(of: $0) == .file }
            guard found.count == 1 else {
                throw DataError(file: path, message: found.isEmpty
                    ? "no domain.yml in this folder: expected the assistant's domain file there"
                    : "both domain.yml and domain.yaml in this folder: expected one domain file")
            }
            return found[0]
        }
    }
}
