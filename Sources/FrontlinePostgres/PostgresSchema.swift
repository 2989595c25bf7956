import FrontlineEngine
import Logging
import PostgresNIO

/// The PostgreSQL schema as numbered migrations, applied in order by one replica at a
/// time (a transaction-scoped advisory lock) and recorded in `frontline_migrations`.
/// Append-only: never edit a shipped migration, add the next one. A database whose
/// newest migration this build does not know is refused: older code could silently
/// drop what it does not understand.
enum PostgresSchema {
    struct Migration {
        var version: Int
        var name: String
        var sql: [String]
    }

    /// The advisory-lock key migrations are applied under (the ASCII of "FrontMig").
    static let migrationLock: Int64 = 0x4672_6F6E_744D_6967
    /// The key `replaceAll` of the knowledge base runs under, so two replicas starting
    /// together do not interleave their deletes and inserts.
    static let knowledgeBaseLock: Int64 = 0x4672_6F6E_744B_4221

    static var version: Int { migrations.last?.version ?? 0 }

    static let migrations: [Migration] = [
        Migration(version: 1, name: "conversations, messages, handoffs, outbox, outcomes, profiles, knowledge base, turn events, releases", sql: v1),
        Migration(version: 2, name: "model release files and the serving release", sql: v2),
        Migration(version: 3, name: "handoff origin, acceptance time and priority", sql: v3),
        Migration(version: 4, name: "customer events and proactive prompts", sql: v4),
        Migration(version: 5, name: "outcomes carry their transaction id (the outcome feed)", sql: v5),
        Migration(version: 6, name: "server secrets", sql: v6),
    ]

    /// The outcome feed (`PostgresStore+OutcomeFeed`): each outcome records the id of the
    /// transaction that wrote it (existing rows get the migration's, which is older than
    /// any reader's start).
    static let v5 = [
        "ALTER TABLE outcomes ADD COLUMN xact bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint)",
        "CREATE INDEX outcomes_by_transaction ON outcomes (xact, id)",
    ]

    /// Proactive chat (SQLite's customer_events and proactive_prompts). `position` orders
    /// prompts made in the same millisecond, as SQLite's rowid does.
    static let v4 = [
        """
        CREATE TABLE customer_events (
            id bigserial PRIMARY KEY,
            customer_id text NOT NULL,
            kind text NOT NULL,
            page text,
            seconds double precision,
            cart_value double precision,
            detail text,
            at bigint NOT NULL
        )
        """,
        "CREATE INDEX customer_events_by_customer ON customer_events (customer_id, at)",
        """
        CREATE TABLE proactive_prompts (
            id text PRIMARY KEY,
            position bigserial NOT NULL,
            customer_id text NOT NULL,
            rule text NOT NULL,
            intent text NOT NULL,
            text text NOT NULL,
            created_at bigint NOT NULL,
            accepted_at bigint,
            conversation_id text
        )
        """,
        "CREATE INDEX proactive_prompts_by_customer ON proactive_prompts (customer_id, created_at)",
    ]

    /// Secrets the server generates once (the web chat's token key; SQLite's v7), shared by
    /// every replica.
    static let v6 = [
        "CREATE TABLE server_secrets (name text PRIMARY KEY, value text NOT NULL, created_at bigint NOT NULL)",
    ]

    /// The handoff's customer message, when an agent accepted it, and its queue priority
    /// (SQLite's v5): the wait estimate and the priority-ordered queue read them.
    static let v3 = [
        "ALTER TABLE handoffs ADD COLUMN reply_to bigint",
        "ALTER TABLE handoffs ADD COLUMN accepted_at bigint",
        "ALTER TABLE handoffs ADD COLUMN priority integer NOT NULL DEFAULT 0",
        "ALTER TABLE handoffs ADD COLUMN priority_reasons text NOT NULL DEFAULT '[]'",
        "CREATE INDEX handoffs_queue_order ON handoffs (status, queue, priority DESC, created_at)",
        "CREATE INDEX handoffs_by_acceptance ON handoffs (queue, accepted_at) WHERE accepted_at IS NOT NULL",
    ]

