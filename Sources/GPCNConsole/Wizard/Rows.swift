import GPCNCore
import TerminalUI

/// Catalog entries as list rows: what each column shows. Pure presentation (lazygit's
/// `presentation` layer): tested on its own, used by the wizard's lists.
enum Rows {
    static let noGroupID = "\u{1}none"

    static func dataCenters(_ dcs: [DataCenter]) -> [ListRow] {
        dcs.map { dc in
            var badges: [String] = []
            if dc.gpuEnabled == true { badges.append("GPU") }
            if dc.l2Capable == true { badges.append("L2") }
            if dc.vpcCapable == true { badges.append("VPC") }
            let place = [dc.regionName, dc.countryName ?? dc.countryAbbreviation].compactMap { $0 }.joined(separator: ", ")
            return .item(dc.id, [dc.displayName, dc.code ?? "", place, badges.joined(separator: " ")])
        }
    }

    /// Grouped by category (Linux, Windows, Network/Security, Custom) in the API's order.
    static func images(_ catalog: ImageCatalog) -> [ListRow] {
        let categories = catalog.categories.enumerated().sorted {
            ($0.element.sortOrder ?? Int.max, $0.offset) < ($1.element.sortOrder ?? Int.max, $1.offset)
        }.map(\.element)
        var rows: [ListRow] = []
        for category in categories where !category.images.isEmpty {
            rows.append(.header(category.name ?? "Other"))
            for image in category.images {
                rows.append(.item(image.id, [image.displayName, image.customizations.summary]))
            }
        }
        return rows
    }

    static func sizes(_ catalog: SizeCatalog) -> [ListRow] {
        var rows: [ListRow] = []
        for category in catalog.categories where !category.sizes.isEmpty {
            rows.append(.header(category.name ?? category.code ?? "Sizes"))
            for size in category.sizes {
                let columns = [size.displayName,
                               size.cpu.map { "\($0) vCPU" } ?? "",
                               size.ram.map { "\($0) GB RAM" } ?? "",
                               size.disk.map { "\($0) GB disk" } ?? "",
                               size.monthlyPriceText]
                rows.append(.item(size.skuId, columns,
                                  disabled: size.isAvailable ? nil : (size.unavailableReason ?? "not available now")))
            }
        }
        return rows
    }

    static func sshKeys(_ keys: [SSHKey]) -> [ListRow] {
        keys.map { key in
            .item(key.id, [key.displayName + (key.isDefault == true ? " (default)" : ""),
                           key.algorithmDisplayName ?? key.algorithm ?? "", key.fingerprint ?? ""])
        }
    }

    /// Row ids of VPC subnets in the network list (legacy network rows carry the network id).
    static let subnetPrefix = "subnet:"

    /// The network step's rows: a data center's VPC subnets (one is chosen, alone; a subnet that
    /// is not ready is shown with its state and cannot be chosen), then its legacy networks.
    static func networks(_ networks: [Network], subnets: [VPCSubnet] = []) -> [ListRow] {
        var rows: [ListRow] = []
        if !subnets.isEmpty {
            rows.append(.header("VPC subnets"))
            for s in subnets {
                rows.append(.item(subnetPrefix + s.id, [s.displayName, "VPC subnet" + (s.vpcName.map { " (\($0))" } ?? ""),
                                                        s.cidr ?? ""], disabled: s.notReadyReason))
            }
            if !networks.isEmpty { rows.append(.header("Legacy networks")) }
        }
        rows += networks.map { net in
            let type = net.type == .custom ? "custom L2" : (net.type == .standard ? "standard L3" : (net.networkType ?? ""))
            return .item(net.id, [net.displayName + (net.isDefault == true ? " (default)" : ""), type, net.cidrBlock ?? ""])
        }
        return rows
    }

    static func resourceGroups(_ groups: [ResourceGroup]) -> [ListRow] {
        [.item(noGroupID, ["(none)", "do not assign a resource group"])] +
            groups.map { .item($0.id, [$0.displayName, $0.description ?? ""]) }
    }
}
