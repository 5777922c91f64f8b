import Foundation
import GPCNCore

/// The create-body rules that depend on the account's networking world (docs/api.md §2.11).
///
/// VPC account, checked before anything else, in this order:
/// 1. a legacy body — `networkInterfaces` or `allocatePublicIp` present, or no `subnetId` (it
///    would land on the legacy default network) — is `403 LEGACY_NETWORKING_CUT_OVER`;
/// 2. any key outside `allowedKeys` is `400` "Bad Request" with one issue per key
///    (`path` = the key, "Unrecognized key"); `numberOfInstances` is one of them: one VM per create.
/// Then the usual validation runs, plus the subnet and public-IP rules (`CreateValidator`).
///
/// Legacy account: `subnetId`, `acquirePublicIp` and `publicIpId` are `400` issues on their path,
/// like the retired `configurationId`; other unknown keys are ignored, as they always were there.
enum VPCCreateRules {
    /// The strict key set of a VPC-world create.
    static let allowedKeys: Set<String> = ["authMethod", "datacenterId", "imageId", "name", "skuId", "subnetId", "sshKeyId",
                                           "username", "password", "resourceGroupId", "acquirePublicIp", "publicIpId"]
    /// Keys only the legacy body has.
    static let legacyKeys = ["networkInterfaces", "allocatePublicIp"]
    /// Keys only the VPC body has.
    static let vpcKeys = ["subnetId", "acquirePublicIp", "publicIpId"]

    /// The refusal a VPC account gives before looking at the values, or nil.
    static func gate(_ o: [String: JSONValue]) -> CreateValidationFailure? {
        let noSubnet: Bool
        switch o["subnetId"] {
        case nil, .null?: noSubnet = true
        default: noSubnet = false
        }
        if noSubnet || legacyKeys.contains(where: { o[$0] != nil }) {
            return CreateValidationFailure(status: 403, issues: [], code: "LEGACY_NETWORKING_CUT_OVER",
                                           message: "This account has moved to VPC networking.")
        }
        let unknown = o.keys.filter { !allowedKeys.contains($0) }.sorted()
        guard !unknown.isEmpty else { return nil }
        return CreateValidationFailure(status: 400, issues: unknown.map { key in
            FieldIssue(path: key, message: key == "numberOfInstances"
                ? "Unrecognized key (a VPC account creates one VM per request)" : "Unrecognized key")
        })
    }

    /// Issues for VPC-only keys sent in a legacy account.
    static func legacyAccountIssues(_ o: [String: JSONValue]) -> [FieldIssue] {
        vpcKeys.filter { o[$0] != nil }.map { key in
            FieldIssue(path: key, message: "This account uses legacy networks; \(key) is not accepted (send networkInterfaces and allocatePublicIp)")
        }
    }

    /// Why `subnet` cannot take a VM created in `dataCenter`, or nil when it can.
    static func subnetProblem(_ subnet: SimulatorSubnet?, vpc: SimulatorVPC?, dataCenter: DataCenter?,
                              catalog: SimulatorCatalog) -> String? {
        guard let subnet, let vpc else { return "Subnet not found" }
        if let dataCenter, vpc.dataCenterId != dataCenter.id {
            let other = catalog.dcEntries[vpc.dataCenterId]?.dc.name ?? vpc.dataCenterId
            return "Subnet \(subnet.name) belongs to VPC \(vpc.name) in data center \(other), not in \(dataCenter.name ?? dataCenter.id); choose a subnet of the VM's data center"
        }
        if !subnet.isReady {
            return "Subnet \(subnet.name) is not ready (state: \(subnet.state)); only a ready subnet can take a virtual machine"
        }
        return nil
    }
}
