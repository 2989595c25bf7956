import Foundation
import FrontlineStore

/// Records a promotion in the database, so the conversation report can mark it on its
/// time axis and count the outcomes that wait for the next retrain. Best effort: the
/// promotion has happened whatever the database says; a failure is reported, not thrown.
func recordRelease(database: String, name: String, lastOutcomeId: Int) async {
    guard FileManager.default.fileExists(atPath: database) else { return }
    do {
        let store = try SQLiteStore(path: database)
        defer { try? store.close() }
        try await store.recordRelease(name: name, promotedAt: Date(), lastOutcomeId: lastOutcomeId)
    } catch {
        note("warning: release \(name) was promoted but not recorded in \(database): \(error)")
    }
}
