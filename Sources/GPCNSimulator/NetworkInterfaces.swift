import Foundation
import GPCNCore

/// One row of `GET /resource/virtual-machines/{id}/network-interfaces` (docs/api.md §2.9).
/// Every key is always written; the legacy-network fields are null on a VPC interface and the
/// VPC fields null on a legacy one; addresses are null until assigned.
struct NetworkInterfaceOut: Encodable {
    var id: String
    var networkInterface: Int
    var isPrimary: Int
    var publicIp: String?
    var publicIpId: String?
    var privateIp: String?
    var networkName: String?
    var networkId: String?
    var cidrBlock: String?
    var gatewayIp: String?
    var networkType: String?
    var macAddress: String
    /// legacy | vpc
    var world: String
    var vpcSubnetId: String?
    var subnetName: String?
    var vpcId: String?
    var vpcName: String?

    enum CodingKeys: String, CodingKey {
        case id, networkInterface, isPrimary, publicIp, publicIpId, privateIp, networkName, networkId, cidrBlock
        case gatewayIp, networkType, macAddress, world, vpcSubnetId, subnetName, vpcId, vpcName
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func put(_ v: String?, _ k: CodingKeys) throws {
            if let v { try c.encode(v, forKey: k) } else { try c.encodeNil(forKey: k) }
        }
        try c.encode(id, forKey: .id)
        try c.encode(networkInterface, forKey: .networkInterface)
        try c.encode(isPrimary, forKey: .isPrimary)
        try put(publicIp, .publicIp); try put(publicIpId, .publicIpId); try put(privateIp, .privateIp)
        try put(networkName, .networkName); try put(networkId, .networkId); try put(cidrBlock, .cidrBlock)
        try put(gatewayIp, .gatewayIp); try put(networkType, .networkType)
        try c.encode(macAddress, forKey: .macAddress)
        try c.encode(world, forKey: .world)
        try put(vpcSubnetId, .vpcSubnetId); try put(subnetName, .subnetName); try put(vpcId, .vpcId); try put(vpcName, .vpcName)
    }
}

extension World {
    /// The VM's addresses as they are now. The private address of every interface exists once
    /// the create job has reached its `provisioning` stage (the network is prepared by then); the
    /// public address (primary interface only) once the VM runs. A VM without a create job (the
    /// seeded ones) has both.
    func assignedAddresses(of vm: VMRecord, at now: Date) -> (privateAssigned: Bool, publicIp: String?) {
        let running = status(of: vm, at: now) == "Running"
        guard let c = vm.createJobId, let job = jobs[c] else { return (true, running ? vm.publicIp : nil) }
        return (job.hasReached("provisioning", at: now), running ? vm.publicIp : nil)
    }
}

extension Simulator {
    func networkInterfaceRows(_ vm: VMRecord, now: Date, world w: World) -> [NetworkInterfaceOut] {
        let networks = w.allNetworks(catalog)
        let (privateAssigned, publicIp) = w.assignedAddresses(of: vm, at: now)
        // The primary interface is listed first, then the others in attachment order.
        let ordered = vm.nics.enumerated().sorted { a, b in a.element.primary != b.element.primary ? a.element.primary : a.offset < b.offset }
        return ordered.enumerated().map { index, entry in
            let nic = entry.element
            let id = StableID.uuid("nic:\(vm.id):\(entry.offset)")
            let pub = nic.primary ? publicIp : nil
            var row = NetworkInterfaceOut(
                id: id, networkInterface: index, isPrimary: nic.primary ? 1 : 0, publicIp: pub,
                publicIpId: pub.map { StableID.uuid("public-ip:" + $0) }, privateIp: privateAssigned ? nic.privateIp : nil,
                macAddress: Self.macAddress(id), world: "legacy")
            if let subnetId = nic.subnetId {
                let subnet = catalog.vpcWorld.subnet(id: subnetId)
                let vpc = subnet.flatMap { catalog.vpcWorld.vpc(id: $0.vpcId) }
                row.world = "vpc"
                row.vpcSubnetId = subnetId; row.subnetName = subnet?.name; row.vpcId = vpc?.id; row.vpcName = vpc?.name
            } else if let networkId = nic.networkId {
                let net = networks[networkId]
                row.networkId = networkId; row.networkName = net?.name; row.cidrBlock = net?.cidrBlock
                row.gatewayIp = net?.gatewayIp; row.networkType = net?.networkType
            }
            return row
        }
    }

    func networkInterfaces(_ vmId: String, now: Date, world w: World) -> SimResponse {
        guard let vm = w.vms[vmId], w.status(of: vm, at: now) != nil else {
            return Errors.notFound("Virtual machine not found")
        }
        return .json(200, SuccessOut(message: "Network interfaces retrieved successfully",
                                     data: networkInterfaceRows(vm, now: now, world: w)))
    }

    /// A locally administered-looking KVM MAC (52:54:00:…) derived from the interface id.
    static func macAddress(_ nicId: String) -> String {
        let h = Hashing.fnv1a("mac:" + nicId)
        let bytes = [UInt8(0x52), 0x54, 0x00, UInt8(truncatingIfNeeded: h >> 16), UInt8(truncatingIfNeeded: h >> 8),
                     UInt8(truncatingIfNeeded: h)]
        return bytes.map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined(separator: ":")
    }
}

extension JobRecord {
    /// True once the job's clock has reached the start of `stage` (a job that ended before it
    /// never does).
    func hasReached(_ stage: String, at now: Date) -> Bool {
        guard let s = stages.first(where: { $0.stage == stage }) else { return false }
        var t = now.timeIntervalSince(createdAt)
        if let e = ending { t = min(t, e.at) }
        return t >= s.start
    }
}
