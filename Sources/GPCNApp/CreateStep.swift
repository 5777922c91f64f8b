import GPCNCore

/// The seven steps of a create, in order (docs/product.md §3): the wizard shows one a screen,
/// the accessible flow asks their questions in turn, and the flags fill them all at once.
public enum CreateStep: Int, CaseIterable, Sendable, Comparable {
    case dataCenter = 1, image, size, access, network, details, review

    public static func < (a: CreateStep, b: CreateStep) -> Bool { a.rawValue < b.rawValue }

    public var title: String {
        switch self {
        case .dataCenter: return "Data center"
        case .image: return "Image"
        case .size: return "Size"
        case .access: return "Access"
        case .network: return "Network"
        case .details: return "Details"
        case .review: return "Review"
        }
    }

    /// The create-body fields this step edits.
    public var fields: [CreateVMField] {
        switch self {
        case .dataCenter: return [.datacenterId]
        case .image: return [.imageId]
        case .size: return [.skuId]
        case .access: return [.authMethod, .sshKeyId, .password, .username]
        case .network: return [.networkInterfaces, .subnetId, .allocatePublicIp]
        case .details: return [.name, .numberOfInstances, .resourceGroupId]
        case .review: return [.configurationId]
        }
    }

    /// The step where `field` is edited (server issues jump there).
    public static func step(for field: CreateVMField) -> CreateStep {
        allCases.first { $0.fields.contains(field) } ?? .review
    }

    public var next: CreateStep? { CreateStep(rawValue: rawValue + 1) }
    public var previous: CreateStep? { CreateStep(rawValue: rawValue - 1) }
}
