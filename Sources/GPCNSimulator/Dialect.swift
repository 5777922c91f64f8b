import Foundation
import GPCNCore

/// How much the simulator tells a client.
///
/// - `rich`: everything gpcn assumes (docs/api.md §4): image customizations and reserved
///   usernames, prices and availability, `isDefault`, the resource-group list, `X-RateLimit-*`
///   headers, VM primary addresses on the single GET. The default, and what `gpcn --demo` uses.
/// - `minimal`: only what docs/api.md documents with a source: images as `{id, name}`, sizes
///   without price or availability, networks without `isDefault`, no resource-group list, no
///   rate-limit headers and a long window, `401` in shape B, the single VM GET without
///   `primaryPrivateIp`/`primaryPublicIp`. Creates still follow each image's real rules.
public enum SimulatorDialect: String, Sendable, CaseIterable, Codable {
    case rich, minimal

    /// Every difference between the dialects, in one place.
    var rules: DialectRules {
        switch self {
        case .rich:
            return DialectRules(imageDetails: true, sizeCommerce: true, capacityConflictOnCreate: false,
                                defaultNetworkFlag: true, resourceGroupList: true, rateLimitHeaders: true,
                                defaultRateLimitWindowSeconds: 60, unauthorized: Errors.unauthorized,
                                vmDetail: .rich, vmListItem: .rich, privateIpFromCreate: true)
        case .minimal:
            return DialectRules(imageDetails: false, sizeCommerce: false, capacityConflictOnCreate: true,
                                defaultNetworkFlag: false, resourceGroupList: false, rateLimitHeaders: false,
                                defaultRateLimitWindowSeconds: 900, unauthorized: Errors.unauthorizedShapeB,
                                vmDetail: .documentedDetail, vmListItem: .documentedListItem,
                                privateIpFromCreate: false)
        }
    }
}

/// What one dialect serves (see `SimulatorDialect`).
struct DialectRules: Sendable {
    /// Images carry `description`, `username` and `config.customizations`, and the images
    /// answer carries `meta.constraints.usernames`. Otherwise images are `{id, name}`.
    var imageDetails: Bool
    /// Sizes carry `pricePerHour`, `pricePerMonth`, `currency`, `available`, `unavailableReason`.
    var sizeCommerce: Bool
    /// A create on a size without capacity is a `409` "Conflict" (issue on `skuId`) once the body is
    /// otherwise valid, instead of one more `400` issue. The minimal dialect cannot say "sold out"
    /// before the create, so it says it at the create, as a real backend would.
    var capacityConflictOnCreate: Bool
    /// Networks carry `isDefault`.
    var defaultNetworkFlag: Bool
    /// `GET /resource-groups` exists; otherwise it is `404` shape D.
    var resourceGroupList: Bool
    /// `X-RateLimit-Limit/Remaining/Reset` on every `/v1` answer (docs/api.md §1.7).
    var rateLimitHeaders: Bool
    /// The rate limiter's window unless `SimulatorConfiguration.rateLimitWindowSeconds` is set.
    var defaultRateLimitWindowSeconds: Int
    /// The answer to a missing or wrong API key.
    var unauthorized: SimResponse
    /// Which fields a VM shows on `GET /resource/virtual-machines/{id}` and in the list.
    var vmDetail: VMShape
    var vmListItem: VMShape
    /// A VM shows its (reserved) private address from the create answer on; otherwise only once
    /// its job reaches `provisioning`, as `…/network-interfaces` does in both dialects.
    var privateIpFromCreate: Bool
}

/// The fields of a VM answer (docs/api.md §2.9).
enum VMShape: Sendable {
    /// Everything the simulator knows, on the single GET and in the list alike.
    case rich
    /// The documented flat `data` of the single GET: no primary addresses, no `imageName`,
    /// `authMethod` or `networkInterfaces`.
    case documentedDetail
    /// The documented list item: `id, name, status, createdAt, updatedAt, configuration,
    /// datacenter, imageName, primaryPrivateIp, primaryPublicIp`.
    case documentedListItem
}

extension SimulatorConfiguration {
    var rules: DialectRules { dialect.rules }

    /// Whether this simulator serves `route` at all; a route it does not serve is answered like an
    /// unknown one (`404` shape D) and counted as "unmatched".
    func serves(_ route: Route) -> Bool {
        switch route {
        case .resourceGroups: return rules.resourceGroupList
        case .listVPCs: return vpcListing
        default: return true
        }
    }
}
