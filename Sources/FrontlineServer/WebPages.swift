import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The web chat's files (Sources/FrontlineServer/Web, a SwiftPM resource beside the
/// executable): read once, served from memory with their security headers.
struct WebAssets: Sendable {
    struct Asset: Sendable {
        var contentType: String
        var bytes: ByteBuffer
        var isPage: Bool { contentType.hasPrefix("text/html") }
    }

    /// Served path → file in Web/.
    static let files: [(path: String, file: String, type: String)] = [
        ("/widget.js", "widget.js", "text/javascript; charset=utf-8"),
        ("/widget.css", "widget.css", "text/css; charset=utf-8"),
        ("/chat", "chat.html", "text/html; charset=utf-8"),
        ("/chat.css", "chat.css", "text/css; charset=utf-8"),
        ("/desk", "desk.html", "text/html; charset=utf-8"),
        ("/desk.js", "desk.js", "text/javascript; charset=utf-8"),
        ("/desk.css", "desk.css", "text/css; charset=utf-8"),
    ]

    let byPath: [String: Asset]

    /// Where the files are looked for, in order: `$FRONTLINE_WEB_DIR`; the SwiftPM resource
    /// bundle beside the executable (what `swift build` makes, whatever the working folder);
    /// the source folder this file was built from. (Not `Bundle.module`: it stops the
    /// process when its bundle is missing, and a missing page must not stop the API.)
    static func candidateFolders(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var folders: [URL] = []
        if let configured = environment["FRONTLINE_WEB_DIR"], !configured.isEmpty {
            folders.append(URL(fileURLWithPath: configured, isDirectory: true))
        }
        let executableFolder = Bundle.main.executableURL?.deletingLastPathComponent() ?? Bundle.main.bundleURL
        folders.append(executableFolder.appendingPathComponent("Frontline_FrontlineServer.resources/Web", isDirectory: true))
        folders.append(Bundle.main.bundleURL.appendingPathComponent("Frontline_FrontlineServer.resources/Web", isDirectory: true))
        folders.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Web", isDirectory: true))
        return folders
    }

    /// Reads every file from `folder`, by default the first candidate folder that has them.
    static func load(from folder: URL? = nil) throws -> WebAssets {
        let candidates = folder.map { [$0] } ?? candidateFolders()
        guard let folder = candidates.first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent("widget.js").path) })
        else {
            throw WebAssetsError(
                "the web chat's files were not found (looked in \(candidates.map(\.path).joined(separator: ", ")); set FRONTLINE_WEB_DIR)")
        }
        var byPath: [String: Asset] = [:]
        for entry in files {
            let url = folder.appendingPathComponent(entry.file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw WebAssetsError("cannot read \(url.path): the web chat's files are incomplete")
            }
            byPath[entry.path] = Asset(contentType: entry.type, bytes: ByteBuffer(bytes: data))
        }
        return WebAssets(byPath: byPath)
    }

    /// Pages run only the server's own scripts and styles and talk only to the server;
    /// nothing inline, nothing from elsewhere, no framing by other sites.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

    func response(_ asset: Asset) -> Response {
        var headers: HTTPFields = [
            .contentType: asset.contentType, .cacheControl: "no-cache", .xContentTypeOptions: "nosniff",
            .referrerPolicy: "strict-origin-when-cross-origin",
        ]
        if asset.isPage {
            headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        } else {
            // widget.js and widget.css are embedded by other sites' pages.
            headers[.crossOriginResourcePolicy] = "cross-origin"
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: asset.bytes))
    }
}

struct WebAssetsError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}

extension FrontlineServer {
    /// `GET /widget.js`, `/widget.css`, `/chat` (a demo page with the widget), `/desk` (the
    /// agents' desk) and their files. Missing files make every page a 500 that says so (logged),
    /// the API unaffected.
    func addWebPages(to router: Router<ServerRequestContext>) {
        let assets: Result<WebAssets, WebAssetsError>
        do {
            assets = .success(try WebAssets.load())
        } catch {
            logger.error("web chat pages unavailable", metadata: ["error": .string("\(error)")])
            assets = .failure(error as? WebAssetsError ?? WebAssetsError("\(error)"))
        }
        for entry in WebAssets.files {
            router.get(RouterPath(stringLiteral: entry.path)) { _, _ in
                switch assets {
                case .success(let web):
                    guard let asset = web.byPath[entry.path] else { throw APIError.notFound("no such page") }
                    return web.response(asset)
                case .failure(let error):
                    throw APIError(.internalServerError, "web_files_missing", error.description)
                }
            }
        }
    }
}
