import Foundation
import GPCNCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import GPCNSimulator

/// One answer, with helpers to read it.
struct Reply: Sendable {
    var status: Int
    var headers: HTTPFields
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(body))) ?? .null }

    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }

    func envelope<T: Decodable & Sendable>(_ type: T.Type) throws -> Envelope<T> {
        try JSONDecoder().decode(Envelope<T>.self, from: Data(body))
    }

    /// The error as the shared client-side parser reads it.
    var apiError: APIError { APIError.parse(status: status, body: body, retryAfterHeader: header("Retry-After")) }

    /// `details.issues[].path` of a shape-A error.
    var issuePaths: [String] { apiError.issues.map(\.path) }
}

/// Talks to a simulator through HummingbirdTesting's router mode (no socket).
struct Client: Sendable {
    let raw: any TestClientProtocol
    let key: String

    enum Auth: Sendable { case apiKey, none, custom([(String, String)]) }

    func send(_ method: HTTPRequest.Method, _ uri: String, body: String? = nil, auth: Auth = .apiKey) async throws -> Reply {
        var headers = HTTPFields()
        switch auth {
        case .apiKey: headers[HTTPField.Name("X-API-Key")!] = key
        case .none: break
        case .custom(let list): for (n, v) in list { headers[HTTPField.Name(n)!] = v }
        }
        if body != nil { headers[.contentType] = "application/json" }
        let r = try await raw.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return Reply(status: Int(r.status.code), headers: r.headers, body: Array(r.body.readableBytesView))
    }

    func get(_ uri: String, auth: Auth = .apiKey) async throws -> Reply { try await send(.get, uri, auth: auth) }
    func post(_ uri: String, _ body: String, auth: Auth = .apiKey) async throws -> Reply {
        try await send(.post, uri, body: body, auth: auth)
    }

    /// POST /v1/resource/virtual-machines with a JSON object built from `fields`.
    func create(_ fields: [String: Any]) async throws -> Reply {
        let data = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        return try await post("/v1/resource/virtual-machines", String(decoding: data, as: UTF8.self))
    }

    func jobs(_ ids: [String]) async throws -> [Job] {
        let body = try JSONEncoder().encode(JobsQuery(jobIds: ids))
        let r = try await post("/v1/resource/jobs", String(decoding: body, as: UTF8.self))
        #expect(r.status == 200)
        return try r.envelope(JobList.self).data?.jobs ?? []
    }
}

/// Runs `body` against a fresh simulator.
func withSimulator(_ configuration: SimulatorConfiguration = SimulatorConfiguration(),
                   _ body: @Sendable (Client, Simulator) async throws -> Void) async throws {
    let sim = Simulator(configuration: configuration)
    try await sim.makeApplication().test(.router) { client in
        try await body(Client(raw: client, key: configuration.apiKey), sim)
    }
}

/// Catalog ids used across tests.
enum Fixture {
    static let catalog = SimulatorCatalog.standard
    static let chicago = catalog.dataCenter(named: "Chicago")!
    static let tokyo = catalog.dataCenter(named: "東京 Tokyo")!
    static let kansas = catalog.dataCenter(named: "Kansas")!
    static let frankfurt = catalog.dataCenter(named: "Frankfurt")!
    static let ubuntu = catalog.image(named: "Ubuntu 24.04 LTS", in: chicago.id)!
    static let windows = catalog.image(named: "Windows 2022 Standard", in: chicago.id)!
    static let opnsense = catalog.image(named: "OPNsense 24.7", in: chicago.id)!
    static let fedora = catalog.image(named: "Fedora 43", in: chicago.id)!
    static let erp = catalog.image(named: "Legacy ERP Appliance", in: chicago.id)!
    static let micro = catalog.size(named: "G-Micro-1", in: chicago.id)!
    static let soldOut = catalog.size(named: "M-Medium-1", in: chicago.id)!
    static let prodWeb = catalog.network(named: "prod-web", in: chicago.id)!
    static let staging = catalog.network(named: "staging", in: chicago.id)!
    static let storageL2 = catalog.network(named: "storage-l2", in: chicago.id)!
    static let euWeb = catalog.network(named: "eu-web", in: frankfurt.id)!
    static let key = catalog.defaultSSHKey!
    static let production = catalog.resourceGroup(named: "Production")!
    static let unknown = "11111111-2222-4333-8444-555555555555"

    /// The documented curl example's body (docs/api.md §2.7) with the ids filled in from the catalog.
    static var seedExampleFilled: [String: Any] {
        ["datacenterId": chicago.id, "imageId": ubuntu.id, "skuId": micro.id, "name": "web-server",
         "resourceGroupId": production.id, "numberOfInstances": 1, "allocatePublicIp": false,
         "networkInterfaces": [["networkId": prodWeb.id, "primary": true]],
         "authMethod": "ssh-key", "sshKeyId": key.id, "password": "", "username": "myuser"]
    }

    /// The documented curl example's body (docs/api.md §2.7) verbatim (empty strings).
    static let seedExampleEmpty = """
    {"datacenterId": "", "imageId": "", "skuId": "", "name": "", "resourceGroupId": "", "numberOfInstances": 1,
     "allocatePublicIp": false, "networkInterfaces": [{"networkId": "", "primary": true}],
     "authMethod": "ssh-key", "sshKeyId": "", "password": "", "username": "myuser"}
    """

    /// A minimal valid body: Ubuntu in Chicago with the default key on the default network.
    static func valid(_ changes: [String: Any?] = [:]) -> [String: Any] {
        var body: [String: Any] = ["datacenterId": chicago.id, "imageId": ubuntu.id, "skuId": micro.id,
                                   "name": "web", "authMethod": "ssh-key", "sshKeyId": key.id]
        for (k, v) in changes { body[k] = v }
        return body
    }
}
