/// Which agents run after triage, by its data sufficiency (the table of `original-system.md`).
/// A failing step ends the plan early; reporting then explains what is missing.
public enum WorkflowPlan {
    public static let triage = "triage"
    public static let reporting = "reporting"

    public static func steps(after sufficiency: DataSufficiency) -> [String] {
        switch sufficiency {
        case .sufficient: ["data", "optimization", "actions", "reporting"]
        case .partial: ["data_helper", "data", "reporting"]
        case .insufficient: ["data_helper", "reporting"]
        case .unknown: ["data_helper", "reporting"]
        }
    }
}
