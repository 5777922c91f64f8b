import Foundation
import GPCNCore

/// A VM as `GET /resource/virtual-machines[/{id}]` shows it: the shared `VirtualMachine` fields
/// plus `configuration`, `imageName`, `sshKeyName`, `networkHotplug`, `authMethod` and
/// `networkInterfaces`, which the shared model does not carry; `shape` trims it to what
/// docs/api.md §2.9 documents for the single GET or for a list item.
struct VMOut: Encodable {
    var vm: VirtualMachine
    var record: VMRecord
    var networks: [String: Network]
    var shape: VMShape = .rich

    enum Extra: String, CodingKey {
        case configuration, imageName, sshKeyName, networkHotplug, authMethod, networkInterfaces
    }
    struct Configuration: Encodable {
        var skuId: String; var name: String?; var code: String?; var skuCode: String?; var categoryCode: String
        var cpu: Int?; var ram: Int?; var disk: Int?
    }
    struct ListConfiguration: Encodable { var cpu: Int?; var ram: Int?; var disk: Int? }
    struct NIC: Encodable {
        var networkId: String?; var networkName: String?; var networkType: String?; var subnetId: String?
        var isPrimary: Int; var privateIp: String; var publicIp: String?
    }

    func encode(to encoder: any Encoder) throws {
        var model = vm
        let s = record.size
        let configuration = Configuration(skuId: s.skuId, name: s.name, code: s.name, skuCode: s.skuCode,
                                          categoryCode: record.sizeCategory, cpu: s.cpu, ram: s.ram, disk: s.disk)
        switch shape {
        case .rich:
            break
        case .documentedDetail:
            model.primaryPrivateIp = nil; model.primaryPublicIp = nil
            try model.encode(to: encoder)
            var c = encoder.container(keyedBy: Extra.self)
            try c.encode(configuration, forKey: .configuration)
            try c.encodeIfPresent(record.sshKey?.name, forKey: .sshKeyName)
            try c.encode(1, forKey: .networkHotplug)
            return
        case .documentedListItem:
            model.image = nil; model.username = nil; model.sshKeyId = nil; model.resourceGroupId = nil
            try model.encode(to: encoder)
            var c = encoder.container(keyedBy: Extra.self)
            try c.encode(ListConfiguration(cpu: s.cpu, ram: s.ram, disk: s.disk), forKey: .configuration)
            try c.encode(record.imageName, forKey: .imageName)
            return
        }
        try model.encode(to: encoder)
        var c = encoder.container(keyedBy: Extra.self)
        try c.encode(configuration, forKey: .configuration)
        try c.encode(record.imageName, forKey: .imageName)
        try c.encodeIfPresent(record.sshKey?.name, forKey: .sshKeyName)
        try c.encode(1, forKey: .networkHotplug)
        try c.encodeIfPresent(record.authMethod?.rawValue, forKey: .authMethod)
        try c.encode(record.nics.map { nic in
            let n = nic.networkId.flatMap { networks[$0] }
            return NIC(networkId: nic.networkId, networkName: n?.name, networkType: n?.networkType, subnetId: nic.subnetId,
                       isPrimary: nic.primary ? 1 : 0, privateIp: nic.privateIp,
                       publicIp: nic.primary && vm.status == "Running" ? record.publicIp : nil)
        }, forKey: .networkInterfaces)
    }
}

extension Simulator {
    // MARK: Create

