import Foundation
import GPCNCore
import Testing
@testable import GPCNSimulator

@Suite struct CatalogTests {
    @Test func dataCentersFirstPageHasPaginationMeta() async throws {
        try await withSimulator { c, _ in
            let r = try await c.get("/v1/resource/data-centers")
            #expect(r.status == 200)
            let env = try r.envelope([DataCenter].self)
            #expect(env.success == true)
            let names = env.data?.compactMap(\.name) ?? []
            #expect(names.contains("東京 Tokyo") && names.contains("São Paulo") && names.contains("Chicago"))
            // names with diacritics, for trying the list filter's folding (`/zur`, `/krakow`)
            #expect(["Zürich", "Kraków", "Montréal", "Bogotá"].allSatisfy(names.contains))
            #expect(env.data?.first { $0.name == "東京 Tokyo" }?.code == "NRT-1")
            #expect(r.json["meta"] == .object(["total": .number(10), "page": .number(1), "pageSize": .number(10),
                                              "totalPages": .number(1), "hasNextPage": .bool(false),
                                              "hasPreviousPage": .bool(false)]))
            let chicago = try #require(env.data?.first { $0.name == "Chicago" })
            #expect(chicago.code == "CHI-1" && chicago.regionName == "Central" && chicago.countryAbbreviation == "US")
            #expect(chicago.gpuEnabled == true && chicago.l2Capable == true && chicago.vpcCapable == true)
        }
    }

    @Test func pageWalkCoversEveryItemOnce() async throws {
        try await withSimulator { c, _ in
            var seen: [String] = []
            var page = 1
            while true {
                let r = try await c.get("/v1/resource/data-centers?page=\(page)&limit=4")
                let env = try r.envelope([DataCenter].self)
                seen += env.data?.map(\.id) ?? []
                let meta = try #require(env.page)
                #expect(meta.totalPages == 3 && meta.pageSize == 4 && meta.page == page)
                #expect(meta.hasPreviousPage == (page > 1))
                if !meta.hasMore { break }
                page += 1
            }
            #expect(seen.count == 10 && Set(seen).count == 10)
            // Past the end: empty page, same totals.
            let beyond = try await c.get("/v1/resource/data-centers?page=9&limit=4")
            #expect(try beyond.envelope([DataCenter].self).data?.isEmpty == true)
            #expect(beyond.json["meta"]?["total"] == .number(10))
        }
    }

    @Test func badPaginationParametersAre422() async throws {
        try await withSimulator { c, _ in
            let r = try await c.get("/v1/resource/ssh-keys?limit=101&page=0")
            #expect(r.status == 422)
            #expect(r.apiError.code == "Validation Error")
            #expect(r.issuePaths == ["page", "limit"])
            #expect(try await c.get("/v1/resource/ssh-keys?limit=100").status == 200)
        }
    }

    @Test func dataCenterSearchAndFilters() async throws {
        try await withSimulator { c, _ in
            let tokyo = try await c.get("/v1/resource/data-centers?search=tokyo").envelope([DataCenter].self)
            #expect(tokyo.data?.map(\.name) == ["東京 Tokyo"])
            let sp = try await c.get("/v1/resource/data-centers?search=sao").envelope([DataCenter].self)
            #expect(sp.data?.map(\.name) == ["São Paulo"])
            let gpu = try await c.get("/v1/resource/data-centers?gpuEnabled=true").envelope([DataCenter].self)
            #expect(Set(gpu.data?.compactMap(\.name) ?? []) == ["Chicago", "Frankfurt"])
        }
    }

    @Test func sshKeysPaginateWithOneDefault() async throws {
        try await withSimulator { c, _ in
            let p1 = try await c.get("/v1/resource/ssh-keys").envelope([SSHKey].self)
            let p2 = try await c.get("/v1/resource/ssh-keys?page=2").envelope([SSHKey].self)
            #expect(p1.data?.count == 10 && p2.data?.count == 2)
            #expect(p1.page?.total == 12 && p1.page?.hasNextPage == true && p2.page?.hasNextPage == false)
            let all = (p1.data ?? []) + (p2.data ?? [])
            #expect(all.filter { $0.isDefault == true }.map(\.name) == ["ops-laptop"])
            for key in all {
                #expect(key.fingerprint?.hasPrefix("SHA256:") == true)
                #expect(key.publicKey?.hasPrefix("ssh-") == true || key.publicKey?.hasPrefix("ecdsa-") == true)
                #expect(key.algorithm != nil && key.algorithmDisplayName != nil)
            }
            #expect(Set(all.compactMap(\.algorithm)) == ["ed25519", "rsa-4096", "rsa-2048", "ecdsa-p256"])
        }
    }

    @Test func networksFilterByDataCenterAndType() async throws {
        try await withSimulator { c, _ in
            let all = try await c.get("/v1/resource/networks?limit=100").envelope([Network].self)
            #expect((all.data?.count ?? 0) > 10)
            // Brackets percent-encoded, as HTTP clients send them.
            let chi = try await c.get("/v1/resource/networks?filter%5BdatacenterId%5D=\(Fixture.chicago.id)").envelope([Network].self)
            #expect(chi.data?.allSatisfy { $0.datacenter?.id == Fixture.chicago.id } == true)
            #expect(chi.data?.count == 5)
            let l2 = try await c.get("/v1/resource/networks?filter[datacenterId]=\(Fixture.chicago.id)&filter[networkType]=custom")
                .envelope([Network].self)
            #expect(Set(l2.data?.compactMap(\.name) ?? []) == ["storage-l2", "backup-l2"])
            let kansasL2 = try await c.get("/v1/resource/networks?filter[datacenterId]=\(Fixture.kansas.id)&filter[networkType]=custom")
                .envelope([Network].self)
            #expect(kansasL2.data?.isEmpty == true)
            let web = try #require(chi.data?.first { $0.name == "prod-web" })
            #expect(web.datacenter?.name == "Chicago" && web.datacenter?.countryAbbr == "US")
            #expect(web.cidrBlock == "10.10.0.0/24" && web.gatewayIp == "10.10.0.1" && web.type == .standard)
            let search = try await c.get("/v1/resource/networks?search=192.168.50").envelope([Network].self)
            #expect(search.data?.map(\.name) == ["storage-l2"])
        }
    }

    @Test func resourceGroupsArePaginated() async throws {
        try await withSimulator { c, _ in
            let r = try await c.get("/v1/resource-groups?limit=2").envelope([ResourceGroup].self)
            #expect(r.data?.count == 2 && r.page?.total == 5 && r.page?.totalPages == 3)
        }
    }

    @Test func imagesHaveCategoriesCustomizationsAndReservedNames() async throws {
        try await withSimulator { c, _ in
            let r = try await c.get("/v1/resource/data-centers/\(Fixture.chicago.id)/virtual-machine-images")
            #expect(r.status == 200)
            let cats = try #require(try r.envelope([ImageCategory].self).data)
            #expect(cats.map(\.name) == ["Linux", "Windows", "Network/Security", "Custom"])
            #expect(cats.map(\.id) == [1, 2, 3, 4])
            let reserved = ImageCatalog.reservedUsernames(fromMeta: r.json["meta"])
            #expect(reserved.contains("root") && reserved.contains("guest"))
            // Raw JSON: the appliance sends `{}`, Windows only `password`, Fedora no `username`.
            let images = r.json["data"]?.arrayValue?.flatMap { $0["images"]?.arrayValue ?? [] } ?? []
            func customizations(_ name: String) -> JSONValue? {
                images.first { $0["name"] == .string(name) }?["config"]?["customizations"]
            }
            #expect(customizations("OPNsense 24.7") == .object([:]))
            #expect(customizations("Legacy ERP Appliance") == .object([:]))
            #expect(customizations("Windows 2022 Standard") == .object(["password": .bool(true)]))
            #expect(customizations("Fedora 43") == .object(["sshKey": .bool(true), "password": .bool(true)]))
            #expect(customizations("Ubuntu 24.04 LTS") == .object(["sshKey": .bool(true), "password": .bool(true), "username": .bool(true)]))
        }
    }

    @Test func dataCentersDiffer() async throws {
        try await withSimulator { c, _ in
            let tokyo = try await c.get("/v1/resource/data-centers/\(Fixture.tokyo.id)/virtual-machine-images")
                .envelope([ImageCategory].self)
            #expect(tokyo.data?.map(\.name) == ["Linux", "Network/Security", "Custom"])
            let missing = try await c.get("/v1/resource/data-centers/\(Fixture.unknown)/virtual-machine-images")
            #expect(missing.status == 404 && missing.apiError.message == "Datacenter not found")
        }
    }

    @Test func sizesCarryPriceAndAvailability() async throws {
        try await withSimulator { c, _ in
            let r = try await c.get("/v1/resource/data-centers/\(Fixture.chicago.id)/virtual-machine-sizes/")
            #expect(r.status == 200)
            let cat = try #require(try r.envelope(SizeCatalog.self).data)
            #expect(cat.datacenterId == Fixture.chicago.id)
            #expect(cat.categories.map(\.code) == ["general-purpose", "memory-optimized"])
            let micro = try #require(cat.allSizes.first { $0.name == "G-Micro-1" })
            #expect(micro.cpu == 2 && micro.ram == 4 && micro.disk == 50)
            #expect(micro.pricePerHour == 0.0312 && micro.pricePerMonth == 22.78 && micro.currency == "USD")
            #expect(micro.available == true && micro.unavailableReason == nil)
            let sold = try #require(cat.allSizes.first { $0.name == "M-Medium-1" })
            #expect(sold.available == false && sold.unavailableReason?.isEmpty == false)
        }
    }

    @Test func authCheckDescribesTheKey() async throws {
        try await withSimulator { c, _ in
            let r = try await c.get("/v1/auth/check")
            let data = try #require(try r.envelope(AuthCheck.self).data)
            #expect(data.authenticated == true && data.credential?.kind == "api_key")
            #expect(data.credential?.keyStart == "gpcn_dem")
            #expect(data.grants?.permissions?.contains("virtual-machine:create") == true)
        }
    }

    @Test func idsAreStableAcrossRunsAndWellFormed() {
        #expect(StableID.uuid("dc:chicago") == Fixture.chicago.id)
        #expect(StableID.isUUID(Fixture.chicago.id))
        let all = Fixture.catalog.dataCenters.map(\.id) + Fixture.catalog.sshKeys.map(\.id) + Fixture.catalog.networks.map(\.id)
        #expect(Set(all).count == all.count)
        #expect(SimulatorConfiguration.defaultAPIKey.count == 32 && SimulatorConfiguration.defaultAPIKey.hasPrefix("gpcn_"))
    }
}