    /// Applies what is missing; returns the version the database is at. Throws
    /// `StoreError.newerSchema` for a database migrated by a newer build.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS frontline_migrations (
                    version bigint PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            let current = try await appliedVersion(connection, logger: logger)
            if current > version {
                throw StoreError.newerSchema("the database is at migration \(current); this build knows up to \(version)")
            }
            for migration in migrations where migration.version > current {
                for statement in migration.sql {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO frontline_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
            return version
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// The newest applied migration (0 for an empty database), checked against this build.
    static func check(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let current = try await appliedVersion(connection, logger: logger)
        if current > version {
            throw StoreError.newerSchema("the database is at migration \(current); this build knows up to \(version)")
        }
        if current < version {
            throw StoreError.storageFailure("the database is at migration \(current); run `frontline migrate --db URL` (this build needs \(version))")
        }
        return current
    }

    static func appliedVersion(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let exists = try await connection.query(
            "SELECT to_regclass('frontline_migrations') IS NOT NULL", logger: logger).collect()
        guard try exists.first?.decode(Bool.self) == true else { return 0 }
        let rows = try await connection.query("SELECT COALESCE(MAX(version), 0) FROM frontline_migrations", logger: logger).collect()
        return try rows.first?.decode(Int.self) ?? 0
    }

    /// Promoted models in the database (a few MB each), so replicas need no shared disk.
    private static let v2: [String] = [
        """
        CREATE TABLE model_release_files (
            release text NOT NULL,
            path text NOT NULL,
            bytes bytea NOT NULL,
            PRIMARY KEY (release, path)
        )
        """,
        """
        CREATE TABLE serving_model (
            id integer PRIMARY KEY CHECK (id = 1),
            release text NOT NULL,
            published_at bigint NOT NULL
        )
        """,
    ]

    // Times are bigint milliseconds since 1970 (as on SQLite: exact and sortable);
    // documents are JSON text, except parse and reply details, which the report and the
    // review queue read inside (jsonb).
    private static let v1: [String] = [
        """
        CREATE TABLE conversations (
            id text PRIMARY KEY,
            channel text NOT NULL,
            customer_id text,
            status text NOT NULL CHECK (status IN ('bot', 'handoff', 'agent', 'closed')),
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            revision bigint NOT NULL DEFAULT 0,
            last_sequence bigint NOT NULL DEFAULT 0,
            state_version bigint NOT NULL,
            state text NOT NULL
        )
        """,
        "CREATE INDEX conversations_by_customer ON conversations (customer_id, updated_at) WHERE customer_id IS NOT NULL",
        "CREATE INDEX conversations_by_start ON conversations (created_at, channel)",
        """
        CREATE TABLE messages (
            conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            sequence bigint NOT NULL,
            role text NOT NULL CHECK (role IN ('customer', 'bot', 'agent', 'system')),
            text text NOT NULL,
            channel text NOT NULL,
            created_at bigint NOT NULL,
            parse jsonb,
            client_message_id text,
            reply_to bigint,
            answered boolean NOT NULL DEFAULT false,
            details jsonb,
            PRIMARY KEY (conversation_id, sequence)
        )
        """,
        "CREATE UNIQUE INDEX messages_by_client_id ON messages (conversation_id, client_message_id) WHERE client_message_id IS NOT NULL",
        "CREATE INDEX messages_by_reply ON messages (conversation_id, reply_to) WHERE reply_to IS NOT NULL",
        "CREATE INDEX messages_customer_by_time ON messages (created_at) WHERE role = 'customer' AND parse IS NOT NULL",
        """
        CREATE TABLE handoffs (
            id text PRIMARY KEY,
            position bigserial NOT NULL,
            conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            reason text NOT NULL,
            queue text NOT NULL,
            summary text NOT NULL,
            slots text NOT NULL,
            transcript text NOT NULL,
            status text NOT NULL CHECK (status IN ('open', 'accepted', 'returned', 'closed')),
            agent_id text,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL
        )
        """,
        "CREATE INDEX handoffs_by_status ON handoffs (status, queue, created_at)",
        "CREATE INDEX handoffs_by_conversation ON handoffs (conversation_id, created_at)",
        // At most one active handoff per conversation, whatever the code does.
        "CREATE UNIQUE INDEX handoffs_one_active ON handoffs (conversation_id) WHERE status IN ('open', 'accepted')",
        """
        CREATE TABLE handoff_outbox (
            id bigserial PRIMARY KEY,
            handoff_id text NOT NULL UNIQUE REFERENCES handoffs (id) ON DELETE CASCADE,
            created_at bigint NOT NULL,
            attempts bigint NOT NULL DEFAULT 0,
            next_attempt_at bigint NOT NULL,
            delivered_at bigint,
            last_error text
        )
        """,
        "CREATE INDEX handoff_outbox_due ON handoff_outbox (next_attempt_at) WHERE delivered_at IS NULL",
        """
        CREATE TABLE outcomes (
            id bigserial PRIMARY KEY,
            conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            corrections text NOT NULL,
            resolution text,
            kb_article_id text,
            bot_was_right boolean,
            agent_id text,
            created_at bigint NOT NULL
        )
        """,
        "CREATE INDEX outcomes_by_time ON outcomes (created_at)",
        "CREATE INDEX outcomes_by_conversation ON outcomes (conversation_id)",
        """
        CREATE TABLE customer_slots (
            customer_id text NOT NULL,
            slot text NOT NULL,
            value text NOT NULL,
            channel text NOT NULL,
            updated_at bigint NOT NULL,
            PRIMARY KEY (customer_id, slot)
        )
        """,
        // document: title A, tags B, summary C, body D; title_tags: for coverage. Both are
        // built from accent- and case-folded text (folded in Swift, so no extension is needed).
        """
        CREATE TABLE kb_articles (
            rid bigserial PRIMARY KEY,
            id text NOT NULL UNIQUE,
            title text NOT NULL,
            summary text NOT NULL,
            body text NOT NULL,
            tags text[] NOT NULL,
            intents text[] NOT NULL,
            products text[] NOT NULL,
            audience text,
            url text,
            document tsvector NOT NULL,
            title_tags tsvector NOT NULL
        )
        """,
        "CREATE INDEX kb_articles_document ON kb_articles USING gin (document)",
        """
        CREATE TABLE turn_events (
            id bigserial PRIMARY KEY,
            conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            sequence bigint,
            kind text NOT NULL,
            subject text NOT NULL,
            slot text,
            created_at bigint NOT NULL
        )
        """,
        "CREATE INDEX turn_events_by_conversation ON turn_events (conversation_id)",
        """
        CREATE TABLE model_releases (
            name text PRIMARY KEY,
            promoted_at bigint NOT NULL,
            last_outcome_id bigint NOT NULL DEFAULT 0
        )
        """,
    ]
}
