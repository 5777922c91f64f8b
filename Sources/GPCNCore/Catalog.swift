// Catalog entities the wizard chooses from (docs/api.md §2.1–§2.6). Everything but ids is
// optional: the provider's fixtures show the live API omitting most fields at times.

/// `GET /resource/data-centers` item.
public struct DataCenter: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String?
    public var code: String?
    public var regionId: Int?
    public var regionName: String?
    public var countryId: String?
    public var countryName: String?
    public var countryAbbreviation: String?
    public var continentCode: String?
    public var continentName: String?
    public var gpuEnabled: Bool?
    public var customImages: Bool?
    public var vpcCapable: Bool?
    public var l2Capable: Bool?

    public init(id: String, name: String? = nil, code: String? = nil, regionId: Int? = nil,
                regionName: String? = nil, countryId: String? = nil, countryName: String? = nil,
                countryAbbreviation: String? = nil, continentCode: String? = nil,
                continentName: String? = nil, gpuEnabled: Bool? = nil, customImages: Bool? = nil,
                vpcCapable: Bool? = nil, l2Capable: Bool? = nil) {
        self.id = id; self.name = name; self.code = code; self.regionId = regionId
        self.regionName = regionName; self.countryId = countryId; self.countryName = countryName
        self.countryAbbreviation = countryAbbreviation; self.continentCode = continentCode
        self.continentName = continentName; self.gpuEnabled = gpuEnabled
        self.customImages = customImages; self.vpcCapable = vpcCapable; self.l2Capable = l2Capable
    }

    enum CodingKeys: String, CodingKey {
        case id, name, code, regionId, regionName, countryId, countryName, countryAbbreviation
        case continentCode, continentName, gpuEnabled, customImages, vpcCapable, l2Capable
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lenientString(.id) else {
            throw DecodingError.keyNotFound(CodingKeys.id, .init(codingPath: c.codingPath, debugDescription: "data center without id"))
        }
        self.id = id
        name = c.lenientString(.name); code = c.lenientString(.code); regionId = c.lenientInt(.regionId)
        regionName = c.lenientString(.regionName); countryId = c.lenientString(.countryId)
        countryName = c.lenientString(.countryName); countryAbbreviation = c.lenientString(.countryAbbreviation)
        continentCode = c.lenientString(.continentCode); continentName = c.lenientString(.continentName)
        gpuEnabled = c.lenientBool(.gpuEnabled); customImages = c.lenientBool(.customImages)
        vpcCapable = c.lenientBool(.vpcCapable); l2Capable = c.lenientBool(.l2Capable)
    }

    public var displayName: String { name ?? code ?? id }
}

/// Which customizations an image accepts (docs/api.md §4 A-3). The API may send an object of
/// booleans or an array of names; both decode to this. The reference's own image examples carry
/// only `id` and `name`: an image that does not say is `unknown`, which offers every login and
/// lets the server decide (docs/api.md, "When the server does not say").
public struct ImageCustomizations: Codable, Sendable, Equatable {
    public var sshKey: Bool
    public var password: Bool
    public var username: Bool
    /// False when the server sent no `config.customizations`: nothing is known, so nothing is
    /// refused on our side.
    public var isKnown: Bool

    public init(sshKey: Bool = false, password: Bool = false, username: Bool = false, isKnown: Bool = true) {
        self.sshKey = sshKey; self.password = password; self.username = username; self.isKnown = isKnown
    }

    public static let none = ImageCustomizations()
    /// What an image that does not list its customizations is taken to accept: any login, a
    /// username too; the server's 400/422 names the field it refuses.
    public static let unknown = ImageCustomizations(sshKey: true, password: true, username: true, isKnown: false)

    enum CodingKeys: String, CodingKey { case sshKey, password, username }

    public init(from decoder: any Decoder) throws {
        if let names = try? decoder.singleValueContainer().decode([String].self) {
            let set = Set(names.map { $0.lowercased() })
            sshKey = set.contains("sshkey") || set.contains("ssh-key") || set.contains("ssh_key")
            password = set.contains("password")
            username = set.contains("username")
            isKnown = true
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sshKey = c.lenientBool(.sshKey) ?? false
        password = c.lenientBool(.password) ?? false
        username = c.lenientBool(.username) ?? false
        isKnown = true
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sshKey, forKey: .sshKey); try c.encode(password, forKey: .password)
        try c.encode(username, forKey: .username)
    }

    /// Auth methods the create body may carry for this image (empty: send no `authMethod`). An
    /// image that does not say is offered all three, `custom` ("the image's own login", for
    /// appliances) last.
    public var authMethods: [AuthMethod] {
        var m: [AuthMethod] = []
        if sshKey { m.append(.sshKey) }
        if password { m.append(.password) }
        if !isKnown { m.append(.custom) }
        return m
    }

