import Foundation
@testable import GPCNCore

/// Fixture files beside this source file (Package.swift excludes the folder from sources).
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(type, from: data(name))
    }
}

func decodeJSON<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(json.utf8))
}

/// Catalog entries shared by the validation tests.
enum Fx {
    static let dcA = "11111111-1111-4111-8111-111111111111"
    static let dcB = "22222222-2222-4222-8222-222222222222"
    static let imageLinux = "eb7da49d-cc71-480a-968d-fbf2841bedf7"
    static let sku = "5a1c3f0e-1b2d-4c3e-8f4a-5b6c7d8e9f01"
    static let key = "7e57d004-2b97-4e7a-b45f-5387367791cd"
    static let group = "c0ffee00-0000-4000-8000-000000000001"
    static let goodPassword = "Abcdefgh1!xy"

    static func net(_ n: Int) -> String { "aaaaaaaa-0000-4000-8000-" + String(format: "%012d", n) }

    /// lan-a ... lan-f (1-6) standard in dcA; 7 l2-storage custom in dcA; 8 lan-b standard in dcB.
    static let networks: [Network] = (1...6).map {
        Network(id: net($0), name: "lan-\(Character(UnicodeScalar(UInt8(96 + $0))))", networkType: "standard",
                datacenter: EmbeddedDataCenter(id: dcA, name: "Chicago"))
    } + [
        Network(id: net(7), name: "l2-storage", networkType: "custom",
                datacenter: EmbeddedDataCenter(id: dcA, name: "Chicago")),
        Network(id: net(8), name: "lan-b", networkType: "standard",
                datacenter: EmbeddedDataCenter(id: dcB, name: "Kansas")),
    ]
    static let lanA = net(1), l2 = net(7), lanB = net(8)

    static let linux = VMImage(id: imageLinux, name: "Alma Linux 8.x", config: ImageConfig(
        type: "cloud-init", customizations: ImageCustomizations(sshKey: true, password: true, username: true)))
    static let windows = VMImage(id: "fec02d29-4f30-4aa1-ac74-805a7cd01e28", name: "Windows 2022",
                                 config: ImageConfig(customizations: ImageCustomizations(password: true)))
    static let appliance = VMImage(id: "0c4d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f", name: "pfSense",
                                   config: ImageConfig(type: "none", customizations: ImageCustomizations.none))
    static let noConfig = VMImage(id: "1d5e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a", name: "FortiGate")
    static let custom = VMImage(id: "121219fe-3d5e-43e5-8f81-e42ddba4322e", name: "Fedora 43", config: ImageConfig(
        customizations: ImageCustomizations(sshKey: true, password: true, username: false)))

    static let reserved = ["admin", "Ubuntu"]

    static func context(_ image: VMImage? = linux, category: String? = nil) -> ValidationContext {
        ValidationContext(image: image, reservedUsernames: reserved, networks: networks, imageCategory: category)
    }

    /// A request that passes every rule with the Linux image.
    static let valid = CreateVMRequest(
        datacenterId: dcA, imageId: imageLinux, skuId: sku, name: "web", numberOfInstances: 1,
        authMethod: .sshKey, sshKeyId: key)
}

extension CreateVMRequest {
    func with(_ change: (inout CreateVMRequest) -> Void) -> CreateVMRequest {
        var copy = self
        change(&copy)
        return copy
    }
}
