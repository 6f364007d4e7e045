public import SwitchboardStorage

/// The auth namespace: users, login sessions (refresh-token hashes), the audit log, revoked
/// access tokens, personal API keys, and the tables the original kept for password resets and
/// OAuth identities.
/// Owned by SwitchboardAuth; no other module reads or writes it, and the app namespace holds
/// none of these tables.
public enum AuthSchema {
    public static let schema = NamespaceSchema(namespace: .auth, migrations: [
        Migration(1, "users, sessions, audit logs, revoked tokens, password resets, oauth identities", [
            .createTable(TableDefinition("users", columns: [
                .init("id", .text),
                .init("email", .text),
                .init("name", .text, nullable: true),
                .init("password_hash", .text),
                .init("role", .text),
                .init("tier", .text),
                .init("failed_logins", .integer, default: "0"),
                .init("locked_until", .timestamp, nullable: true),
                .init("created_at", .timestamp),
                .init("updated_at", .timestamp),
            ], primaryKey: ["id"])),
            .createIndex(IndexDefinition("users_email_unique", on: "users", ["email"], unique: true)),
            .createIndex(IndexDefinition("users_by_created", on: "users", ["created_at"])),
            .createTable(TableDefinition("sessions", columns: [
                .init("id", .text),
                .init("user_id", .text),
                .init("family_id", .text),
                .init("refresh_token_hash", .text),
                .init("ip", .text, nullable: true),
                .init("user_agent", .text, nullable: true),
                .init("created_at", .timestamp),
                .init("expires_at", .timestamp),
                .init("revoked_at", .timestamp, nullable: true),
                .init("replaced_by", .text, nullable: true),
            ], primaryKey: ["id"], foreignKeys: [.init(["user_id"], references: "users", ["id"], onDeleteCascade: true)])),
            .createIndex(IndexDefinition(
                "sessions_refresh_token_hash_unique", on: "sessions", ["refresh_token_hash"], unique: true)),
            .createIndex(IndexDefinition("sessions_by_family", on: "sessions", ["family_id"])),
            .createIndex(IndexDefinition("sessions_by_user", on: "sessions", ["user_id"])),
            .createTable(TableDefinition("audit_logs", columns: [
                .init("id", .text),
                .init("event", .text),
                .init("user_id", .text, nullable: true),
                .init("email_hash", .text, nullable: true),
                .init("ip", .text, nullable: true),
                .init("user_agent", .text, nullable: true),
                .init("detail", .json, default: "'{}'"),
                .init("created_at", .timestamp),
            ], primaryKey: ["id"])),
            .createIndex(IndexDefinition("audit_logs_by_created", on: "audit_logs", ["created_at"])),
            .createIndex(IndexDefinition("audit_logs_by_user", on: "audit_logs", ["user_id", "created_at"])),
            .createIndex(IndexDefinition("audit_logs_by_event", on: "audit_logs", ["event", "created_at"])),
            .createTable(TableDefinition("revoked_tokens", columns: [
                .init("jti", .text),
                .init("expires_at", .timestamp),
            ], primaryKey: ["jti"])),
            .createIndex(IndexDefinition("revoked_tokens_by_expiry", on: "revoked_tokens", ["expires_at"])),
            .createTable(TableDefinition("password_reset_tokens", columns: [
                .init("id", .text),
                .init("user_id", .text),
                .init("token_hash", .text),
                .init("created_at", .timestamp),
                .init("expires_at", .timestamp),
                .init("used_at", .timestamp, nullable: true),
            ], primaryKey: ["id"], foreignKeys: [.init(["user_id"], references: "users", ["id"], onDeleteCascade: true)])),
            .createIndex(IndexDefinition(
                "password_reset_tokens_hash_unique", on: "password_reset_tokens", ["token_hash"], unique: true)),
            .createIndex(IndexDefinition("password_reset_tokens_by_user", on: "password_reset_tokens", ["user_id"])),
            .createTable(TableDefinition("oauth_identities", columns: [
                .init("id", .text),
                .init("user_id", .text),
                .init("provider", .text),
                .init("provider_user_id", .text),
                .init("email", .text, nullable: true),
                .init("created_at", .timestamp),
            ], primaryKey: ["id"], foreignKeys: [.init(["user_id"], references: "users", ["id"], onDeleteCascade: true)])),
            .createIndex(IndexDefinition(
                "oauth_identities_provider_unique", on: "oauth_identities", ["provider", "provider_user_id"], unique: true)),
            .createIndex(IndexDefinition("oauth_identities_by_user", on: "oauth_identities", ["user_id"])),
        ]),
        // Personal API keys (the LangGraph SDK sends `x-api-key`). No foreign key to `users`:
        // a developer token (`switchboard token`) has no account and may still make a key; the
        // key keeps the tier and role of the token that made it.
        Migration(2, "personal api keys", [
            .createTable(TableDefinition("api_keys", columns: [
                .init("id", .text),
                .init("user_id", .text),
                .init("name", .text, nullable: true),
                .init("key_hash", .text),
                .init("prefix", .text),
                .init("tier", .text),
                .init("role", .text),
                .init("created_at", .timestamp),
                .init("last_used_at", .timestamp, nullable: true),
                .init("revoked_at", .timestamp, nullable: true),
            ], primaryKey: ["id"])),
            .createIndex(IndexDefinition("api_keys_hash_unique", on: "api_keys", ["key_hash"], unique: true)),
            .createIndex(IndexDefinition("api_keys_by_user", on: "api_keys", ["user_id", "created_at"])),
        ]),
    ])
}
