public enum GPCNVersion {
    public static let current = "0.1.0"
}
