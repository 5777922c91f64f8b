import Foundation
import Testing
@testable import GPCNCore

@Suite("Decoding API answers")
struct DecodingTests {
    @Test func authCheck() throws {
        let env = try Fixture.decode(Envelope<AuthCheck>.self, "auth-check.json")
        #expect(env.success == true)
        let data = try #require(env.data)
        #expect(data.authenticated == true)
        #expect(data.credential?.kind == "api_key")
        #expect(data.credential?.keyStart == "gpcn_abc")
        #expect(data.credential?.expiresAt == nil)
        #expect(data.grants?.permissions == ["virtual-machine:read", "virtual-machine:create"])
        #expect(env.meta == nil)        // "meta": null reads as absent
        #expect(env.page == nil)
    }

    @Test func dataCentersWithPaginationAndMixedTypes() throws {
        let env = try Fixture.decode(Envelope<[DataCenter]>.self, "data-centers-page1.json")
        let dcs = try #require(env.data)
        // the element without an id and the string are skipped, not fatal
        #expect(dcs.map(\.id) == [Fx.dcA, Fx.dcB])
        #expect(dcs[0].countryId == "1")          // string form
        #expect(dcs[1].countryId == "1")          // integer form
        #expect(dcs[0].regionId == 1)
        #expect(dcs[1].regionId == 2)             // "2"
        #expect(dcs[0].code == "CHI-1")
        #expect(dcs[0].gpuEnabled == true && dcs[0].l2Capable == true)
        #expect(dcs[1].gpuEnabled == false && dcs[1].customImages == true && dcs[1].vpcCapable == false)
        #expect(dcs[1].l2Capable == nil)
        #expect(dcs[1].continentName == nil)
        let page = try #require(env.page)
        #expect(page.total == 12 && page.page == 1 && page.pageSize == 10 && page.totalPages == 2)
        #expect(page.hasMore)
    }