    public var acceptsAuth: Bool { sshKey || password }

    /// Said where the login is chosen for an image that does not list its customizations.
    public static let unknownLoginNote = "The server does not say which logins this image takes: it checks them on create."

    /// The image's logins in a list column ("ssh key / password, username"); the same words in
    /// the wizard, the accessible flow and `gpcn catalog images`.
    public var summary: String {
        guard isKnown else { return "not stated (the server decides)" }
        var parts: [String] = []
        if sshKey { parts.append("ssh key") }
        if password { parts.append("password") }
        if parts.isEmpty { return "fixed login" }
        return parts.joined(separator: " / ") + (username ? ", username" : "")
    }
}

public struct ImageConfig: Codable, Sendable, Equatable {
    public var type: String?
    public var customizations: ImageCustomizations?

    public init(type: String? = nil, customizations: ImageCustomizations? = nil) {
        self.type = type; self.customizations = customizations
    }

    enum CodingKeys: String, CodingKey { case type, customizations }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = c.lenientString(.type)
        customizations = try? c.decodeIfPresent(ImageCustomizations.self, forKey: .customizations)
    }
}

public struct VMImage: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String?
    public var description: String?
    /// The image's default login user, when the API says.
    public var username: String?
    public var config: ImageConfig?

    public init(id: String, name: String? = nil, description: String? = nil, username: String? = nil,
                config: ImageConfig? = nil) {
        self.id = id; self.name = name; self.description = description
        self.username = username; self.config = config
    }

    enum CodingKeys: String, CodingKey { case id, name, description, username, config }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lenientString(.id) else {
            throw DecodingError.keyNotFound(CodingKeys.id, .init(codingPath: c.codingPath, debugDescription: "image without id"))
        }
        self.id = id
        name = c.lenientString(.name); description = c.lenientString(.description)
        username = c.lenientString(.username)
        config = try? c.decodeIfPresent(ImageConfig.self, forKey: .config)
    }

    public var displayName: String { name ?? id }
    /// No `config.customizations` at all means the server did not say: `unknown`, never "none".
    public var customizations: ImageCustomizations { config?.customizations ?? .unknown }
}

public struct ImageCategory: Codable, Sendable, Equatable {
    public var id: Int?
    public var name: String?
    public var sortOrder: Int?
    public var images: [VMImage]

    public init(id: Int? = nil, name: String? = nil, sortOrder: Int? = nil, images: [VMImage]) {
        self.id = id; self.name = name; self.sortOrder = sortOrder; self.images = images
    }

    enum CodingKeys: String, CodingKey { case id, name, sortOrder, images }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenientInt(.id); name = c.lenientString(.name); sortOrder = c.lenientInt(.sortOrder)
        images = c.lenientArray(VMImage.self, .images) ?? []
    }
}

/// The images of one data center plus the reserved usernames from the response `meta`.
public struct ImageCatalog: Sendable, Equatable {
    public var categories: [ImageCategory]
    public var reservedUsernames: [String]

    public init(categories: [ImageCategory], reservedUsernames: [String]) {
        self.categories = categories; self.reservedUsernames = reservedUsernames
    }

    /// Reads `meta.constraints.usernames` as an array, or as `{ "reserved": [...] }` (A-4).
    public static func reservedUsernames(fromMeta meta: JSONValue?) -> [String] {
        guard let u = meta?["constraints"]?["usernames"] else { return [] }
        let list = u.arrayValue ?? u["reserved"]?.arrayValue ?? []
        return list.compactMap(\.stringValue)
    }

    public var allImages: [VMImage] { categories.flatMap(\.images) }

    public func image(id: String) -> VMImage? { allImages.first { $0.id == id } }
}

/// `GET /resource/data-centers/{id}/virtual-machine-sizes` item.
public struct VMSize: Codable, Sendable, Equatable, Identifiable {
    public var skuId: String
    public var name: String?
    public var skuCode: String?
    public var cpu: Int?
    public var ram: Int?
    public var disk: Int?
    public var pricePerHour: Double?
    public var pricePerMonth: Double?
    public var currency: String?
    public var available: Bool?
    /// Why a size cannot be chosen now (simulator extension; nil when available).
    public var unavailableReason: String?

    public var id: String { skuId }

