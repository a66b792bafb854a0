/// Cloud providers by the names their users write, for labels: "AWS", "Azure", "Google Cloud",
/// not the codes in region identifiers ("aws", "azure", "gcp").
public enum CloudProvider {
    /// The provider's own name for a region-code prefix; an unknown code is returned as it is.
    public static func displayName(_ code: some StringProtocol) -> String {
        switch code.lowercased() {
        case "aws": "AWS"
        case "azure": "Azure"
        case "gcp", "google": "Google Cloud"
        default: String(code)
        }
    }
}
