import Foundation
import GPCNCore
import Testing
@testable import GPCNSimulator

/// Every create rule with a failing and a passing request.
@Suite struct CreateValidationTests {
    typealias F = Fixture

    /// Sends `body`, expects `status`, and returns the reply.
    @discardableResult
    func expect(_ c: Client, _ body: [String: Any], _ status: Int, paths: [String]? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) async throws -> Reply {
        let r = try await c.create(body)
        #expect(r.status == status, "\(r.text)", sourceLocation: sourceLocation)
        if let paths { #expect(r.issuePaths == paths, "\(r.text)", sourceLocation: sourceLocation) }
        if status == 422 || status == 400 {
            #expect(r.apiError.code == (status == 422 ? "Validation Error" : "Bad Request"), sourceLocation: sourceLocation)
            #expect(r.json["error"]?["statusCode"] == .number(Double(status)), sourceLocation: sourceLocation)
            #expect(r.apiError.message.hasPrefix("Invalid Parameters: "), sourceLocation: sourceLocation)
        }
        return r
    }

    @Test func seedExampleWithCatalogIdsIsAccepted() async throws {
        try await withSimulator { c, _ in
            let r = try await expect(c, F.seedExampleFilled, 202)
            let jobs = try #require(try r.envelope(JobList.self).data?.jobs)
            #expect(jobs.count == 1)
            #expect(jobs[0].resourceName == "web-server" && jobs[0].stage == "initializing")
            #expect(jobs[0].progressPercentage == 0 && jobs[0].operation == "create")
            #expect(jobs[0].resourceType == "virtual_machine" && jobs[0].resourceId != nil)
            #expect(jobs[0].isCompleted == false && jobs[0].hasFailed == false && jobs[0].isTerminal == false)
            #expect(r.json["success"] == .bool(true) && r.json["meta"] == .null)
        }
    }

    @Test func seedExampleWithEmptyStringsListsEveryBadField() async throws {
        try await withSimulator { c, _ in
            let r = try await c.post("/v1/resource/virtual-machines", F.seedExampleEmpty)
            #expect(r.status == 422)
            #expect(r.issuePaths == ["datacenterId", "imageId", "skuId", "name", "resourceGroupId",
                                     "networkInterfaces.0.networkId", "sshKeyId"])
            #expect(r.apiError.message.hasPrefix("Invalid Parameters: datacenterId: Datacenter ID is required; imageId:"))
        }
    }

    @Test func malformedAndNonObjectBodies() async throws {
        try await withSimulator { c, _ in
            for body in ["{\"name\": ", "", "[1,2]", "null"] {
                let r = try await c.post("/v1/resource/virtual-machines", body)
                #expect(r.status == 422, "\(body)")
                #expect(r.issuePaths == ["body"])
            }
        }
    }

    @Test func missingRequiredFields() async throws {
        try await withSimulator { c, _ in
            try await expect(c, [:], 422, paths: ["datacenterId", "imageId", "skuId", "name"])
            try await expect(c, F.valid(), 202)
        }
    }

    @Test func idsMustBeUUIDs() async throws {
        try await withSimulator { c, _ in
            try await expect(c, F.valid(["datacenterId": "chicago", "skuId": 42, "sshKeyId": "abc", "resourceGroupId": "x"]), 422,
                             paths: ["datacenterId", "skuId", "resourceGroupId", "sshKeyId"])
            try await expect(c, F.valid(["resourceGroupId": F.production.id]), 202)
        }
    }

    @Test func nameRules() async throws {
        try await withSimulator { c, _ in
            for bad: Any in ["-web", "web-", "web_1", "   ", String(repeating: "a", count: 61), "wéb", 7] {
                try await expect(c, F.valid(["name": bad]), 422, paths: ["name"])
            }
            for good in ["w", "web 01.prod", "  trimmed  ", String(repeating: "a", count: 60)] {
                try await expect(c, F.valid(["name": good]), 202)
            }
        }
    }

    @Test func passwordRules() async throws {
        try await withSimulator { c, _ in
            func pw(_ p: String) -> [String: Any] { F.valid(["authMethod": "password", "sshKeyId": nil, "password": p]) }
            let short = try await expect(c, pw("Ab1!"), 422)
            #expect(short.apiError.issues.map(\.message) == ["Password must be at least 12 characters"])
            try await expect(c, pw("Abcdefgh12345678901!x"), 422, paths: ["password"])            // 21 chars
            try await expect(c, pw("Abcdefgh1234$"), 422, paths: ["password", "password"])       // $ not allowed, no special
            try await expect(c, pw("abcdefgh1234!"), 422, paths: ["password"])                   // no uppercase
            try await expect(c, pw("ABCDEFGH1234!"), 422, paths: ["password"])                   // no lowercase
            try await expect(c, pw("Abcdefghijkl!"), 422, paths: ["password"])                   // no digit
            try await expect(c, pw("Abcdefgh1234"), 422, paths: ["password"])                    // no special
            let all = try await expect(c, pw("ä"), 422)
            #expect(all.issuePaths.count == 6)  // length, characters, upper, lower (ASCII only), digit, special
            for good in ["Abcdefgh123!", "Zz9#Zz9#Zz9#Zz9#Zz9#", "A-b_c.d@e%f!1"] {
                try await expect(c, pw(good), 202)
            }
        }
    }

    @Test func usernameRules() async throws {
        try await withSimulator { c, _ in
            try await expect(c, F.valid(["username": "ab"]), 422, paths: ["username"])
            try await expect(c, F.valid(["username": String(repeating: "u", count: 21)]), 422, paths: ["username"])
            try await expect(c, F.valid(["username": "1user"]), 422, paths: ["username"])
            try await expect(c, F.valid(["username": "myuser"]), 202)
            try await expect(c, F.valid(["username": "_svc-01"]), 202)
        }
    }

    @Test func reservedUsernameIs400CaseInsensitive() async throws {
        try await withSimulator { c, _ in
            for name in ["root", "Root", "GUEST", "Administrator"] {
                let r = try await expect(c, F.valid(["username": name]), 400, paths: ["username"])
                #expect(r.apiError.issues.first?.message.contains("reserved") == true)
            }
        }
    }

    @Test func numberOfInstancesRules() async throws {
        try await withSimulator { c, _ in
            for bad: Any in [0, 11, 2.5, "2", -1] {
                try await expect(c, F.valid(["numberOfInstances": bad]), 422, paths: ["numberOfInstances"])
            }
            let ten = try await expect(c, F.valid(["numberOfInstances": 10, "name": "node"]), 202)
            let names = try ten.envelope(JobList.self).data?.jobs.compactMap(\.resourceName)
            #expect(names == (1...10).map { "node-\($0)" })
        }
    }

    @Test func wrongJSONTypes() async throws {
        try await withSimulator { c, _ in
            try await expect(c, F.valid(["allocatePublicIp": "yes", "authMethod": 1, "networkInterfaces": "prod-web"]), 422,
                             paths: ["allocatePublicIp", "networkInterfaces", "authMethod"])
            try await expect(c, F.valid(["authMethod": "oauth"]), 422, paths: ["authMethod"])
            try await expect(c, F.valid(["networkInterfaces": [["networkId": F.prodWeb.id, "primary": "yes"]]]), 422,
                             paths: ["networkInterfaces.0.primary"])
            try await expect(c, F.valid(["networkInterfaces": [7]]), 422, paths: ["networkInterfaces.0"])
        }
    }

    @Test func atMostFiveInterfaces() async throws {
        try await withSimulator { c, _ in
            let nets = F.catalog.networks.filter { $0.datacenter?.id == F.chicago.id }
            #expect(nets.count == 5)
            var six: [[String: Any]] = nets.enumerated().map { ["networkId": $0.element.id, "primary": $0.offset == 0] }
            six.append(["networkId": F.unknown, "primary": false])
            // The count is a schema problem (422); the unknown sixth network is reported as well.
            try await expect(c, F.valid(["networkInterfaces": six]), 422, paths: ["networkInterfaces", "networkInterfaces.5.networkId"])
            try await expect(c, F.valid(["networkInterfaces": Array(six.prefix(5))]), 202)
            try await expect(c, F.valid(["networkInterfaces": [[String: Any]]()]), 422, paths: ["networkInterfaces"])
        }
    }

    @Test func configurationIdIs400() async throws {
        try await withSimulator { c, _ in
            try await expect(c, F.valid(["configurationId": 3]), 400, paths: ["configurationId"])
        }
    }

    @Test func authMethodRequiredWhenTheImageHasAuthCustomizations() async throws {
        try await withSimulator { c, _ in
            try await expect(c, F.valid(["authMethod": nil, "sshKeyId": nil]), 400, paths: ["authMethod"])
            try await expect(c, F.valid(["imageId": F.windows.id, "authMethod": nil, "sshKeyId": nil]), 400, paths: ["authMethod"])
        }
    }

    @Test func authMethodForbiddenWithoutAuthCustomizationsExceptCustom() async throws {
        try await withSimulator { c, _ in
            try await expect(c, F.valid(["imageId": F.opnsense.id]), 400, paths: ["authMethod"])
            try await expect(c, F.valid(["imageId": F.opnsense.id, "authMethod": "password", "sshKeyId": nil,
                                         "password": "Abcdefgh123!"]), 400, paths: ["authMethod"])
            try await expect(c, F.valid(["imageId": F.opnsense.id, "authMethod": nil]), 400, paths: ["sshKeyId"])
            try await expect(c, F.valid(["imageId": F.opnsense.id, "authMethod": nil, "sshKeyId": nil]), 202)
            try await expect(c, F.valid(["imageId": F.opnsense.id, "authMethod": "custom", "sshKeyId": nil]), 202)
            try await expect(c, F.valid(["imageId": F.erp.id, "authMethod": "custom", "sshKeyId": nil]), 202)
        }
    }

    @Test func customAuthOnlyForCustomOrUncustomizableImages() async throws {
        try await withSimulator { c, _ in
            try await expect(c, F.valid(["authMethod": "custom", "sshKeyId": nil]), 400, paths: ["authMethod"])
            try await expect(c, F.valid(["imageId": F.fedora.id, "authMethod": "custom"]), 400, paths: ["sshKeyId"])
            try await expect(c, F.valid(["imageId": F.fedora.id, "authMethod": "custom", "sshKeyId": nil]), 202)
        }
    }

    @Test func credentialRequiredPerMethod() async throws {
        try await withSimulator { c, _ in
            try await expect(c, F.valid(["sshKeyId": nil]), 400, paths: ["sshKeyId"])
            try await expect(c, F.valid(["authMethod": "password", "sshKeyId": nil]), 400, paths: ["password"])
            try await expect(c, F.valid(["authMethod": "password", "password": "Abcdefgh123!"]), 400, paths: ["sshKeyId"])
            try await expect(c, F.valid(["password": "Abcdefgh123!"]), 400, paths: ["password"])
            try await expect(c, F.valid(["authMethod": "password", "sshKeyId": nil, "password": "Abcdefgh123!"]), 202)
        }
    }

    @Test func imageDecidesWhichMethodsAreAccepted() async throws {
        try await withSimulator { c, _ in
            try await expect(c, F.valid(["imageId": F.windows.id]), 400, paths: ["authMethod"])
            try await expect(c, F.valid(["imageId": F.windows.id, "authMethod": "password", "sshKeyId": nil,
                                         "password": "Abcdefgh123!"]), 202)
        }
    }

    @Test func usernameOnlyWhenTheImageAllowsIt() async throws {
        try await withSimulator { c, _ in
            try await expect(c, F.valid(["imageId": F.fedora.id, "username": "deploy"]), 400, paths: ["username"])
            try await expect(c, F.valid(["imageId": F.windows.id, "authMethod": "password", "sshKeyId": nil,
                                         "password": "Abcdefgh123!", "username": "deploy"]), 400, paths: ["username"])
            try await expect(c, F.valid(["imageId": F.fedora.id]), 202)
        }
    }

    @Test func exactlyOnePrimaryInterface() async throws {
        try await withSimulator { c, _ in
            let two = [["networkId": F.prodWeb.id, "primary": true], ["networkId": F.staging.id, "primary": true]]
            try await expect(c, F.valid(["networkInterfaces": two]), 400, paths: ["networkInterfaces"])
            let none = [["networkId": F.prodWeb.id, "primary": false], ["networkId": F.staging.id]]
            try await expect(c, F.valid(["networkInterfaces": none]), 400, paths: ["networkInterfaces"])
            let one = [["networkId": F.prodWeb.id, "primary": false], ["networkId": F.staging.id, "primary": true]]
            try await expect(c, F.valid(["networkInterfaces": one]), 202)
        }
    }

    @Test func duplicateNetworkIsRejected() async throws {
        try await withSimulator { c, _ in
            let dup = [["networkId": F.prodWeb.id, "primary": true], ["networkId": F.prodWeb.id, "primary": false]]
            try await expect(c, F.valid(["networkInterfaces": dup]), 400, paths: ["networkInterfaces.1.networkId"])
        }
    }

    @Test func networksMustBeInTheVMsDataCenter() async throws {
        try await withSimulator { c, _ in
            let foreign = [["networkId": F.prodWeb.id, "primary": true], ["networkId": F.euWeb.id, "primary": false]]
            let r = try await expect(c, F.valid(["networkInterfaces": foreign]), 400, paths: ["networkInterfaces.1.networkId"])
            #expect(r.apiError.issues[0].message.contains("Frankfurt"))
        }
    }

    @Test func publicIpNeedsAStandardPrimary() async throws {
        try await withSimulator { c, _ in
            let l2 = [["networkId": F.storageL2.id, "primary": true]]
            try await expect(c, F.valid(["networkInterfaces": l2, "allocatePublicIp": true]), 400, paths: ["allocatePublicIp"])
            try await expect(c, F.valid(["networkInterfaces": l2, "allocatePublicIp": false]), 202)
            let l3 = [["networkId": F.prodWeb.id, "primary": true], ["networkId": F.storageL2.id, "primary": false]]
            try await expect(c, F.valid(["networkInterfaces": l3, "allocatePublicIp": true]), 202)
            try await expect(c, F.valid(["allocatePublicIp": true]), 202)  // default network is standard
        }
    }

    @Test func unknownReferencedIdsAre400() async throws {
        try await withSimulator { c, _ in
            try await expect(c, F.valid(["datacenterId": F.unknown]), 400, paths: ["datacenterId"])
            let r = try await expect(c, F.valid(["imageId": F.unknown, "skuId": F.unknown, "sshKeyId": F.unknown,
                                                 "resourceGroupId": F.unknown,
                                                 "networkInterfaces": [["networkId": F.unknown, "primary": true]]]),
                                     400, paths: ["imageId", "skuId", "resourceGroupId", "sshKeyId", "networkInterfaces.0.networkId"])
            #expect(r.apiError.issues.map(\.message).contains("Network not found"))
        }
    }

    @Test func imageOrSizeOfAnotherDataCenter() async throws {
        try await withSimulator { c, _ in
            let tokyoWindows = F.valid(["datacenterId": F.tokyo.id, "imageId": F.windows.id, "authMethod": "password",
                                        "sshKeyId": nil, "password": "Abcdefgh123!"])
            let r = try await expect(c, tokyoWindows, 400, paths: ["imageId"])
            #expect(r.apiError.issues[0].message == "Image not available in this datacenter")
            let sold = try await expect(c, F.valid(["skuId": F.soldOut.id]), 400, paths: ["skuId"])
            #expect(sold.apiError.issues[0].message.contains("not available"))
            let tokyoFedora = F.valid(["datacenterId": F.tokyo.id, "imageId": F.fedora.id])  // Chicago's custom image
            try await expect(c, tokyoFedora, 400, paths: ["imageId"])
        }
    }

    @Test func allProblemsAreReportedTogether() async throws {
        try await withSimulator { c, _ in
            // Business problems only: 400 with every one of them.
            let many = F.valid(["imageId": F.fedora.id, "username": "root", "configurationId": 1,
                                "allocatePublicIp": true, "sshKeyId": F.unknown,
                                "networkInterfaces": [["networkId": F.storageL2.id, "primary": true],
                                                      ["networkId": F.euWeb.id, "primary": false]]])
            try await expect(c, many, 400, paths: ["username", "configurationId", "sshKeyId", "networkInterfaces.1.networkId",
                                                   "allocatePublicIp", "username"])
            // Schema and business problems: 422, still listing the business ones that could be checked.
            let mixed = F.valid(["name": "", "username": "root", "configurationId": 1])
            try await expect(c, mixed, 422, paths: ["name", "username", "configurationId"])
        }
    }
}
