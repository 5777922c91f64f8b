import Foundation
import GPCNCore

/// The simulator's fixed, in-memory catalog: data centers, images, sizes, SSH keys, networks and
/// resource groups. Ids are derived from stable names (not from the configuration's `seed`), so
/// they are the same in every run and can be quoted in tests and documentation.
public struct SimulatorCatalog: Sendable {
    /// Image categories as the API numbers them.
    enum Category: Int, CaseIterable, Sendable {
        case linux = 1, windows = 2, networkSecurity = 3, custom = 4
        var name: String {
            switch self {
            case .linux: return "Linux"
            case .windows: return "Windows"
            case .networkSecurity: return "Network/Security"
            case .custom: return "Custom"
            }
        }
    }

    struct ImageEntry: Sendable {
        var image: VMImage
        var category: Category
        var customizations: ImageCustomizations { image.customizations }
    }

    struct SizeEntry: Sendable {
        var size: VMSize
        var categoryCode: String
    }

    struct DataCenterEntry: Sendable {
        var dc: DataCenter
        /// Image ids offered here, in display order.
        var imageIds: [String]
        /// SKU ids offered here with availability.
        var sizes: [(skuId: String, available: Bool, reason: String?)]
    }

    /// The tenant all catalog resources belong to.
    public let entityId: String
    public let dataCenters: [DataCenter]
    public let sshKeys: [SSHKey]
    /// The predefined networks (the lazily created `default-network`s are not among them).
    public let networks: [Network]
    public let resourceGroups: [ResourceGroup]
    /// `meta.constraints.usernames` of the images endpoint (compared case-insensitively).
    public let reservedUsernames: [String]
    /// The VPCs and subnets a VPC-era account has (`SimulatorConfiguration.vpc`); see `VPCCatalog`.
    public let vpcWorld: VPCCatalog

    let dcEntries: [String: DataCenterEntry]
    let imagesById: [String: ImageEntry]
    let sizesById: [String: SizeEntry]
    let sizeCategoryOrder: [(code: String, name: String)]

    // MARK: Public look-ups

    /// The image categories a data center offers (empty for an unknown id).
    public func imageCategories(dataCenterId: String) -> [ImageCategory] {
        guard let entry = dcEntries[dataCenterId] else { return [] }
        return Category.allCases.compactMap { cat in
            let images = entry.imageIds.compactMap { imagesById[$0] }.filter { $0.category == cat }.map(\.image)
            return images.isEmpty ? nil : ImageCategory(id: cat.rawValue, name: cat.name, sortOrder: cat.rawValue, images: images)
        }
    }

    /// The sizes a data center offers, with availability (nil for an unknown id).
    public func sizeCatalog(dataCenterId: String) -> SizeCatalog? {
        guard let entry = dcEntries[dataCenterId] else { return nil }
        var cats: [SizeCategory] = []
        for (code, name) in sizeCategoryOrder {
            let sizes: [VMSize] = entry.sizes.compactMap { s in
                guard let e = sizesById[s.skuId], e.categoryCode == code else { return nil }
                var size = e.size
                size.available = s.available
                size.unavailableReason = s.available ? nil : s.reason
                return size
            }
            if !sizes.isEmpty { cats.append(SizeCategory(code: code, name: name, sizes: sizes)) }
        }
        return SizeCatalog(datacenterId: dataCenterId, categories: cats)
    }

    /// A data center by exact name or code, case-insensitively ("Chicago", "chi-1").
    public func dataCenter(named name: String) -> DataCenter? {
        dataCenters.first { $0.name?.lowercased() == name.lowercased() || $0.code?.lowercased() == name.lowercased() }
    }

    /// An image by name within a data center.
    public func image(named name: String, in dataCenterId: String) -> VMImage? {
        imageCategories(dataCenterId: dataCenterId).flatMap(\.images).first { $0.name?.lowercased() == name.lowercased() }
    }