    public init(skuId: String, name: String? = nil, skuCode: String? = nil, cpu: Int? = nil,
                ram: Int? = nil, disk: Int? = nil, pricePerHour: Double? = nil,
                pricePerMonth: Double? = nil, currency: String? = nil, available: Bool? = nil,
                unavailableReason: String? = nil) {
        self.skuId = skuId; self.name = name; self.skuCode = skuCode; self.cpu = cpu; self.ram = ram
        self.disk = disk; self.pricePerHour = pricePerHour; self.pricePerMonth = pricePerMonth
        self.currency = currency; self.available = available; self.unavailableReason = unavailableReason
    }

    enum CodingKeys: String, CodingKey {
        case skuId, name, skuCode, cpu, ram, disk, pricePerHour, pricePerMonth, currency, available
        case unavailableReason
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lenientString(.skuId) else {
            throw DecodingError.keyNotFound(CodingKeys.skuId, .init(codingPath: c.codingPath, debugDescription: "size without skuId"))
        }
        skuId = id
        name = c.lenientString(.name); skuCode = c.lenientString(.skuCode); cpu = c.lenientInt(.cpu)
        ram = c.lenientInt(.ram); disk = c.lenientInt(.disk); pricePerHour = Self.price(c.lenientDouble(.pricePerHour))
        pricePerMonth = Self.price(c.lenientDouble(.pricePerMonth)); currency = c.lenientString(.currency)
        available = c.lenientBool(.available); unavailableReason = c.lenientString(.unavailableReason)
    }

    public var displayName: String { name ?? skuCode ?? skuId }

    /// "$22.78/mo" (other currencies by code: "EUR 20.10/mo"); empty without a price.
    public var monthlyPriceText: String {
        guard let month = VMSize.price(pricePerMonth) else { return "" }
        let cents = Int((month * 100).rounded())
        let currency = currency ?? "USD"
        let symbol = currency == "USD" ? "$" : currency + " "
        return "\(symbol)\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)/mo"
    }

    /// A price worth showing: finite, not negative, not absurd (anything else is dropped, so no
    /// formatter ever sees NaN or 1e300).
    static func price(_ value: Double?) -> Double? {
        guard let value, value.isFinite, value >= 0, value < 1e9 else { return nil }
        return value
    }

    /// Absent `available` means available: only an explicit false disables a size.
    public var isAvailable: Bool { available != false }
}

public struct SizeCategory: Codable, Sendable, Equatable {
    public var code: String?
    public var name: String?
    public var sizes: [VMSize]

    public init(code: String? = nil, name: String? = nil, sizes: [VMSize]) {
        self.code = code; self.name = name; self.sizes = sizes
    }

    enum CodingKeys: String, CodingKey { case code, name, sizes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = c.lenientString(.code); name = c.lenientString(.name)
        sizes = c.lenientArray(VMSize.self, .sizes) ?? []
    }
}

public struct SizeCatalog: Codable, Sendable, Equatable {
    public var datacenterId: String?
    public var categories: [SizeCategory]

    public init(datacenterId: String? = nil, categories: [SizeCategory]) {
        self.datacenterId = datacenterId; self.categories = categories
    }

    enum CodingKeys: String, CodingKey { case datacenterId, categories }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        datacenterId = c.lenientString(.datacenterId)
        categories = c.lenientArray(SizeCategory.self, .categories) ?? []
    }

    public var allSizes: [VMSize] { categories.flatMap(\.sizes) }
    public func size(id: String) -> VMSize? { allSizes.first { $0.skuId == id } }
}

/// `GET /resource/ssh-keys` item (model `SshKey`).
public struct SSHKey: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var entityId: String?
    public var name: String?
    public var publicKey: String?
    public var fingerprint: String?
    public var algorithm: String?
    public var algorithmDisplayName: String?
    public var isDefault: Bool?
    public var createdAt: String?
    public var updatedAt: String?

    public init(id: String, entityId: String? = nil, name: String? = nil, publicKey: String? = nil,
                fingerprint: String? = nil, algorithm: String? = nil, algorithmDisplayName: String? = nil,
                isDefault: Bool? = nil, createdAt: String? = nil, updatedAt: String? = nil) {
        self.id = id; self.entityId = entityId; self.name = name; self.publicKey = publicKey
        self.fingerprint = fingerprint; self.algorithm = algorithm
        self.algorithmDisplayName = algorithmDisplayName; self.isDefault = isDefault
        self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, entityId, name, publicKey, fingerprint, algorithm, algorithmDisplayName, isDefault
        case createdAt, updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lenientString(.id) else {
            throw DecodingError.keyNotFound(CodingKeys.id, .init(codingPath: c.codingPath, debugDescription: "ssh key without id"))
        }
        self.id = id
        entityId = c.lenientString(.entityId); name = c.lenientString(.name)
        publicKey = c.lenientString(.publicKey); fingerprint = c.lenientString(.fingerprint)
        algorithm = c.lenientString(.algorithm); algorithmDisplayName = c.lenientString(.algorithmDisplayName)
        isDefault = c.lenientBool(.isDefault); createdAt = c.lenientString(.createdAt)
        updatedAt = c.lenientString(.updatedAt)
    }

    public var displayName: String { name ?? id }
}

