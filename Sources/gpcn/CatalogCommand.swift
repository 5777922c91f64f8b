import ArgumentParser
import Foundation
import GPCNClient
import GPCNCore

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "List what the API offers: data centers, images, sizes, SSH keys, networks, resource groups, VPCs, subnets.",
        discussion: """
        Examples:
          gpcn catalog data-centers
          gpcn catalog images --datacenter Chicago
          gpcn catalog networks --datacenter "東京 Tokyo" --output json
          gpcn catalog subnets --datacenter Chicago      (VPC networking: what --subnet takes)
        """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case dataCenters = "data-centers"
        case images
        case sizes
        case sshKeys = "ssh-keys"
        case networks
        case resourceGroups = "resource-groups"
        case vpcs
        case subnets
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("What to list: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).",
                                 valueName: "kind"))
    var kind: Kind

    @Option(help: ArgumentHelp("Data center id or name (needed for images and sizes).", valueName: "id-or-name"))
    var datacenter: String?

    @Option(help: OutputFormat.help)
    var output: OutputFormat = .table

    func run() async throws {
        let text = try await Session.with(global) { session in
            try await listing(session.client)
        }
        Console.out(text)
    }

    func listing(_ api: some GPCNAPI) async throws -> String {
        switch kind {
        case .dataCenters:
            let items = try await api.dataCenters()
            return try render(items, headers: ["NAME", "CODE", "REGION", "COUNTRY", "FEATURES", "ID"]) { dc in
                [dc.displayName, dc.code ?? "", dc.regionName ?? "", dc.countryName ?? dc.countryAbbreviation ?? "",
                 Self.features(dc), dc.id]
            }
        case .images:
            let dc = try await resolveDataCenter(api, required: true)!
            let catalog = try await api.images(datacenterId: dc.id)
            let rows: [(String, VMImage)] = catalog.categories.flatMap { cat in cat.images.map { (cat.name ?? "", $0) } }
            return try render(rows.map(\.1), headers: ["CATEGORY", "NAME", "LOGIN", "ID"]) { image in
                let category = rows.first { $0.1.id == image.id }?.0 ?? ""
                return [category, image.displayName, image.customizations.summary, image.id]
            }
        case .sizes:
            let dc = try await resolveDataCenter(api, required: true)!
            let catalog = try await api.sizes(datacenterId: dc.id)
            let rows: [(String, VMSize)] = catalog.categories.flatMap { cat in cat.sizes.map { (cat.name ?? cat.code ?? "", $0) } }
            // Prices and availability are not documented: columns only for what the server sent.
            let priced = rows.contains { !$0.1.monthlyPriceText.isEmpty }
            let stated = rows.contains { $0.1.available != nil }
            let headers = ["CATEGORY", "NAME", "VCPU", "RAM", "DISK"] + (priced ? ["PRICE"] : []) + (stated ? ["STATE"] : []) + ["ID"]
            return try render(rows.map(\.1), headers: headers) { size in
                let category = rows.first { $0.1.skuId == size.skuId }?.0 ?? ""
                var cells: [String] = [category, size.displayName, size.cpu.map(String.init) ?? ""]
                cells.append(size.ram.map { "\($0) GB" } ?? "")
                cells.append(size.disk.map { "\($0) GB" } ?? "")
                if priced { cells.append(size.monthlyPriceText) }
                if stated { cells.append(size.isAvailable ? "available" : "unavailable: \(size.unavailableReason ?? "")") }
                cells.append(size.skuId)
                return cells
            }
        case .sshKeys:
            let items = try await api.sshKeys()
            return try render(items, headers: ["NAME", "ALGORITHM", "FINGERPRINT", "DEFAULT", "ID"]) { key in
                [key.displayName, key.algorithmDisplayName ?? key.algorithm ?? "", key.fingerprint ?? "",
                 key.isDefault == true ? "yes" : "", key.id]
            }
        case .networks:
            let dc = try await resolveDataCenter(api, required: false)
            let items = try await api.networks(datacenterId: dc?.id)
            return try render(items, headers: ["NAME", "TYPE", "CIDR", "DATA CENTER", "ID"]) { net in
                [net.displayName + (net.isDefault == true ? " (default)" : ""),
                 net.type == .custom ? "custom L2" : (net.networkType ?? ""), net.cidrBlock ?? "",
                 net.datacenter?.name ?? "", net.id]
            }
        case .resourceGroups:
            let items: [ResourceGroup]
            do { items = try await api.resourceGroups() } catch let e as APIError where e.status == 404 {
                throw Failure(code: Exit.api, message: "this server does not list resource groups (404; the list is not "
                              + "documented): give a resource group by id, --resource-group ID")
            }
            return try render(items, headers: ["NAME", "DESCRIPTION", "ID"]) { group in
                [group.displayName, group.description ?? "", group.id]
            }
        case .vpcs:
            let dc = try await resolveDataCenter(api, required: false)
            let items = try await listVPCs(api).filter { dc == nil || $0.datacenter?.id?.lowercased() == dc?.id.lowercased() }
            return try render(items, headers: ["NAME", "CIDR", "DATA CENTER", "STATUS", "ID"]) { vpc in
                [vpc.displayName, vpc.cidr ?? "", vpc.datacenter?.name ?? vpc.datacenter?.code ?? "", vpc.status ?? "", vpc.id]
            }
        case .subnets:
            let dc = try await resolveDataCenter(api, required: false)
            var items: [VPCSubnet] = []
            for vpc in try await listVPCs(api) where dc == nil || vpc.datacenter?.id?.lowercased() == dc?.id.lowercased() {
                items += try await api.subnets(of: vpc)
            }
            let names = Dictionary((try await api.dataCenters()).map { ($0.id.lowercased(), $0.displayName) },
                                   uniquingKeysWith: { a, _ in a })
            return try render(items, headers: ["NAME", "VPC", "CIDR", "DATA CENTER", "STATE", "ID"]) { s in
                [s.displayName, s.vpcName ?? s.vpcId ?? "", s.cidr ?? "", s.datacenterId.flatMap { names[$0.lowercased()] } ?? "",
                 s.notReadyReason ?? "ready", s.id]
            }
        }
    }

    /// `GET /resource/vpcs`, whose 404 (the list is not documented) is said as what to do instead.
    private func listVPCs(_ api: some GPCNAPI) async throws -> [VPC] {
        do { return try await api.vpcs() } catch let e as APIError where e.status == 404 {
            throw Failure(code: Exit.api, message: "this server does not list VPCs (404; the list is not documented): "
                          + "give a subnet by id, gpcn create --subnet ID")
        }
    }

    private func render<T: Encodable>(_ items: [T], headers: [String], row: (T) -> [String]) throws -> String {
        switch output {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(items), as: UTF8.self) + "\n"
        case .table:
            return TextTable(headers: headers, rows: items.map(row)).render()
        }
    }

    private func resolveDataCenter(_ api: some GPCNAPI, required: Bool) async throws -> DataCenter? {
        guard let datacenter else {
            if required {
                let names = (try? await api.dataCenters())?.map(\.displayName) ?? []
                throw Failure(code: Exit.usage, message: "\(kind.rawValue) belong to a data center: add --datacenter NAME"
                              + (names.isEmpty ? "" : " (one of: \(names.joined(separator: ", ")))"))
            }
            return nil
        }
        return try resolve(datacenter, in: try await api.dataCenters(), what: "data center",
                           id: \.id, names: { [$0.name, $0.code].compactMap { $0 } })
    }

    static func features(_ dc: DataCenter) -> String {
        var f: [String] = []
        if dc.gpuEnabled == true { f.append("GPU") }
        if dc.l2Capable == true { f.append("L2") }
        if dc.vpcCapable == true { f.append("VPC") }
        return f.joined(separator: " ")
    }

}

/// Resolves an id or name, or fails with a message that lists the close matches.
func resolve<T>(_ query: String, in items: [T], what: String, id: (T) -> String,
                names: (T) -> [String]) throws -> T {
    switch NameResolution.resolve(query, in: items, id: id, names: names) {
    case .found(let item):
        return item
    case .ambiguous(let matches):
        let list = matches.prefix(8).map { names($0).first ?? id($0) }.joined(separator: ", ")
        throw Failure(code: Exit.usage, message: "\(what) '\(query)' is ambiguous: it matches \(list); give more of the name or the id")
    case .notFound(let suggestions):
        let all = items.map { names($0).first ?? id($0) }
        let hint = !suggestions.isEmpty
            ? "; did you mean \(suggestions.map { "'\(names($0).first ?? id($0))'" }.joined(separator: " or "))?"
            : all.count <= 12 ? " (one of: \(all.joined(separator: ", ")))"
            : " (there are \(items.count); see gpcn catalog)"
        throw Failure(code: Exit.usage, message: "no \(what) '\(query)'\(hint)")
    }
}