    /// A size by name ("G-Micro-1") within a data center.
    public func size(named name: String, in dataCenterId: String) -> VMSize? {
        sizeCatalog(dataCenterId: dataCenterId)?.allSizes.first { $0.name?.lowercased() == name.lowercased() }
    }

    /// A predefined network by name within a data center.
    public func network(named name: String, in dataCenterId: String) -> Network? {
        networks.first { $0.datacenter?.id == dataCenterId && $0.name?.lowercased() == name.lowercased() }
    }

    public func sshKey(named name: String) -> SSHKey? { sshKeys.first { $0.name?.lowercased() == name.lowercased() } }
    public func resourceGroup(named name: String) -> ResourceGroup? {
        resourceGroups.first { $0.name?.lowercased() == name.lowercased() }
    }

    /// The key marked `isDefault`.
    public var defaultSSHKey: SSHKey? { sshKeys.first { $0.isDefault == true } }

    /// The id the lazily created `default-network` of a data center gets.
    public static func defaultNetworkId(dataCenterId: String) -> String {
        StableID.uuid("default-network:" + dataCenterId)
    }

    func embedded(_ dcId: String) -> EmbeddedDataCenter? {
        guard let dc = dcEntries[dcId]?.dc else { return nil }
        return EmbeddedDataCenter(id: dc.id, name: dc.name, region: dc.regionName, countryAbbr: dc.countryAbbreviation,
                                  country: dc.countryName)
    }

    // MARK: The standard catalog

    /// The catalog every simulator serves.
    public static let standard = SimulatorCatalog.build()

