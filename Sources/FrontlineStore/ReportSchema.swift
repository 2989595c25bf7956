/// Migration v4: the facts the conversation report needs that earlier versions did not
/// keep, and the indexes its queries read through. Additive only (new tables and
/// indexes), so a database migrated to v4 keeps every row it had.
enum ReportSchema {
    static let v4 = """
        -- Form progress and "did that help?" answers, one row per event, written with the turn.
        CREATE TABLE turn_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            sequence INTEGER,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            slot TEXT,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX turn_events_by_conversation ON turn_events(conversation_id);

        -- Promotions of a model to Models/current, written by `frontline retrain`.
        -- last_outcome_id: the newest outcome the release was trained with.
        CREATE TABLE model_releases (
            name TEXT PRIMARY KEY NOT NULL,
            promoted_at INTEGER NOT NULL,
            last_outcome_id INTEGER NOT NULL DEFAULT 0
        );

        -- The report selects conversations by start time (and channel), then reads their
        -- messages by primary key and their handoffs by conversation.
        CREATE INDEX conversations_by_start ON conversations(created_at, channel);
        CREATE INDEX handoffs_by_conversation ON handoffs(conversation_id, created_at);
        """
}
