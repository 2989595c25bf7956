import FrontlineEngine
import GRDB

/// The database schema, built by GRDB's migrator. Migrations are append-only: never
/// edit a shipped one, add the next. `PRAGMA user_version` mirrors the number of
/// migrations so tools outside Frontline (sqlite3, backups) can see the version.
enum Schema {
    /// The number of migrations this build knows; also the `user_version` it writes.
    static let version = 7

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: conversations, messages, handoffs, outcomes, profiles, knowledge base") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2: how bot replies are shown") { db in
            try db.execute(sql: "ALTER TABLE messages ADD COLUMN details TEXT")
        }
        migrator.registerMigration("v3: handoff outbox") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4: turn events, model releases, conversation report indexes") { db in
            try db.execute(sql: ReportSchema.v4)
        }
        migrator.registerMigration("v5: handoff origin, acceptance time and priority") { db in
            try db.execute(sql: v5)
        }
        migrator.registerMigration("v6: customer events and proactive prompts") { db in
            try db.execute(sql: v6)
        }
        migrator.registerMigration("v7: server secrets") { db in
            try db.execute(sql: v7)
        }
        return migrator
    }

    /// Migrates `pool`, refusing a database written by a newer build: its unknown
    /// tables or columns could be silently dropped by older code.
    static func migrate(_ pool: DatabasePool) throws {
        let migrator = migrator()
        try pool.write { db in
            if try migrator.hasBeenSuperseded(db) {
                let applied = try migrator.appliedIdentifiers(db)
                throw StoreError.newerSchema("applied migrations \(applied.sorted()) include some this build does not know")
            }
        }
        try migrator.migrate(pool)
        try pool.write { db in
            try db.execute(sql: "PRAGMA user_version = \(version)")
        }
    }

    /// What a handoff document and the queue need that v1 did not keep: the customer
    /// message whose turn created the handoff (a retried message gets the same handoff
    /// back), when an agent accepted it (the wait estimate) and its priority with the
    /// reasons for it (queue order). Additive: old rows read as priority 0, no reasons.
    private static let v5 = """
        ALTER TABLE handoffs ADD COLUMN reply_to INTEGER;
        ALTER TABLE handoffs ADD COLUMN accepted_at INTEGER;
        ALTER TABLE handoffs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE handoffs ADD COLUMN priority_reasons TEXT NOT NULL DEFAULT '[]';
        CREATE INDEX handoffs_queue_order ON handoffs(status, queue, priority DESC, created_at);
        CREATE INDEX handoffs_by_acceptance ON handoffs(queue, accepted_at) WHERE accepted_at IS NOT NULL;
        """

    /// Secrets the server generates once (the web chat's token key), kept so restarts agree.
    private static let v7 = """
        CREATE TABLE server_secrets (
            name TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        """

    /// What the chat server reports customers doing, and the chats the bot offered them.
    private static let v6 = """
        CREATE TABLE customer_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            customer_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            page TEXT,
            seconds REAL,
            cart_value REAL,
            detail TEXT,
            at INTEGER NOT NULL
        );
        CREATE INDEX customer_events_by_customer ON customer_events(customer_id, at);

        CREATE TABLE proactive_prompts (
            id TEXT PRIMARY KEY NOT NULL,
            customer_id TEXT NOT NULL,
            rule TEXT NOT NULL,
            intent TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            accepted_at INTEGER,
            conversation_id TEXT
        );
        CREATE INDEX proactive_prompts_by_customer ON proactive_prompts(customer_id, created_at);
        """

    /// Handoffs waiting to be announced to a webhook, written in the transaction of the
    /// turn that creates the handoff, so an announced handoff exists and an existing one
    /// is announced (at least once) whatever crashes in between.
    private static let v3 = """
        CREATE TABLE handoff_outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            handoff_id TEXT NOT NULL UNIQUE REFERENCES handoffs(id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            delivered_at INTEGER,
            last_error TEXT
        );
        CREATE INDEX handoff_outbox_due ON handoff_outbox(next_attempt_at) WHERE delivered_at IS NULL;
        """

    // Times are INTEGER milliseconds since 1970 (sortable, exact); documents
    // (state, parse, transcript, corrections) are JSON text.
    private static let v1 = """
        CREATE TABLE conversations (
            id TEXT PRIMARY KEY NOT NULL,
            channel TEXT NOT NULL,
            customer_id TEXT,
            status TEXT NOT NULL CHECK (status IN ('bot', 'handoff', 'agent', 'closed')),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            revision INTEGER NOT NULL DEFAULT 0,
            last_sequence INTEGER NOT NULL DEFAULT 0,
            state_version INTEGER NOT NULL,
            state TEXT NOT NULL
        );
        CREATE INDEX conversations_by_customer ON conversations(customer_id, updated_at)
            WHERE customer_id IS NOT NULL;

        CREATE TABLE messages (
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            sequence INTEGER NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('customer', 'bot', 'agent', 'system')),
            text TEXT NOT NULL,
            channel TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            parse TEXT,
            client_message_id TEXT,
            reply_to INTEGER,
            answered INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (conversation_id, sequence)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX messages_by_client_id ON messages(conversation_id, client_message_id)
            WHERE client_message_id IS NOT NULL;
        CREATE INDEX messages_by_reply ON messages(conversation_id, reply_to)
            WHERE reply_to IS NOT NULL;

        CREATE TABLE handoffs (
            id TEXT PRIMARY KEY NOT NULL,
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            reason TEXT NOT NULL,
            queue TEXT NOT NULL,
            summary TEXT NOT NULL,
            slots TEXT NOT NULL,
            transcript TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'returned', 'closed')),
            agent_id TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX handoffs_by_status ON handoffs(status, queue, created_at);
        CREATE INDEX handoffs_by_time ON handoffs(created_at);
        -- At most one active handoff per conversation, whatever the code does.
        CREATE UNIQUE INDEX handoffs_one_active ON handoffs(conversation_id)
            WHERE status IN ('open', 'accepted');

        CREATE TABLE outcomes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            corrections TEXT NOT NULL,
            resolution TEXT,
            kb_article_id TEXT,
            bot_was_right INTEGER,
            agent_id TEXT,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX outcomes_by_time ON outcomes(created_at);
        CREATE INDEX outcomes_by_conversation ON outcomes(conversation_id);

        CREATE TABLE customer_slots (
            customer_id TEXT NOT NULL,
            slot TEXT NOT NULL,
            value TEXT NOT NULL,
            channel TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (customer_id, slot)
        ) WITHOUT ROWID;

        CREATE TABLE kb_articles (
            id TEXT PRIMARY KEY NOT NULL,
            title TEXT NOT NULL,
            summary TEXT NOT NULL,
            body TEXT NOT NULL,
            tags TEXT NOT NULL,
            intents TEXT NOT NULL,
            products TEXT NOT NULL,
            audience TEXT,
            url TEXT
        );
        CREATE TABLE kb_article_intents (
            article_id TEXT NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
            intent TEXT NOT NULL,
            PRIMARY KEY (article_id, intent)
        ) WITHOUT ROWID;
        CREATE TABLE kb_article_products (
            article_id TEXT NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
            product TEXT NOT NULL,
            PRIMARY KEY (article_id, product)
        ) WITHOUT ROWID;
        -- rowid = kb_articles.rowid. Porter stemming over unicode61 with diacritics
        -- removed (remove_diacritics 2 also folds combining marks).
        CREATE VIRTUAL TABLE kb_fts USING fts5(
            title, tags, summary, body,
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        """
}
