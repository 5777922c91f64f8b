/// The GPCN API as the console uses it. The real client (AsyncHTTPClient) and test doubles
/// implement it; the pure core and the runtime depend only on this.
/// Every method throws `APIError` and nothing else.
public protocol GPCNAPI: Sendable {
    /// Where requests go, for display ("https://api.gpcn.com/v1").
    var endpoint: String { get }

    func authCheck() async throws -> AuthCheck
    /// All pages.
    func dataCenters() async throws -> [DataCenter]
    func images(datacenterId: String) async throws -> ImageCatalog
    func sizes(datacenterId: String) async throws -> SizeCatalog
    /// All pages.
    func sshKeys() async throws -> [SSHKey]
    /// All pages; `datacenterId` filters server-side when given.
    func networks(datacenterId: String?) async throws -> [Network]
    /// All pages.
    func resourceGroups() async throws -> [ResourceGroup]
    /// Never retried automatically: a duplicate create costs money.
    func createVirtualMachines(_ request: CreateVMRequest) async throws -> [Job]
    /// One request per 50 ids. Jobs the server omits are simply absent from the answer.
    func jobs(ids: [String]) async throws -> JobsAnswer
    func virtualMachine(id: String) async throws -> VirtualMachine
    /// `GET /resource/virtual-machines?search=` (name, private or public IP; all pages): how an
    /// interrupted create is checked for by name.
    func virtualMachines(search: String?) async throws -> [VirtualMachine]
    /// `GET /resource/virtual-machines/{id}/network-interfaces`: where one VM's addresses are
    /// documented (docs/api.md §2.9).
    func networkInterfaces(vmId: String) async throws -> [VMNetworkInterface]
    /// `GET /resource/vpcs` (all pages). Not documented: a 404 means VPCs cannot be listed here.
    func vpcs() async throws -> [VPC]
    /// `GET /resource/vpcs/{id}/subnets` (all pages), each with its VPC's id, name and data center.
    func subnets(of vpc: VPC) async throws -> [VPCSubnet]
}

extension GPCNAPI {
    /// Test doubles that do not list VMs say so.
    public func virtualMachines(search: String?) async throws -> [VirtualMachine] {
        throw APIError(kind: .unreachable("listing VMs is not supported here"), message: "not supported")
    }

    public func networkInterfaces(vmId: String) async throws -> [VMNetworkInterface] {
        throw APIError(kind: .http(status: 404), message: "network interfaces are not served here")
    }

    public func vpcs() async throws -> [VPC] {
        throw APIError(kind: .http(status: 404), message: "Route Not Found")
    }

    public func subnets(of vpc: VPC) async throws -> [VPCSubnet] {
        throw APIError(kind: .http(status: 404), message: "Route Not Found")
    }

    /// The subnets of one data center: its VPCs' subnets (one list call, then one per VPC of that
    /// data center). `nil` when VPCs cannot be listed here (404): a subnet is then given by id.
    public func subnets(datacenterId: String) async throws -> [VPCSubnet]? {
        let all: [VPC]
        do { all = try await vpcs() } catch let e as APIError where e.status == 404 { return nil }
        var subnets: [VPCSubnet] = []
        for vpc in all where vpc.datacenter?.id?.lowercased() == datacenterId.lowercased() {
            subnets += try await self.subnets(of: vpc)
        }
        return subnets
    }
}

/// A jobs poll: the jobs returned, how many requests it took, and the last rate-limit headers.
public struct JobsAnswer: Sendable, Equatable {
    public var jobs: [Job]
    public var requests: Int
    public var rateLimit: RateLimit?

    public init(jobs: [Job], requests: Int, rateLimit: RateLimit?) {
        self.jobs = jobs; self.requests = requests; self.rateLimit = rateLimit
    }
}