    @Test(arguments: [
        (#"{"total":3,"page":1,"pageSize":10,"totalPages":1}"#, false),
        (#"{"page":1,"totalPages":3}"#, true),
        (#"{"page":"2","totalPages":"2"}"#, false),
        (#"{"hasNextPage":true}"#, true),
    ])
    func pageMeta(_ meta: String, _ more: Bool) throws {
        let env = try decodeJSON(Envelope<[DataCenter]>.self, #"{"success":true,"data":[],"meta":\#(meta)}"#)
        #expect(try #require(env.page).hasMore == more)
    }

    @Test func pageMetaAbsentOrNotPagination() throws {
        #expect(try decodeJSON(Envelope<[DataCenter]>.self, #"{"data":[]}"#).page == nil)
        #expect(try decodeJSON(Envelope<[DataCenter]>.self, #"{"data":[],"meta":{"constraints":{}}}"#).page == nil)
        #expect(PageMeta(total: 25, page: 1, pageSize: 10).totalPages == 3)
        #expect(PageMeta(total: 0, page: 1, pageSize: 10).hasMore == false)
    }

    @Test func imagesByCategoryWithEveryCustomizationShape() throws {
        let env = try Fixture.decode(Envelope<[ImageCategory]>.self, "images.json")
        let catalog = ImageCatalog(categories: try #require(env.data),
                                   reservedUsernames: ImageCatalog.reservedUsernames(fromMeta: env.meta))
        #expect(catalog.categories.map(\.name) == ["Linux", "Windows", "Network/Security", "Custom"])
        #expect(catalog.categories.map(\.id) == [1, 2, 3, 4])
        #expect(catalog.categories[0].images.count == 2)   // the image without id is skipped
        let all = ImageCustomizations(sshKey: true, password: true, username: true)
        // object form
        #expect(catalog.image(id: "eb7da49d-cc71-480a-968d-fbf2841bedf7")?.customizations == all)
        #expect(catalog.image(id: "eb7da49d-cc71-480a-968d-fbf2841bedf7")?.username == "almalinux")
        // array form
        #expect(catalog.image(id: "b79f0102-ff16-43ad-a24f-e59ad1aab998")?.customizations == all)
        // windows: password only
        let win = try #require(catalog.image(id: "fec02d29-4f30-4aa1-ac74-805a7cd01e28"))
        #expect(win.customizations == ImageCustomizations(password: true))
        #expect(win.customizations.authMethods == [.password])
        // appliance with {}: no auth; an image with no config at all (as the reference's own
        // examples): not known, so every login is offered and the server decides
        #expect(catalog.image(id: "0c4d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f")?.customizations == ImageCustomizations.none)
        #expect(catalog.image(id: "0c4d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f")?.config?.type == "none")
        let bare = try #require(catalog.image(id: "1d5e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a"))
        #expect(bare.config == nil)
        #expect(bare.customizations == .unknown && !bare.customizations.isKnown)
        #expect(bare.customizations.authMethods == [.sshKey, .password, .custom])
        // custom: "true" as a string still counts, username false
        #expect(catalog.image(id: "121219fe-3d5e-43e5-8f81-e42ddba4322e")?.customizations ==
                ImageCustomizations(sshKey: true, password: true, username: false))
        #expect(catalog.reservedUsernames.count == 12)
        #expect(catalog.reservedUsernames.contains("debian"))
    }

    @Test func reservedUsernamesAsObject() throws {
        let env = try Fixture.decode(Envelope<[ImageCategory]>.self, "images-reserved-object.json")
        #expect(ImageCatalog.reservedUsernames(fromMeta: env.meta) == ["root", "guest", "operator"])
        #expect(ImageCatalog.reservedUsernames(fromMeta: nil) == [])
        #expect(ImageCatalog.reservedUsernames(fromMeta: .null) == [])
    }

    @Test(arguments: [
        (#"["sshKey"]"#, ImageCustomizations(sshKey: true)),
        (#"["ssh-key","PASSWORD"]"#, ImageCustomizations(sshKey: true, password: true)),
        (#"[]"#, ImageCustomizations.none),
        (#"{"sshKey":1,"password":0,"username":"yes"}"#, ImageCustomizations(sshKey: true, username: true)),
        (#"{"somethingNew":true}"#, ImageCustomizations.none),
    ])
    func customizationForms(_ json: String, _ expected: ImageCustomizations) throws {
        let img = try decodeJSON(VMImage.self, #"{"id":"i","config":{"customizations":\#(json)}}"#)
        #expect(img.customizations == expected)
    }

    @Test func sizesObjectWithCategories() throws {
        let env = try Fixture.decode(Envelope<SizeCatalog>.self, "sizes.json")
        let sizes = try #require(env.data)
        #expect(sizes.datacenterId == Fx.dcA)
        #expect(sizes.categories.map(\.code) == ["general-purpose", "memory-optimized"])
        #expect(sizes.allSizes.map(\.name) == ["G-Micro-1", "G-Small-1", "M-Micro-1"])
        let micro = try #require(sizes.size(id: "5a1c3f0e-1b2d-4c3e-8f4a-5b6c7d8e9f01"))
        #expect(micro.cpu == 2 && micro.ram == 4 && micro.disk == 50)
        #expect(micro.pricePerHour == 0.0312 && micro.currency == "USD" && micro.isAvailable)
        let small = try #require(sizes.size(id: "5a1c3f0e-1b2d-4c3e-8f4a-5b6c7d8e9f02"))
        #expect(small.cpu == 4 && small.ram == 8)                 // "4" and 8.0
        #expect(!small.isAvailable)
        #expect(small.unavailableReason == "Sold out in this data center")
        #expect(sizes.size(id: "5a1c3f0e-1b2d-4c3e-8f4a-5b6c7d8e9f03")?.isAvailable == true)  // absent = available
    }

    @Test func sshKeys() throws {
        let env = try Fixture.decode(Envelope<[SSHKey]>.self, "ssh-keys.json")
        let keys = try #require(env.data)
        #expect(keys.count == 2)
        #expect(keys[0].isDefault == true)
        #expect(keys[0].fingerprint?.hasPrefix("SHA256:") == true)
        #expect(keys[0].algorithmDisplayName == "ED25519")
        #expect(keys[1].isDefault == false)
        #expect(keys[1].displayName == "ci")
        #expect(env.page?.hasMore == false)
    }

    @Test func networks() throws {
        let env = try Fixture.decode(Envelope<[Network]>.self, "networks.json")
        let nets = try #require(env.data)
        #expect(nets.map(\.displayName) == ["default-network", "l2-storage", "lan-b", "vpc-ish"])
        #expect(nets[0].type == .standard && nets[0].isDefault == true && nets[0].datacenterId == Fx.dcA)
        #expect(nets[0].cidrBlock == "10.0.0.0/24" && nets[0].gatewayIp == "10.0.0.1")
        #expect(nets[1].type == .custom)                   // "Custom"
        #expect(nets[2].datacenterId == Fx.dcB)             // flat datacenterId
        #expect(nets[3].type == nil && nets[3].datacenterId == nil)
    }

    @Test func resourceGroups() throws {
        let env = try Fixture.decode(Envelope<[ResourceGroup]>.self, "resource-groups.json")
        let groups = try #require(env.data)
        #expect(groups.map(\.name) == ["web", "batch"])
        #expect(groups[1].description == nil)
        #expect(env.page?.total == 2)
        #expect(env.meta?["unassignedVMs"]?.doubleValue == 1)
    }

    // MARK: Jobs

    @Test func createResponseWithJobsArray() throws {
        let env = try Fixture.decode(Envelope<JobList>.self, "create-response.json")
        let jobs = try #require(env.data).jobs
        #expect(jobs.count == 2)
        #expect(jobs[0].jobId == "123e4567-e89b-12d3-a456-426614174000")
        #expect(jobs[0].resourceId == "123e4567-e89b-12d3-a456-426614174100")
        #expect(jobs[0].errorMessage == nil)
        #expect(jobs[0].displayName == "web-1")
        #expect(jobs[0].timeRemaining == "about 2 minutes")
        #expect(jobs.allSatisfy { $0.state == .running })
        #expect(jobs[1].resourceId == nil)
    }

    @Test func singleJobAsData() throws {
        let env = try Fixture.decode(Envelope<JobList>.self, "delete-response-single-job.json")
        let jobs = try #require(env.data).jobs
        #expect(jobs.map(\.jobId) == ["123e4567-e89b-12d3-a456-426614174009"])
        #expect(jobs[0].operation == "delete")
        // a bare array of jobs is read too
        let bare = try decodeJSON(Envelope<JobList>.self, #"{"data":[{"jobId":"a"},{"nope":1},{"jobId":"b"}]}"#)
        #expect(bare.data?.jobs.map(\.jobId) == ["a", "b"])
        #expect(try decodeJSON(Envelope<JobList>.self, #"{"data":{"jobs":[]}}"#).data?.jobs == [])
        // `jobs: null` is a broken answer, not "no jobs" (which would drop every polled job).
        #expect(throws: DecodingError.self) { try decodeJSON(Envelope<JobList>.self, #"{"data":{"jobs":null}}"#) }
    }

    @Test func sparseJobs() throws {
        let env = try Fixture.decode(Envelope<JobList>.self, "jobs-sparse.json")
        #expect(env.message == "Job progress retrieved successfully")
        let jobs = try #require(env.data).jobs
        #expect(jobs.count == 7)                        // the one without jobId is skipped
        #expect(jobs[0] == Job(jobId: "123e4567-e89b-12d3-a456-426614174000"))
        #expect(jobs[1] == Job(jobId: "123e4567-e89b-12d3-a456-426614174001"))   // all nulls
        #expect(jobs[0].progress == 0 && jobs[0].state == .running)
        #expect(jobs[2].progressPercentage == 45 && jobs[2].isCompleted == false && jobs[2].hasFailed == false)
        #expect(jobs[3].state == .failed && jobs[3].canRetry == true && jobs[3].progress == 60)
        #expect(jobs[3].resourceId != nil)
        #expect(jobs[3].failureText == "Insufficient capacity in CHI-1")
        #expect(jobs[4].state == .cancelled && jobs[4].progress == 40)
        #expect(jobs[5].state == .succeeded && jobs[5].progress == 100)
        #expect(jobs[6].state == .failed && jobs[6].progressPercentage == 88)
        #expect(jobs[6].failureText == "Cloud-init timed out")
    }

    static let stateCases: [(Bool?, Bool?, Bool?, String?, JobState)] = [
        (nil, nil, nil, nil, .running),
        (false, false, false, "provisioning", .running),
        (true, false, true, "completed", .succeeded),
        (true, nil, nil, nil, .succeeded),                 // isCompleted is the success signal
        (false, true, true, "failed", .failed),
        (nil, true, nil, nil, .failed),
        (false, false, true, "configuring", .failed),      // terminal without hasFailed = failed
        (nil, nil, true, nil, .failed),
        (false, false, true, "cancelled", .cancelled),
        (false, false, true, "Cancelled", .cancelled),
        (nil, nil, nil, "cancelled", .cancelled),
        (true, true, true, "failed", .failed),             // contradictory flags: not a success
        (false, false, false, "completed", .running),      // a stage name alone decides nothing
    ]

    @Test(arguments: stateCases)
    func jobState(_ completed: Bool?, _ failed: Bool?, _ terminal: Bool?, _ stage: String?, _ expected: JobState) {
        let job = Job(jobId: "j", stage: stage, isCompleted: completed, hasFailed: failed, isTerminal: terminal)
        #expect(job.state == expected)
        #expect(job.state.isTerminal == (expected != .running))
    }

    @Test func jobStateMarkersAreText() {
        #expect(JobState.allCases.map(\.marker) == ["RUN", "OK", "FAIL", "CANC", "GONE"])
        #expect(JobState.notVisible.isTerminal)
    }

    /// errorMessage, message, envelope message -> text from the job alone, text with the envelope.
    static let failureCases: [(String?, String?, String?, String?, String?)] = [
        ("disk full", "Provisioning failed", "env", "disk full", "disk full"),
        ("", "Provisioning failed", "env", "Provisioning failed", "Provisioning failed"),
        ("   ", "Provisioning failed", nil, "Provisioning failed", "Provisioning failed"),
        (nil, nil, "Job progress retrieved successfully", nil, "Job progress retrieved successfully"),
        (nil, " ", "", nil, nil),
        (nil, nil, nil, nil, nil),
    ]

    @Test(arguments: failureCases)
    func failureTextPrecedence(_ error: String?, _ message: String?, _ envelope: String?,
                               _ jobOnly: String?, _ withEnvelope: String?) {
        let job = Job(jobId: "j", message: message, errorMessage: error, hasFailed: true)
        #expect(job.failureText == jobOnly)
        #expect(job.failureText(envelopeMessage: envelope) == withEnvelope)
    }

    @Test func progressIsClamped() throws {
        #expect(Job(jobId: "j", progressPercentage: 140).progress == 100)
        #expect(Job(jobId: "j", progressPercentage: -3).progress == 0)
        let j = try decodeJSON(Job.self, #"{"jobId":"j","progressPercentage":"12.5"}"#)
        #expect(j.progressPercentage == 12)
    }

    // MARK: VMs

    @Test func vmFlat() throws {
        let vm = try #require(try Fixture.decode(Envelope<VirtualMachine>.self, "vm-flat.json").data)
        #expect(vm.id == "vm-456" && vm.name == "test-vm" && vm.status == "Running")
        #expect(vm.image == "Alma Linux 8.x" && vm.username == "admin" && vm.sshKeyId == "ssh-key-abc")
        #expect(vm.datacenter?.name == "US-East-1" && vm.datacenter?.countryAbbr == "US")
        #expect(vm.resourceGroupId == "c0ffee00-0000-4000-8000-000000000001")
    }

    @Test func vmNestedCamelCase() throws {
        let vm = try #require(try Fixture.decode(Envelope<VirtualMachine>.self, "vm-nested.json").data)
        #expect(vm.id == "vm-789" && vm.status == "Running")
        #expect(vm.image == "Ubuntu 24.04 LTS")           // imageName
        #expect(vm.primaryPublicIp == "203.0.113.7")
    }

    @Test func vmNestedLowercase() throws {
        let vm = try #require(try Fixture.decode(Envelope<VirtualMachine>.self, "vm-nested-lower.json").data)
        #expect(vm.id == "vm-790" && vm.status == "Shutoff" && vm.name == "v01-shape")
    }

    @Test func vmRoundTripsThroughItsEncoding() throws {
        let vm = try #require(try Fixture.decode(Envelope<VirtualMachine>.self, "vm-flat.json").data)
        let again = try JSONDecoder().decode(VirtualMachine.self, from: JSONEncoder().encode(vm))
        #expect(again == vm)
    }

    @Test func vmWithoutIdFails() {
        #expect(throws: (any Error).self) { try decodeJSON(VirtualMachine.self, #"{"name":"x"}"#) }
    }

    // MARK: Tolerance

    @Test func unknownFieldsAreIgnoredEverywhere() throws {
        let env = try decodeJSON(Envelope<[ResourceGroup]>.self, """
            {"success":true,"message":"","data":[{"id":"g","name":"n","owner":{"deep":[1,2,{"x":null}]}}],
             "meta":null,"traceId":"abc","newTopLevel":[true]}
            """)
        #expect(env.data == [ResourceGroup(id: "g", name: "n")])
    }

    @Test func malformedElementsAreSkippedInEveryList() throws {
        let json = #"{"data":[{"id":"a"},null,42,{"name":"no id"},{"id":7},[]]}"#
        #expect(try decodeJSON(Envelope<[DataCenter]>.self, json).data?.map(\.id) == ["a", "7"])
        #expect(try decodeJSON(Envelope<[SSHKey]>.self, json).data?.map(\.id) == ["a", "7"])
        #expect(try decodeJSON(Envelope<[Network]>.self, json).data?.map(\.id) == ["a", "7"])
        #expect(try decodeJSON(Envelope<[ResourceGroup]>.self, json).data?.map(\.id) == ["a", "7"])
    }

    @Test func listPayloadOfTheWrongShapeStillFails() {
        #expect(throws: (any Error).self) { try decodeJSON(Envelope<[DataCenter]>.self, #"{"data":{"id":"a"}}"#) }
        #expect(throws: Never.self) { try decodeJSON(Envelope<[DataCenter]>.self, #"{"data":null}"#) }
    }

    @Test func envelopeWithoutMessage() throws {
        let env = try decodeJSON(Envelope<JobList>.self, #"{"success":true}"#)
        #expect(env.success == true && env.message == nil && env.data == nil)
    }
}