    func createVM(_ body: [UInt8], now: Date, world w: inout World) -> SimResponse {
        let validator = CreateValidator(catalog: catalog, networks: w.allNetworks(catalog),
                                        vpcWorld: configuration.vpc ? catalog.vpcWorld : nil,
                                        capacityConflict: configuration.rules.capacityConflictOnCreate)
        let valid: ValidCreate
        switch validator.validate(body: body) {
        case .failure(let f):
            logger.debug("create rejected (\(f.status)): \(f.code ?? "") \(f.issues.map { "\($0.path): \($0.message)" }.joined(separator: "; "))")
            return f.response
        case .success(let v):
            valid = v
        }

        // Interfaces, or the data center's default network (created by the first create without them).
        var interfaces: [(network: Network, primary: Bool)]
        var createsDefaultNetwork = false
        if valid.subnet != nil {
            interfaces = []  // the VM's one interface is on the subnet (below)
        } else if let given = valid.interfaces {
            interfaces = given
        } else {
            let id = SimulatorCatalog.defaultNetworkId(dataCenterId: valid.dataCenter.id)
            if let existing = w.defaultNetworks[id] {
                interfaces = [(existing, true)]
            } else {
                let stamp = Timestamp.string(now)
                let net = Network(id: id, name: "default-network", description: "Default network of \(valid.dataCenter.name ?? "the data center")",
                                  networkType: NetworkType.standard.rawValue, cidrBlock: "10.0.0.0/24", gatewayIp: "10.0.0.1",
                                  datacenter: catalog.embedded(valid.dataCenter.id), isDefault: true,
                                  createdAt: stamp, updatedAt: stamp)
                w.defaultNetworks[id] = net
                interfaces = [(net, true)]
                createsDefaultNetwork = true
            }
        }

        let names = valid.count == 1 ? [valid.name] : (1...valid.count).map { "\(valid.name)-\($0)" }
        let seed = configuration.seed
        let batchSeed = Hashing.mix(seed, 0xBA7C, w.batchCounter)
        w.batchCounter += 1
        var vmIds: [String] = [], jobIds: [String] = []
        for _ in names {
            vmIds.append(StableID.uuid(seed: seed, salt: 0x5EED_0001, n: w.vmCounter)); w.vmCounter += 1
            jobIds.append(StableID.uuid(seed: seed, salt: 0x5EED_0002, n: w.jobCounter)); w.jobCounter += 1
        }
        let planned = JobPlanner.planCreateBatch(names: names, jobIds: jobIds, vmIds: vmIds, createdAt: now,
                                                 configuration: configuration, batchSeed: batchSeed,
                                                 createsDefaultNetwork: createsDefaultNetwork, authMethod: valid.authMethod)
        for (i, job) in planned.enumerated() {
            w.jobs[job.jobId] = job
            var nics = interfaces.map { VMRecord.NIC(networkId: $0.network.id, primary: $0.primary,
                                                     privateIp: w.allocatePrivateIp(network: $0.network)) }
            if let subnet = valid.subnet {
                nics = [VMRecord.NIC(networkId: nil, primary: true, privateIp: w.allocatePrivateIp(pool: subnet.id, cidr: subnet.cidr),
                                     subnetId: subnet.id)]
            }
            w.vms[vmIds[i]] = VMRecord(
                id: vmIds[i], name: names[i], dataCenterId: valid.dataCenter.id, imageName: valid.image.image.name ?? "",
                size: valid.size, sizeCategory: catalog.sizesById[valid.size.skuId]?.categoryCode ?? "",
                createJobId: job.jobId, deleteJobId: nil, createdAt: now, authMethod: valid.authMethod,
                username: valid.username ?? valid.image.image.username, sshKey: valid.sshKey,
                resourceGroupId: valid.resourceGroupId, nics: nics,
                publicIp: valid.allocatePublicIp || valid.acquirePublicIp ? w.allocatePublicIp() : nil)
        }
        w.stats.createsAccepted += 1
        w.lastAccepted = (jobIds, vmIds, names)
        w.stats.vmsCreated += names.count
        w.stats.jobsCreated += planned.count
        logger.info("create accepted: \(names.count) VM(s) \(valid.name) in \(valid.dataCenter.name ?? "")")
        return .json(202, SuccessOut(message: "Virtual machine creation initiated",
                                     data: JobList(jobs: planned.map { $0.snapshot(at: now) })))
    }

    // MARK: Read

    func vmView(_ vm: VMRecord, status: String, shape: VMShape, now: Date, world w: World) -> VMOut {
        let primary = vm.nics.first(where: \.primary) ?? vm.nics.first
        let privateShown = configuration.rules.privateIpFromCreate || w.assignedAddresses(of: vm, at: now).privateAssigned
        let model = VirtualMachine(
            id: vm.id, name: vm.name, status: status, image: vm.imageName, username: vm.username,
            sshKeyId: vm.sshKey?.id, primaryPrivateIp: privateShown ? primary?.privateIp : nil,
            primaryPublicIp: status == "Running" ? vm.publicIp : nil, resourceGroupId: vm.resourceGroupId,
            datacenter: catalog.embedded(vm.dataCenterId), createdAt: Timestamp.string(vm.createdAt),
            updatedAt: Timestamp.string(w.updatedAt(of: vm, at: now)))
        return VMOut(vm: model, record: vm, networks: w.allNetworks(catalog), shape: shape)
    }

    func getVM(_ id: String, now: Date, world w: World) -> SimResponse {
        guard let vm = w.vms[id], let status = w.status(of: vm, at: now) else {
            return Errors.notFound("Virtual machine not found")
        }
        return .json(200, SuccessOut(message: "Virtual machine retrieved successfully", data: vmView(vm, status: status, shape: configuration.rules.vmDetail, now: now, world: w)))
    }