    private static func build() -> SimulatorCatalog {
        let entity = StableID.uuid("entity:demo-tenant")

        // --- Images (ids are global; each data center offers a subset) ---
        let full = ImageCustomizations(sshKey: true, password: true, username: true)
        let winOnly = ImageCustomizations(password: true)
        var images: [ImageEntry] = []
        func img(_ key: String, _ name: String, _ cat: Category, type: String, _ c: ImageCustomizations,
                 user: String?, _ description: String) -> String {
            let id = StableID.uuid("image:" + key)
            images.append(ImageEntry(image: VMImage(id: id, name: name, description: description, username: user,
                                                    config: ImageConfig(type: type, customizations: c)),
                                     category: cat))
            return id
        }
        let ubuntu24 = img("ubuntu-24.04", "Ubuntu 24.04 LTS", .linux, type: "cloud-init", full, user: "ubuntu",
                           "Ubuntu Server 24.04 LTS (Noble Numbat), minimal cloud image")
        let ubuntu22 = img("ubuntu-22.04", "Ubuntu 22.04 LTS", .linux, type: "cloud-init", full, user: "ubuntu",
                           "Ubuntu Server 22.04 LTS (Jammy Jellyfish)")
        let debian12 = img("debian-12", "Debian 12", .linux, type: "cloud-init", full, user: "debian",
                           "Debian 12 (bookworm) generic cloud image")
        let alma8 = img("alma-8", "Alma Linux 8.x", .linux, type: "cloud-init", full, user: "almalinux",
                        "AlmaLinux OS 8, latest minor release")
        let alma9 = img("alma-9", "Alma Linux 9.x", .linux, type: "cloud-init", full, user: "almalinux",
                        "AlmaLinux OS 9, latest minor release")
        let rocky9 = img("rocky-9", "Rocky Linux 9", .linux, type: "cloud-init", full, user: "rocky",
                         "Rocky Linux 9 generic cloud image")
        let win2022 = img("windows-2022", "Windows 2022 Standard", .windows, type: "cloudbase-init", winOnly,
                          user: "Administrator", "Windows Server 2022 Standard, license included")
        let win2019 = img("windows-2019", "Windows 2019 Standard", .windows, type: "cloudbase-init", winOnly,
                          user: "Administrator", "Windows Server 2019 Standard, license included")
        let opnsense = img("opnsense-24.7", "OPNsense 24.7", .networkSecurity, type: "none", .none, user: nil,
                           "Firewall appliance; fixed initial credentials, change them in the web UI")
        let vyos = img("vyos-1.4", "VyOS 1.4 LTS", .networkSecurity, type: "cloud-init",
                       ImageCustomizations(sshKey: true, password: true), user: "vyos", "Router appliance")
        // Custom images are tenant uploads, so each data center has its own copies (own ids).
        func customImages(_ dcKey: String) -> [String] {
            [img("fedora-43:" + dcKey, "Fedora 43", .custom, type: "cloud-init",
                 ImageCustomizations(sshKey: true, password: true, username: false), user: "fedora",
                 "Uploaded qcow2; default user only (no username customization)"),
             img("erp-appliance:" + dcKey, "Legacy ERP Appliance", .custom, type: "none", .none, user: nil,
                 "Uploaded ISO-installed appliance without cloud-init")]
        }
        let linux = [ubuntu24, ubuntu22, debian12, alma8, alma9, rocky9]
        let windows = [win2022, win2019]
        let appliances = [opnsense, vyos]

        // --- Sizes (ids are global; availability per data center) ---
        var sizes: [SizeEntry] = []
        func sku(_ name: String, _ code: String, _ cat: String, cpu: Int, ram: Int, disk: Int) -> String {
            let id = StableID.uuid("sku:" + name)
            // USD: 0.0078 per vCPU-hour + 0.0039 per GB-hour (G-Micro-1 = 0.0312, as in A-5).
            let hourlyRounded = ((Double(cpu) * 0.0078 + Double(ram) * 0.0039) * 10_000).rounded() / 10_000
            let monthly = (hourlyRounded * 730 * 100).rounded() / 100
            sizes.append(SizeEntry(size: VMSize(skuId: id, name: name, skuCode: code, cpu: cpu, ram: ram, disk: disk,
                                                pricePerHour: hourlyRounded, pricePerMonth: monthly, currency: "USD",
                                                available: true),
                                   categoryCode: cat))
            return id
        }
        let gMicro = sku("G-Micro-1", "vm-gen-micro-1", "general-purpose", cpu: 2, ram: 4, disk: 50)
        let gSmall = sku("G-Small-1", "vm-gen-small-1", "general-purpose", cpu: 4, ram: 8, disk: 100)
        let gMedium = sku("G-Medium-1", "vm-gen-medium-1", "general-purpose", cpu: 8, ram: 16, disk: 200)
        let gLarge = sku("G-Large-1", "vm-gen-large-1", "general-purpose", cpu: 16, ram: 32, disk: 400)
        let mMicro = sku("M-Micro-1", "vm-mem-micro-1", "memory-optimized", cpu: 2, ram: 8, disk: 50)
        let mSmall = sku("M-Small-1", "vm-mem-small-1", "memory-optimized", cpu: 4, ram: 16, disk: 100)
        let mMedium = sku("M-Medium-1", "vm-mem-medium-1", "memory-optimized", cpu: 8, ram: 32, disk: 200)
        let general = [gMicro, gSmall, gMedium, gLarge]
        let memory = [mMicro, mSmall, mMedium]

        // --- Data centers ---
        struct DCSpec {
            var key, name, code: String
            var regionId: Int; var region: String
            var countryId, country, abbr, continentCode, continent: String
            var gpu, customImages, vpc, l2: Bool
            var windows: Bool
            var memorySizes: Bool
            var unavailable: [String: String]
        }
        let specs: [DCSpec] = [
            DCSpec(key: "chicago", name: "Chicago", code: "CHI-1", regionId: 1, region: "Central", countryId: "1",
                   country: "United States", abbr: "US", continentCode: "NA", continent: "North America",
                   gpu: true, customImages: true, vpc: true, l2: true, windows: true, memorySizes: true,
                   unavailable: [mMedium: "Sold out in this data center; new capacity expected next week"]),
            DCSpec(key: "kansas", name: "Kansas", code: "KSC-1", regionId: 1, region: "Central", countryId: "1",
                   country: "United States", abbr: "US", continentCode: "NA", continent: "North America",
                   gpu: false, customImages: true, vpc: false, l2: false, windows: true, memorySizes: true,
                   unavailable: [:]),
            DCSpec(key: "new-york", name: "New York", code: "NYC-1", regionId: 2, region: "East", countryId: "1",
                   country: "United States", abbr: "US", continentCode: "NA", continent: "North America",
                   gpu: false, customImages: true, vpc: true, l2: true, windows: true, memorySizes: true,
                   unavailable: [:]),
            DCSpec(key: "frankfurt", name: "Frankfurt", code: "FRA-1", regionId: 4, region: "Europe", countryId: "49",
                   country: "Germany", abbr: "DE", continentCode: "EU", continent: "Europe",
                   gpu: true, customImages: true, vpc: true, l2: true, windows: true, memorySizes: true,
                   unavailable: [gLarge: "Temporarily unavailable: hardware maintenance"]),
            DCSpec(key: "tokyo", name: "東京 Tokyo", code: "NRT-1", regionId: 5, region: "Asia Pacific", countryId: "81",
                   country: "Japan", abbr: "JP", continentCode: "AS", continent: "Asia",
                   gpu: false, customImages: true, vpc: false, l2: true, windows: false, memorySizes: true,
                   unavailable: [:]),
            DCSpec(key: "sao-paulo", name: "São Paulo", code: "GRU-1", regionId: 6, region: "South America",
                   countryId: "55", country: "Brazil", abbr: "BR", continentCode: "SA", continent: "South America",
                   gpu: false, customImages: false, vpc: false, l2: false, windows: true, memorySizes: false,
                   unavailable: [:]),
            // Names with diacritics, so the list filter's folding can be tried (`/zur`, `/krakow`).
            DCSpec(key: "zurich", name: "Zürich", code: "ZRH-1", regionId: 4, region: "Europe", countryId: "41",
                   country: "Switzerland", abbr: "CH", continentCode: "EU", continent: "Europe",
                   gpu: false, customImages: true, vpc: true, l2: true, windows: true, memorySizes: true,
                   unavailable: [:]),
            DCSpec(key: "krakow", name: "Kraków", code: "KRK-1", regionId: 4, region: "Europe", countryId: "48",
                   country: "Poland", abbr: "PL", continentCode: "EU", continent: "Europe",
                   gpu: false, customImages: false, vpc: false, l2: false, windows: true, memorySizes: true,
                   unavailable: [:]),
            DCSpec(key: "montreal", name: "Montréal", code: "YUL-1", regionId: 7, region: "Canada East", countryId: "124",
                   country: "Canada", abbr: "CA", continentCode: "NA", continent: "North America",
                   gpu: false, customImages: true, vpc: true, l2: false, windows: true, memorySizes: true,
                   unavailable: [:]),
            DCSpec(key: "bogota", name: "Bogotá", code: "BOG-1", regionId: 6, region: "South America", countryId: "57",
                   country: "Colombia", abbr: "CO", continentCode: "SA", continent: "South America",
                   gpu: false, customImages: false, vpc: false, l2: false, windows: false, memorySizes: false,
                   unavailable: [:]),
        ]
        var dcs: [DataCenter] = []
        var entries: [String: DataCenterEntry] = [:]
        var idsByKey: [String: String] = [:]
        for s in specs {
            let id = StableID.uuid("dc:" + s.key)
            idsByKey[s.key] = id
            let dc = DataCenter(id: id, name: s.name, code: s.code, regionId: s.regionId, regionName: s.region,
                                countryId: s.countryId, countryName: s.country, countryAbbreviation: s.abbr,
                                continentCode: s.continentCode, continentName: s.continent, gpuEnabled: s.gpu,
                                customImages: s.customImages, vpcCapable: s.vpc, l2Capable: s.l2)
            dcs.append(dc)
            var imageIds = linux
            if s.windows { imageIds += windows }
            imageIds += appliances
            if s.customImages { imageIds += customImages(s.key) }
            let skus = general + (s.memorySizes ? memory : [])
            entries[id] = DataCenterEntry(dc: dc, imageIds: imageIds,
                                          sizes: skus.map { ($0, s.unavailable[$0] == nil, s.unavailable[$0]) })
        }

        // --- Networks (standard = L3, custom = L2) ---
        var networks: [Network] = []
        func net(_ dcKey: String, _ name: String, _ type: NetworkType, _ cidr: String, _ description: String, days: Int) {
            let dcId = idsByKey[dcKey]!
            let dc = entries[dcId]!.dc
            let gateway: String? = type == .standard ? cidr.replacingOccurrences(of: ".0/24", with: ".1") : nil
            networks.append(Network(
                id: StableID.uuid("network:\(dcKey):\(name)"), name: name, description: description,
                networkType: type.rawValue, cidrBlock: cidr, gatewayIp: gateway,
                datacenter: EmbeddedDataCenter(id: dc.id, name: dc.name, region: dc.regionName,
                                               countryAbbr: dc.countryAbbreviation, country: dc.countryName),
                isDefault: false, createdAt: Timestamp.catalog(daysBefore: days), updatedAt: Timestamp.catalog(daysBefore: days / 2)))
        }
        net("chicago", "prod-web", .standard, "10.10.0.0/24", "Public-facing web tier", days: 300)
        net("chicago", "prod-db", .standard, "10.11.0.0/24", "Database tier (no public IPs by policy)", days: 298)
        net("chicago", "staging", .standard, "10.20.0.0/24", "Staging environment", days: 200)
        net("chicago", "storage-l2", .custom, "192.168.50.0/24", "Layer-2 storage replication segment", days: 150)
        net("chicago", "backup-l2", .custom, "192.168.51.0/24", "Layer-2 backup segment", days: 90)
        net("kansas", "batch", .standard, "10.30.0.0/24", "Batch processing", days: 250)
        net("kansas", "analytics", .standard, "10.31.0.0/24", "Analytics cluster", days: 120)
        net("new-york", "edge", .standard, "10.40.0.0/24", "Edge proxies", days: 180)
        net("new-york", "backbone-l2", .custom, "192.168.70.0/24", "Cross-rack layer-2 backbone", days: 170)
        net("frankfurt", "eu-web", .standard, "10.50.0.0/24", "EU web tier (GDPR scope)", days: 160)
        net("frankfurt", "eu-private-l2", .custom, "192.168.80.0/24", "EU private layer-2 segment", days: 140)
        net("tokyo", "tokyo-web", .standard, "10.60.0.0/24", "東京 web tier", days: 100)
        net("tokyo", "tokyo-l2", .custom, "192.168.90.0/24", "Layer-2 segment for the 東京 cluster", days: 95)
        net("sao-paulo", "sp-web", .standard, "10.70.0.0/24", "São Paulo web tier", days: 60)

        // --- SSH keys ---
        var keys: [SSHKey] = []
        let keySpecs: [(String, String, Bool)] = [
            ("ops-laptop", "ed25519", true), ("ci-deploy", "ed25519", false), ("alice@workstation", "rsa-4096", false),
            ("bob@macbook", "ed25519", false), ("backup-server", "rsa-2048", false), ("jenkins", "rsa-4096", false),
            ("bastion", "ecdsa-p256", false), ("terraform", "ed25519", false), ("yubikey-5c", "ecdsa-p256", false),
            ("emergency-access", "rsa-4096", false), ("müller@büro", "ed25519", false), ("release-bot", "ed25519", false),
        ]
        for (i, (name, algo, isDefault)) in keySpecs.enumerated() {
            var g = SplitMix64(seed: Hashing.fnv1a("sshkey:" + name))
            let (publicKey, display) = SSHKeyMaterial.publicKey(algorithm: algo, comment: name, rng: &g)
            let fingerprint = "SHA256:" + SSHKeyMaterial.base64(g.bytes(32), padding: false)
            keys.append(SSHKey(id: StableID.uuid("sshkey:" + name), entityId: entity, name: name, publicKey: publicKey,
                               fingerprint: fingerprint, algorithm: algo, algorithmDisplayName: display,
                               isDefault: isDefault, createdAt: Timestamp.catalog(daysBefore: 400 - i * 25, seconds: i * 3_671),
                               updatedAt: Timestamp.catalog(daysBefore: 400 - i * 25, seconds: i * 3_671)))
        }

        // --- Resource groups ---
        let groups: [(String, String)] = [
            ("Production", "Customer-facing workloads"), ("Staging", "Pre-production copies of production"),
            ("Research & Development", "Experiments; may be deleted without notice"),
            ("Shared Services", "DNS, monitoring, CI runners"), ("Data Platform", "Databases, queues and analytics"),
        ]
        let rgs = groups.enumerated().map { i, g in
            ResourceGroup(id: StableID.uuid("resource-group:" + g.0), name: g.0, description: g.1,
                          createdAt: Timestamp.catalog(daysBefore: 500 - i * 40), updatedAt: Timestamp.catalog(daysBefore: 200 - i * 10))
        }

        return SimulatorCatalog(
            entityId: entity, dataCenters: dcs, sshKeys: keys, networks: networks, resourceGroups: rgs,
            reservedUsernames: ["root", "guest", "admin", "administrator", "bin", "daemon", "sys", "sync", "nobody",
                                "ubuntu", "centos", "debian", "operator", "games", "mail", "www-data"],
            vpcWorld: VPCCatalog.build(dataCenterIds: idsByKey),
            dcEntries: entries,
            imagesById: Dictionary(uniqueKeysWithValues: images.map { ($0.image.id, $0) }),
            sizesById: Dictionary(uniqueKeysWithValues: sizes.map { ($0.size.skuId, $0) }),
            sizeCategoryOrder: [("general-purpose", "General Purpose"), ("memory-optimized", "Memory Optimized")])
    }
}