/// A data center as embedded in networks and VMs: `{ id, name, region, countryAbbr, country }`
/// (VPCs embed `{ id, code, name }`).
public struct EmbeddedDataCenter: Codable, Sendable, Equatable {
    public var id: String?
    public var name: String?
    public var code: String?
    public var region: String?
    public var countryAbbr: String?
    public var country: String?

    public init(id: String? = nil, name: String? = nil, code: String? = nil, region: String? = nil,
                countryAbbr: String? = nil, country: String? = nil) {
        self.id = id; self.name = name; self.code = code; self.region = region; self.countryAbbr = countryAbbr
        self.country = country
    }

    enum CodingKeys: String, CodingKey { case id, name, code, region, countryAbbr, country }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenientString(.id); name = c.lenientString(.name); code = c.lenientString(.code)
        region = c.lenientString(.region)
        countryAbbr = c.lenientString(.countryAbbr); country = c.lenientString(.country)
    }
}

public enum NetworkType: String, Codable, Sendable, Equatable {
    /// Managed L3 network: DHCP, gateway, SNAT, DNS. Public IPs allowed.
    case standard
    /// Layer-2 network ("custom L2"); no public IP on it.
    case custom
}

/// `GET /resource/networks` item.
public struct Network: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String?
    public var description: String?
    /// Raw type string; see `type` for the known values.
    public var networkType: String?
    public var cidrBlock: String?
    public var gatewayIp: String?
    public var datacenter: EmbeddedDataCenter?
    public var isDefault: Bool?
    public var createdAt: String?
    public var updatedAt: String?

    public init(id: String, name: String? = nil, description: String? = nil, networkType: String? = nil,
                cidrBlock: String? = nil, gatewayIp: String? = nil, datacenter: EmbeddedDataCenter? = nil,
                isDefault: Bool? = nil, createdAt: String? = nil, updatedAt: String? = nil) {
        self.id = id; self.name = name; self.description = description; self.networkType = networkType
        self.cidrBlock = cidrBlock; self.gatewayIp = gatewayIp; self.datacenter = datacenter
        self.isDefault = isDefault; self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, networkType, cidrBlock, gatewayIp, datacenter, isDefault
        case createdAt, updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lenientString(.id) else {
            throw DecodingError.keyNotFound(CodingKeys.id, .init(codingPath: c.codingPath, debugDescription: "network without id"))
        }
        self.id = id
        name = c.lenientString(.name); description = c.lenientString(.description)
        networkType = c.lenientString(.networkType); cidrBlock = c.lenientString(.cidrBlock)
        gatewayIp = c.lenientString(.gatewayIp)
        datacenter = try? c.decodeIfPresent(EmbeddedDataCenter.self, forKey: .datacenter)
        if datacenter?.id == nil,
           let flat = (try? decoder.container(keyedBy: FlatKeys.self))?.lenientString(.datacenterId) {
            // Some list answers carry a flat `datacenterId` instead of the embedded object.
            var dc = datacenter ?? EmbeddedDataCenter()
            dc.id = flat
            datacenter = dc
        }
        isDefault = c.lenientBool(.isDefault); createdAt = c.lenientString(.createdAt)
        updatedAt = c.lenientString(.updatedAt)
    }

    private enum FlatKeys: String, CodingKey { case datacenterId }

    public var type: NetworkType? { networkType.flatMap { NetworkType(rawValue: $0.lowercased()) } }
    public var displayName: String { name ?? id }
    public var datacenterId: String? { datacenter?.id }
}

/// `GET /resource-groups` item.
public struct ResourceGroup: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String?
    public var description: String?
    public var createdAt: String?
    public var updatedAt: String?

    public init(id: String, name: String? = nil, description: String? = nil,
                createdAt: String? = nil, updatedAt: String? = nil) {
        self.id = id; self.name = name; self.description = description
        self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey { case id, name, description, createdAt, updatedAt }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lenientString(.id) else {
            throw DecodingError.keyNotFound(CodingKeys.id, .init(codingPath: c.codingPath, debugDescription: "resource group without id"))
        }
        self.id = id
        name = c.lenientString(.name); description = c.lenientString(.description)
        createdAt = c.lenientString(.createdAt); updatedAt = c.lenientString(.updatedAt)
    }

    public var displayName: String { name ?? id }
}