    func listVMs(_ q: Query, now: Date, world w: World) -> SimResponse {
        var items: [(VMRecord, String)] = w.vms.values.compactMap { vm in w.status(of: vm, at: now).map { (vm, $0) } }
        if let s = q["search"] {
            items = items.filter { vm, _ in
                Self.contains(vm.name, s) || vm.nics.contains { $0.privateIp.contains(s) } || (vm.publicIp?.contains(s) ?? false)
            }
        }
        if let dc = q["filter[datacenterId]"]?.lowercased() { items = items.filter { $0.0.dataCenterId == dc } }
        if let st = q["filter[status]"] { items = items.filter { $0.1.caseInsensitiveCompare(st) == .orderedSame } }
        if let img = q["filter[imageName]"] { items = items.filter { $0.0.imageName.caseInsensitiveCompare(img) == .orderedSame } }
        // Ties (a batch shares one createdAt) are broken by name, so the order is stable.
        items.sort { a, b in a.0.createdAt != b.0.createdAt ? a.0.createdAt > b.0.createdAt : a.0.name < b.0.name }
        items = sorted(items, q, default: nil, keys: ["name": { $0.0.name }, "createdAt": { Timestamp.string($0.0.createdAt) }])
        return pageResponse(items, q, message: "Virtual machines retrieved successfully") { vm, status in
            vmView(vm, status: status, shape: configuration.rules.vmListItem, now: now, world: w)
        }
    }

    // MARK: Delete

    func deleteVM(_ id: String, now: Date, world w: inout World) -> SimResponse {
        guard var vm = w.vms[id], let status = w.status(of: vm, at: now) else {
            return Errors.notFound("Virtual machine not found")
        }
        if status == "Provisioning" {
            return Errors.shapeA(409, code: "Conflict", message: "Virtual machine \(vm.name) is still being provisioned; wait for its job to finish")
        }
        if status == "Deleting" {
            return Errors.shapeA(409, code: "Conflict", message: "Virtual machine \(vm.name) is already being deleted")
        }
        let jobId = StableID.uuid(seed: configuration.seed, salt: 0x5EED_0002, n: w.jobCounter)
        let jobSeed = Hashing.mix(configuration.seed, 0xDE1E, w.jobCounter)
        w.jobCounter += 1
        let job = JobPlanner.planDelete(jobId: jobId, vmId: vm.id, vmName: vm.name, createdAt: now,
                                        configuration: configuration, seed: jobSeed)
        w.jobs[jobId] = job
        vm.deleteJobId = jobId
        w.vms[id] = vm
        w.stats.jobsCreated += 1
        return .json(202, SuccessOut(message: "Virtual machine deletion initiated", data: job.snapshot(at: now)))
    }

    // MARK: Jobs

    func jobs(_ body: [UInt8], now: Date, world w: World) -> SimResponse {
        guard !body.isEmpty, let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) else {
            return Errors.validation(422, [FieldIssue(path: "body", message: "Request body must be valid JSON")])
        }
        guard case .object(let o) = json else {
            return Errors.validation(422, [FieldIssue(path: "body", message: "Expected object, received \(CreateValidator.typeName(json))")])
        }
        guard let raw = o["jobIds"], raw != .null else {
            return Errors.validation(422, [FieldIssue(path: "jobIds", message: "jobIds is required")])
        }
        guard case .array(let items) = raw else {
            return Errors.validation(422, [FieldIssue(path: "jobIds", message: "Expected array, received \(CreateValidator.typeName(raw))")])
        }
        var issues: [FieldIssue] = []
        if items.isEmpty { issues.append(FieldIssue(path: "jobIds", message: "At least one job ID is required")) }
        if items.count > JobsQuery.maxIds {
            issues.append(FieldIssue(path: "jobIds", message: "At most \(JobsQuery.maxIds) job IDs per request (got \(items.count))"))
        }
        var ids: [String] = []
        for (i, item) in items.enumerated() {
            if case .string(let s) = item, StableID.isUUID(s) {
                ids.append(s.lowercased())
            } else if case .string = item {
                issues.append(FieldIssue(path: "jobIds.\(i)", message: "Job ID must be a valid UUID"))
            } else {
                issues.append(FieldIssue(path: "jobIds.\(i)", message: "Expected string, received \(CreateValidator.typeName(item))"))
            }
        }
        if !issues.isEmpty { return Errors.validation(422, issues) }
        var seen = Set<String>()
        let found = ids.filter { seen.insert($0).inserted }.compactMap { w.jobs[$0]?.snapshot(at: now) }
        return .json(200, SuccessOut(message: "Job progress retrieved successfully", data: JobList(jobs: found)))
    }
}
