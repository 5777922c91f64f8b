import Foundation
import GPCNClient
import GPCNCore
import GPCNSimulator
import Testing

/// The client's catalog calls against the simulator over real loopback HTTP.
@Suite struct CatalogClientTests {
    /// Lists are fetched across every page: with the server capping pages at `pageSize`, each list
    /// costs ⌈n / pageSize⌉ GETs (the simulator's counters prove it) and nothing is lost or repeated.
    @Test(arguments: [1, 5, 7, 100])
    func listsWalkEveryPage(pageSize: Int) async throws {
        try await withSimulator({ $0.maxPageSize = pageSize }) { h in
            let dcs = try await h.client.dataCenters()
            let keys = try await h.client.sshKeys()
            let nets = try await h.client.networks(datacenterId: nil)
            let groups = try await h.client.resourceGroups()

            #expect(dcs.map(\.id) == h.catalog.dataCenters.map(\.id))
            #expect(keys.map(\.id) == h.catalog.sshKeys.map(\.id))
            #expect(Set(nets.map(\.id)) == Set(h.catalog.networks.map(\.id)))
            #expect(nets.count == h.catalog.networks.count, "no network repeated across pages")
            #expect(groups.map(\.id) == h.catalog.resourceGroups.map(\.id))

            let s = h.stats()
            #expect(s.requests("GET", "/v1/resource/data-centers") == pages(h.catalog.dataCenters.count, of: pageSize))
            #expect(s.requests("GET", "/v1/resource/ssh-keys") == pages(h.catalog.sshKeys.count, of: pageSize))
            #expect(s.requests("GET", "/v1/resource/networks") == pages(h.catalog.networks.count, of: pageSize))
            #expect(s.requests("GET", "/v1/resource-groups") == pages(h.catalog.resourceGroups.count, of: pageSize))
            #expect(s.responsesByStatus.keys.sorted() == ["200"])
            #expect(h.sleeps.recorded.isEmpty)
        }
    }

    /// With the server's page size at 5, the 12 SSH keys take pages 1, 2 and 3, and the Unicode
    /// names come through intact.
    @Test func smallPagesKeepOrderAndUnicode() async throws {
        try await withSimulator({ $0.maxPageSize = 5 }) { h in
            let keys = try await h.client.sshKeys()
            #expect(keys.count == 12)
            #expect(keys.contains { $0.name == "müller@büro" })
            #expect(keys.filter { $0.isDefault == true }.map(\.name) == ["ops-laptop"])
            #expect(h.stats().requests("GET", "/v1/resource/ssh-keys") == 3)
        }
    }

    /// `networks(datacenterId:)` filters on the server (`filter[datacenterId]`, percent-encoded).
    @Test func networksAreFilteredByDataCenter() async throws {
        try await withSimulator { h in
            let tokyo = h.catalog.dc("東京 Tokyo")
            let nets = try await h.client.networks(datacenterId: tokyo.id)
            #expect(Set(nets.compactMap(\.name)) == ["tokyo-web", "tokyo-l2"])
            #expect(nets.allSatisfy { $0.datacenterId == tokyo.id })
            #expect(nets.first { $0.name == "tokyo-l2" }?.type == .custom)
            #expect(nets.first { $0.name == "tokyo-web" }?.type == .standard)
            #expect(nets.first { $0.name == "tokyo-web" }?.datacenter?.name == "東京 Tokyo")
        }
    }

