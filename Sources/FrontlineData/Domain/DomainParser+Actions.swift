import Foundation
import Yams

/// The `actions` section: name → an HTTP call and the responses for its outcomes.
extension DomainParser {
    static let actionKeys = ["type", "method", "url", "timeout_ms", "success", "not_found", "failure"]
    static let actionTypes = ["http"]

    mutating func parseActions(_ node: Node) throws {
        for entry in try nodes.optionalEntries(node, "'actions'") {
            let name = entry.key
            let what = "action '\(name)'"
            let fields = try nodes.entries(entry.value, what, allowed: Self.actionKeys)
            func field(_ key: String) throws -> YAMLNodes.Entry {
                guard let found = fields.first(where: { $0.key == key }) else {
                    throw nodes.error(entry.keyNode, "expected '\(key)' in \(what)")
                }
                return found
            }
            func optionalField(_ key: String) -> YAMLNodes.Entry? { fields.first { $0.key == key } }

            let type = try field("type")
            let typeName = try nodes.string(type.value, "'type' of \(what)")
            guard Self.actionTypes.contains(typeName) else {
                throw nodes.error(type.value, "unknown action type '\(typeName)' in \(what): expected \(YAMLNodes.list(Self.actionTypes))")
            }
            var method = DomainAction.Method.get
            if let methodField = optionalField("method") {
                let text = try nodes.string(methodField.value, "'method' of \(what)")
                guard let parsed = DomainAction.Method(rawValue: text.uppercased()) else {
                    throw nodes.error(methodField.value, "unknown HTTP method '\(text)' in \(what): "
                        + "expected \(YAMLNodes.list(DomainAction.Method.allCases.map(\.rawValue)))")
                }
                method = parsed
            }
            let urlNode = try field("url").value
            let template = try nodes.string(urlNode, "'url' of \(what)")
            let url = try resolveURL(template, node: urlNode, what)
            let timeout = try optionalField("timeout_ms").map { try nodes.int($0.value, "'timeout_ms' of \(what)", in: 1...60_000) } ?? 3000

            let success = try field("success").value
            let successName = try nodes.name(success, "'success' of \(what)")
            try useResponse(successName, line: nodes.line(success), as: "\(what) (success)", context: .actionResult)
            var notFoundName: String?
            if let notFound = optionalField("not_found") {
                notFoundName = try nodes.name(notFound.value, "'not_found' of \(what)")
                try useResponse(notFoundName!, line: nodes.line(notFound.value), as: "\(what) (not_found)")
            }
            let failure = try field("failure").value
            let failureName = try nodes.name(failure, "'failure' of \(what)")
            try useResponse(failureName, line: nodes.line(failure), as: "\(what) (failure)")

            actions.append(DomainAction(name: name, method: method, url: url, urlTemplate: template, timeoutMilliseconds: timeout,
                                        success: successName, notFound: notFoundName, failure: failureName,
                                        line: nodes.line(entry.keyNode)))
        }
    }

    /// Resolves `${VAR:-default}`, checks `{slot}` placeholders and that an http(s) URL remains.
    private func resolveURL(_ template: String, node: Node, _ what: String) throws -> String {
        let url: String
        do {
            url = try EnvironmentTemplate.resolve(template, environment: environment)
        } catch {
            throw nodes.error(node, "\(error.message) in 'url' of \(what)")
        }
        let placeholders: [ResponseTemplate.Placeholder]
        do {
            placeholders = try ResponseTemplate.placeholders(in: url)
        } catch {
            throw nodes.error(node, "\(error.message) in 'url' of \(what)")
        }
        for placeholder in placeholders where !slots.contains(where: { $0.name == placeholder.name }) {
            throw nodes.error(node, "unknown placeholder {\(placeholder.name)} in 'url' of \(what)"
                + "\(DidYouMean.hint(for: placeholder.name, among: slots.map(\.name))): expected a declared slot")
        }
        let sample = ResponseTemplate.render(url) { _ in "x" } ?? url
        guard let components = URLComponents(string: sample), ["http", "https"].contains(components.scheme?.lowercased() ?? ""),
              !(components.host ?? "").isEmpty else {
            throw nodes.error(node, "expected 'url' of \(what) to be an http:// or https:// URL but found \"\(url)\"")
        }
        return url
    }
}
