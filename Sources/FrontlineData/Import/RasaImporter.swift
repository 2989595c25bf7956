import Foundation
import FrontlineML
import Yams

/// Imports a Rasa Open Source 2.x/3.x project: a folder with `domain.yml` (or a `domain/`
/// folder) and `data/`, or single YAML files.
///
/// Entities become slots (an entity that one Rasa slot maps from takes that slot's name; an
/// entity with a role becomes `<entity>_<role>`); lookup tables, synonyms and categorical
/// values become slot values; a regex named after an entity becomes its pattern when it
/// accepts every annotated value. Each intent gets what follows it in rules and stories (a
/// response, or a form and the response after it), else `utter_<intent>`; retrieval intents
/// (`faq/ask_price`) are answered by knowledge-base articles made of `utter_faq/ask_price`.
/// Everything else is listed in the report.
public enum RasaImporter {
    static let nonDataFiles: Set<String> = ["config.yml", "config.yaml", "credentials.yml", "credentials.yaml",
                                            "endpoints.yml", "endpoints.yaml"]
    /// Duckling dimensions (Rasa's DucklingEntityExtractor) → Frontline built-in entities.
    static let ducklingKinds = ["number": "number", "email": "email", "amount-of-money": "money", "phone-number": "phone",
                                "url": "url", "time": "date"]

    public static func read(path: String) throws -> ImportedAssistant {
        var report = ImportReport(source: path, format: "Rasa")
        let (domainFiles, dataFiles, root) = try discover(path, report: &report)
        var domain = RasaDomainReader()
        var nlu = RasaNLUReader()
        var flows: [(node: Node, kind: String, file: String)] = []
        var usesDuckling = false

        for file in domainFiles + dataFiles {
            guard let top = try compose(file) else { continue }
            checkVersion(top, file: file, report: &report)
            if top.keys.contains(where: { RasaDomainReader.keys.contains($0.string ?? "") }) {
                domain.read(top, file: file, report: &report)
            }
            for (keyNode, value) in top {
                switch keyNode.string ?? "" {
                case "nlu": nlu.read(value, file: file, root: root, report: &report)
                case "stories", "rules": flows.append((value, keyNode.string ?? "", file))
                case "version": break
                case let key where RasaDomainReader.keys.contains(key): break
                case let key:
                    report.add(.notCarried, "unknown section", file: file, line: keyNode.mark?.line, "top-level '\(key)'")
                }
            }
        }
        if let config = ["config.yml", "config.yaml"].map({ FileAccess.join(root, $0) }).first(where: { FileAccess.kind(of: $0) == .file }) {
            let text = (try? FileAccess.readText(config)) ?? ""
            usesDuckling = text.contains("Duckling")
            report.add(.notCarried, "config", file: config, line: nil,
                       "pipeline and policies: Frontline trains with its own recipe (n-grams + sentence encoder, CRF slot tagger)")
            if text.contains("SpacyEntityExtractor") {
                report.add(.notCarried, "pretrained entities", file: config, line: nil,
                           "SpacyEntityExtractor (PERSON, GPE, ORG…): Frontline has no pretrained named-entity recogniser")
            }
        }
        var stories = RasaStoryReader()
        for flow in flows {
            stories.read(flow.node, kind: flow.kind, file: flow.file, forms: Set(domain.forms.map(\.name)), report: &report)
        }

        var builder = RasaAssistantBuilder(domain: domain, nlu: nlu, stories: stories, usesDuckling: usesDuckling,
                                           assistant: ImportedAssistant(report: report))
        try builder.build(source: path)
        return builder.assistant
    }

    /// Domain files, data files and the project root.
    static func discover(_ path: String, report: inout ImportReport) throws -> ([String], [String], String) {
        switch FileAccess.kind(of: path) {
        case nil:
            throw DataError(file: path, message: "no such file or directory: expected a Rasa project folder or YAML file")
        case .file:
            let name = FileAccess.fileName(path).lowercased()
            let isDomain = name.hasPrefix("domain.")
            return (isDomain ? [path] : [], isDomain ? [] : [path], (path as NSString).deletingLastPathComponent)
        case .directory:
            var domainFiles = ["domain.yml", "domain.yaml"].map { FileAccess.join(path, $0) }.filter { FileAccess.kind(of: $0) == .file }
            let domainFolder = FileAccess.join(path, "domain")
            if FileAccess.kind(of: domainFolder) == .directory {
                domainFiles += try FileAccess.files(under: domainFolder, extensions: ["yml", "yaml"])
            }
            let dataFolder = FileAccess.join(path, "data")
            var dataFiles: [String]
            if FileAccess.kind(of: dataFolder) == .directory {
                dataFiles = try FileAccess.files(under: dataFolder, extensions: ["yml", "yaml"])
            } else {
                dataFiles = try FileAccess.files(under: path, extensions: ["yml", "yaml"]).filter { file in
                    let relative = String(file.dropFirst(path.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                    return !domainFiles.contains(file) && !nonDataFiles.contains(relative.lowercased())
                        && !relative.hasPrefix("tests/") && !relative.hasPrefix("domain/") && !relative.hasPrefix(".")
                }
            }
            for extra in ["tests", "actions"] {
                let folder = FileAccess.join(path, extra)
                guard FileAccess.kind(of: folder) == .directory else { continue }
                let count = try FileAccess.files(under: folder, extensions: ["yml", "yaml", "py"]).count
                report.add(.notCarried, extra == "tests" ? "test stories" : "custom action code", file: folder, line: nil,
                           extra == "tests" ? "\(count) test file(s): evaluate Frontline with `frontline evaluate --cross-validate` instead"
                               : "\(count) file(s) of Python actions: rebuild them as Frontline HTTP actions in domain.yml")
            }
            for name in ["endpoints.yml", "credentials.yml"] where FileAccess.kind(of: FileAccess.join(path, name)) == .file {
                report.add(.notCarried, "deployment settings", file: FileAccess.join(path, name), line: nil,
                           "\(name): channels and endpoints are configured in `frontline serve`")
            }
            guard !domainFiles.isEmpty || !dataFiles.isEmpty else {
                throw DataError(file: path, message: "no Rasa files found: expected domain.yml and a data/ folder of YAML files")
            }
            return (domainFiles, dataFiles, path)
        }
    }

    static func compose(_ file: String) throws -> Node.Mapping? {
        let nodes = YAMLNodes(file: file)
        guard let root = try nodes.compose(FileAccess.readText(file)) else { return nil }
        guard let mapping = root.mapping else {
            throw DataError(file: file, line: root.mark?.line, message: "expected a mapping of sections ('version', 'nlu', 'intents', …) but found \(YAMLNodes.describe(root))")
        }
        return mapping
    }

    static func checkVersion(_ top: Node.Mapping, file: String, report: inout ImportReport) {
        guard let version = top["version"]?.string else { return }
        if !(version.hasPrefix("2") || version.hasPrefix("3")) {
            report.add(.adapted, "format version", file: file, line: top["version"]?.mark?.line,
                       "version \"\(version)\": read as Rasa 3.x (2.x and 3.x are supported)")
        }
    }
}