/// Realistic-looking OpenSSH public keys (random bytes in the proper wire format; not usable keys).
enum SSHKeyMaterial {
    static func publicKey(algorithm: String, comment: String, rng: inout SplitMix64) -> (String, String) {
        var blob: [UInt8] = []
        func string(_ bytes: [UInt8]) {
            let n = UInt32(bytes.count)
            blob += [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)]
            blob += bytes
        }
        let type: String, display: String
        switch algorithm {
        case "rsa-4096", "rsa-2048":
            type = "ssh-rsa"
            display = algorithm == "rsa-4096" ? "RSA 4096" : "RSA 2048"
            string(Array(type.utf8))
            string([0x01, 0x00, 0x01])
            var modulus = rng.bytes(algorithm == "rsa-4096" ? 512 : 256)
            modulus[0] |= 0x80
            string([0x00] + modulus)
        case "ecdsa-p256":
            type = "ecdsa-sha2-nistp256"
            display = "ECDSA P-256"
            string(Array(type.utf8))
            string(Array("nistp256".utf8))
            string([0x04] + rng.bytes(64))
        default:
            type = "ssh-ed25519"
            display = "ED25519"
            string(Array(type.utf8))
            string(rng.bytes(32))
        }
        return ("\(type) \(base64(blob, padding: true)) \(comment)", display)
    }

    static func base64(_ bytes: [UInt8], padding: Bool) -> String {
        let s = Data(bytes).base64EncodedString()
        return padding ? s : String(s.reversed().drop(while: { $0 == "=" }).reversed())
    }
}
