import SwitchboardAnalytics
import SwitchboardAuth
public import SwitchboardCore
public import SwitchboardStorage

extension SchemaCatalog {
    /// Every namespace of this build with the module that owns it: `app` (SwitchboardStorage),
    /// `events` (SwitchboardStorage, the event log), `auth` (SwitchboardAuth) and `analytics`
    /// (SwitchboardAnalytics, the embedded usage store).
    /// Composed here, where all are visible; what `switchboard migrate` and
    /// `switchboard schema check` cover.
    public static let switchboard = SchemaCatalog([AppSchema.schema, EventsSchema.schema, AuthSchema.schema, AnalyticsSchema.schema])

    /// The namespaces a `serve --role` process prepares: the auth service only its own; the
    /// API the app and events namespaces, the auth namespace (revocation list, admin views and audit) and
    /// the analytics namespace (usage ingestion).
    public static func serving(_ role: ServerRole) -> SchemaCatalog {
        switch role {
        case .all, .api: .switchboard
        case .auth: SchemaCatalog([AuthSchema.schema])
        }
    }
}
