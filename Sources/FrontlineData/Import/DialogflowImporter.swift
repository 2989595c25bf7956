import Foundation
import FrontlineML

/// Imports a Dialogflow ES agent export: the unzipped folder or the `.zip` itself.
///
///     agent.json                          language, supportedLanguages
///     intents/<name>.json                 responses[0].parameters (required + prompts → a form),
///                                         messages (type 0 text → a response), fallbackIntent
///     intents/<name>_usersays_<lang>.json examples: data parts, annotated ones with alias/meta
///     entities/<name>.json                isEnum, isRegexp
///     entities/<name>_entries_<lang>.json values with synonyms (or regexes)
///
/// Annotated parts become slots named after their parameter (`alias`); `@sys.*` entities map
/// to Frontline's built-in entities where one exists (`DialogflowSystemEntities`), custom
/// entities become slot values or patterns. Fallback intents become out-of-scope (`oos`).
/// Contexts, events, follow-up intents, webhooks and rich messages are listed in the report.
public enum DialogflowImporter {
    public static func read(path: String, language: String?) throws -> ImportedAssistant {
        guard FileAccess.kind(of: path) != nil else {
            throw DataError(file: path, message: "no such file or directory: expected a Dialogflow agent folder or its .zip export")
        }
        if FileAccess.kind(of: path) == .file {
            guard FileAccess.fileExtension(path) == "zip" else {
                throw DataError(file: path, message: "expected a Dialogflow agent folder (agent.json, intents/, entities/) or a .zip export")
            }
            return try ZipArchive.withExtracted(path) { folder in
                var imported = try readFolder(try agentFolder(in: folder, zip: path), source: path, language: language)
                // Locations inside the archive read as "agent.zip:intents/x.json".
                for index in imported.report.items.indices {
                    let file = imported.report.items[index].file
                    if file.hasPrefix(folder) {
                        imported.report.items[index].file = path + ":" + file.dropFirst(folder.count).drop { $0 == "/" }
                    }
                }
                for index in imported.examples.indices where imported.examples[index].file.hasPrefix(folder) {
                    imported.examples[index].file = path + ":" + imported.examples[index].file.dropFirst(folder.count).drop { $0 == "/" }
                }
                return imported
            }
        }
        return try readFolder(path, source: path, language: language)
    }

    /// The folder holding agent.json: the archive's top level or one folder down.
    static func agentFolder(in folder: String, zip: String) throws -> String {
        if FileAccess.kind(of: FileAccess.join(folder, "agent.json")) == .file { return folder }
        for entry in try FileAccess.visibleEntries(of: folder) {
            let sub = FileAccess.join(folder, entry)
            if FileAccess.kind(of: FileAccess.join(sub, "agent.json")) == .file { return sub }
        }
        throw DataError(file: zip, message: "no agent.json in the archive: expected a Dialogflow ES export")
    }

    static func readFolder(_ folder: String, source: String, language requested: String?) throws -> ImportedAssistant {
        let agentFile = FileAccess.join(folder, "agent.json")
        let agent = try DialogflowJSON.object(agentFile)
        let defaultLanguage = (agent["language"] as? String) ?? "en"
        let supported = [defaultLanguage] + ((agent["supportedLanguages"] as? [String]) ?? [])
        let language = requested ?? defaultLanguage
        guard supported.contains(language) else {
            throw DataError(file: agentFile, message: "the agent has no language '\(language)': expected one of \(supported.joined(separator: ", "))")
        }
        var report = ImportReport(source: source, format: "Dialogflow ES, language \(language)")
        if supported.count > 1 {
            report.add(.notCarried, "other languages", file: agentFile, line: DialogflowJSON.line(of: "\"supportedLanguages\"", in: agentFile),
                       "languages \(supported.filter { $0 != language }.joined(separator: ", ")) not imported (pick one with --language)")
        }
        if let webhook = agent["webhook"] as? [String: Any], (webhook["available"] as? Bool) == true {
            report.add(.notCarried, "fulfillment webhook", file: agentFile, line: DialogflowJSON.line(of: "\"webhook\"", in: agentFile),
                       "the agent's webhook: rebuild what it does as Frontline HTTP actions")
        }
        var builder = DialogflowAssistantBuilder(folder: folder, language: language, assistant: ImportedAssistant(report: report))
        try builder.readEntities()
        try builder.readIntents()
        builder.finish()
        return builder.assistant
    }
}

/// JSON reading with file-named errors, and line numbers found by searching the text
/// (Foundation's parser gives none).
enum DialogflowJSON {
    static func value(_ path: String) throws -> Any {
        let data = try FileAccess.readData(path)
        do {
            return try JSONSerialization.jsonObject(with: data)
        } catch {
            throw DataError(file: path, message: "invalid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error.localizedDescription)")
        }
    }

    static func object(_ path: String) throws -> [String: Any] {
        guard let object = try value(path) as? [String: Any] else {
            throw DataError(file: path, message: "expected a JSON object")
        }
        return object
    }

    /// 1-based line of the `occurrence`-th (0-based) appearance of `needle`, nil when absent.
    static func line(of needle: String, in path: String, occurrence: Int = 0) -> Int? {
        guard let text = try? FileAccess.readText(path) else { return nil }
        return line(of: needle, inText: text, occurrence: occurrence)
    }

    static func line(of needle: String, inText text: String, occurrence: Int = 0) -> Int? {
        var searchRange = text.startIndex..<text.endIndex
        var found = 0
        while let range = text.range(of: needle, range: searchRange) {
            if found == occurrence {
                return text[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            }
            found += 1
            searchRange = range.upperBound..<text.endIndex
        }
        return nil
    }
}
