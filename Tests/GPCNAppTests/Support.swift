import GPCNCore

/// A GPCN API in memory for tests that need only part of it: a test double adopts this and
/// writes the calls it is about; every other call answers empty (lists) or fails (catalogs).
protocol PartialFakeAPI: GPCNAPI {}

extension PartialFakeAPI {
    var endpoint: String { "http://fake/v1" }
    func authCheck() async throws -> AuthCheck { AuthCheck() }
    func dataCenters() async throws -> [DataCenter] { [] }
    func images(datacenterId: String) async throws -> ImageCatalog { throw APIError.from(CancellationError()) }
    func sizes(datacenterId: String) async throws -> SizeCatalog { throw APIError.from(CancellationError()) }
    func sshKeys() async throws -> [SSHKey] { [] }
    func networks(datacenterId: String?) async throws -> [Network] { [] }
    func resourceGroups() async throws -> [ResourceGroup] { [] }
    func jobs(ids: [String]) async throws -> JobsAnswer { JobsAnswer(jobs: [], requests: 1, rateLimit: nil) }
    func createVirtualMachines(_ request: CreateVMRequest) async throws -> [Job] { [] }
    func virtualMachine(id: String) async throws -> VirtualMachine { VirtualMachine(id: id) }
    func virtualMachines(search: String?) async throws -> [VirtualMachine] { [] }
}
