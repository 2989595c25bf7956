import Foundation
import FrontlineAssistant
import FrontlineEngine
import FrontlinePostgres
import FrontlineStore

/// Records a promotion in the database, so the conversation report can mark it on its
/// time axis and count the outcomes that wait for the next retrain. Best effort: the
/// promotion has happened whatever the database says; a failure is reported, not thrown.
/// On PostgreSQL the release's files (`folder`) are published too: every replica follows.
func recordRelease(database: String, name: String, lastOutcomeId: Int, folder: URL? = nil) async {
    let isPostgres = PostgresLocation.isURL(database)
    guard isPostgres || FileManager.default.fileExists(atPath: database) else { return }
    do {
        let store: any ServingStore = isPostgres
            ? try await PostgresStore.open(PostgresLocation(url: database)) : try SQLiteStore(path: database)
        do {
            try await store.recordRelease(name: name, promotedAt: Date(), lastOutcomeId: lastOutcomeId)
            if let folder, let releases = store as? any ModelReleaseStore {
                try await releases.publishRelease(name: name, files: try DatabaseReleases.files(in: folder))
                note("release \(name) published in the database: every replica switches to it")
            }
            await store.shutdown()
        } catch {
            await store.shutdown()
            throw error
        }
    } catch {
        note("warning: release \(name) was promoted but not recorded in \(PostgresLocation.redacted(database)): \(error)")
    }
}