    /// Images of one data center: categories in order, the auth customizations per image (full,
    /// password only, none at all, no username), and the reserved usernames from `meta`.
    @Test func imagesDecodeWithCustomizationsAndReservedUsernames() async throws {
        try await withSimulator { h in
            let chicago = h.catalog.dc("Chicago")
            let images = try await h.client.images(datacenterId: chicago.id)

            #expect(images.categories.compactMap(\.name) == ["Linux", "Windows", "Network/Security", "Custom"])
            #expect(images.categories.map { $0.images.map(\.id) }
                    == h.catalog.imageCategories(dataCenterId: chicago.id).map { $0.images.map(\.id) })
            #expect(images.reservedUsernames == h.catalog.reservedUsernames)
            #expect(images.reservedUsernames.contains("root") && images.reservedUsernames.contains("guest"))

            func image(_ name: String) throws -> VMImage {
                try #require(images.allImages.first { $0.name == name }, "no image \(name)")
            }
            let ubuntu = try image("Ubuntu 24.04 LTS")
            #expect(ubuntu.customizations == ImageCustomizations(sshKey: true, password: true, username: true))
            #expect(ubuntu.username == "ubuntu")
            let windows = try image("Windows 2022 Standard")
            #expect(windows.customizations == ImageCustomizations(sshKey: false, password: true, username: false))
            let opnsense = try image("OPNsense 24.7")
            #expect(opnsense.customizations == .none)
            #expect(!opnsense.customizations.acceptsAuth)
            let fedora = try image("Fedora 43")
            #expect(fedora.customizations.sshKey && fedora.customizations.password)
            #expect(!fedora.customizations.username)

            // Every image decodes to what the simulator serves, field for field.
            #expect(images.categories.map(\.images) == h.catalog.imageCategories(dataCenterId: chicago.id).map(\.images))

            // Tokyo has no Windows images, São Paulo no custom images.
            let tokyo = try await h.client.images(datacenterId: h.catalog.dc("東京 Tokyo").id)
            #expect(!tokyo.categories.contains { $0.name == "Windows" })
            let saoPaulo = try await h.client.images(datacenterId: h.catalog.dc("São Paulo").id)
            #expect(!saoPaulo.categories.contains { $0.name == "Custom" })
        }
    }

    /// Sizes of one data center by category, with the unavailable size and its reason.
    @Test func sizesDecodeWithAnUnavailableSize() async throws {
        try await withSimulator { h in
            let chicago = h.catalog.dc("Chicago")
            let sizes = try await h.client.sizes(datacenterId: chicago.id)
            #expect(sizes == h.catalog.sizeCatalog(dataCenterId: chicago.id))
            #expect(sizes.categories.compactMap(\.code) == ["general-purpose", "memory-optimized"])
            let unavailable = sizes.allSizes.filter { !$0.isAvailable }
            #expect(unavailable.map(\.name) == ["M-Medium-1"])
            #expect(unavailable.first?.unavailableReason?.contains("Sold out") == true)
            let micro = try #require(sizes.allSizes.first { $0.name == "G-Micro-1" })
            #expect(micro.cpu == 2 && micro.ram == 4 && micro.disk == 50)
            #expect(micro.pricePerHour == 0.0312 && micro.currency == "USD")

            let frankfurt = try await h.client.sizes(datacenterId: h.catalog.dc("Frankfurt").id)
            #expect(frankfurt.allSizes.filter { !$0.isAvailable }.map(\.name) == ["G-Large-1"])
            let saoPaulo = try await h.client.sizes(datacenterId: h.catalog.dc("São Paulo").id)
            #expect(saoPaulo.categories.compactMap(\.code) == ["general-purpose"])
        }
    }

    /// `GET /auth/check` with the right key: authenticated, the key's start, the permissions.
    @Test func authCheckDescribesTheKey() async throws {
        try await withSimulator { h in
            let check = try await h.client.authCheck()
            #expect(check.authenticated == true)
            #expect(check.credential?.kind == "api_key")
            #expect(check.credential?.keyStart == String(h.sim.apiKey.prefix(8)))
            #expect(check.grants?.permissions?.contains("virtual-machine:create") == true)
        }
    }

    /// An unknown data center is a 404 with the server's sentence, not retried.
    @Test func unknownDataCenterIsANotFoundThatIsNotRetried() async throws {
        try await withSimulator { h in
            let error = await apiError { try await h.client.images(datacenterId: UUID().uuidString.lowercased()) }
            #expect(error?.status == 404)
            #expect(error?.userMessage == "not found (404): Datacenter not found")
            #expect(h.stats().totalRequests == 1)
            #expect(h.sleeps.recorded.isEmpty)
        }
    }
}
