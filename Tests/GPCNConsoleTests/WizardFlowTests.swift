import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// The wizard's update driven by key sequences, as an operator would type them.
@Suite struct WizardFlowTests {
    @Test func sshKeyHappyPath() throws {
        var d = Driver()
        d.press(.enter, .enter, .enter)           // Chicago, Ubuntu, G-Small-1
        #expect(d.wizard.step == .access)
        #expect(d.wizard.answers.authMethod == .sshKey)
        #expect(d.wizard.answers.sshKeyId == Fixture.key.id, "the default key is preselected")
        d.press(.enter)                           // key
        d.press(.space, .enter)                   // web network (primary), next
        d.type("web")
        d.press(.tab, .backspace)
        d.type("3")
        d.press(.enter)
        #expect(d.wizard.step == .review)
        d.press(.enter)
        let body = try #require(d.submittedRequest)
        #expect(body == CreateVMRequest(datacenterId: Fixture.chicago.id, imageId: Fixture.ubuntu.id,
                                        skuId: Fixture.small.skuId, name: "web", numberOfInstances: 3,
                                        networkInterfaces: [NetworkInterface(networkId: Fixture.web.id, primary: true)],
                                        authMethod: .sshKey, sshKeyId: Fixture.key.id))
        #expect(d.wizard.submit == .submitting)
    }

    @Test func passwordPathWithGeneratorAndUsername() throws {
        var d = Driver()
        d.press(.enter, .enter, .enter)
        d.press(.right)                           // password
        #expect(d.wizard.answers.authMethod == .password)
        d.press(.tab)
        d.type("short")
        d.press(.enter)
        #expect(d.wizard.step == .access, "an invalid password keeps the step")
        #expect(d.wizard.blocked?.contains("12") == true)
        d.press(.ctrl("g"))
        #expect(d.effects.last == .generatePassword)
        d.send(.generatedPassword("Gen3rated-Pass.1"))
        d.press(.tab)
        d.type("root")
        d.press(.enter)
        #expect(d.wizard.step == .access, "a reserved username keeps the step")
        #expect(d.wizard.accessFocus == .username)
        for _ in 0..<4 { d.press(.backspace) }
        d.type("deploy")
        d.press(.enter)                           // -> network
        d.press(.enter)                           // default network
        d.type("db")
        d.press(.enter, .enter)
        let body = try #require(d.submittedRequest)
        #expect(body.authMethod == .password)
        #expect(body.password == "Gen3rated-Pass.1")
        #expect(body.username == "deploy")
        #expect(body.sshKeyId == nil)
        #expect(body.networkInterfaces == nil, "no networks chosen: the default network, nothing sent")
    }

    @Test func applianceSendsNoAuthMethod() throws {
        var d = Driver()
        d.press(.enter, .end, .enter, .enter)
        #expect(d.wizard.allowedAuthMethods.isEmpty)
        d.press(.enter)                           // nothing to set
        d.press(.enter)                           // default network
        d.type("fw")
        d.press(.enter, .enter)
        let body = try #require(d.submittedRequest)
        #expect(body.authMethod == nil && body.sshKeyId == nil && body.password == nil && body.username == nil)
    }

    @Test func backKeepsEveryAnswer() {
        var d = Driver()
        d.press(.enter, .enter, .enter, .enter, .space, .enter)
        d.type("web")
        let before = d.wizard.answers
        for _ in 0..<5 { d.press(.escape) }
        #expect(d.wizard.step == .dataCenter)
        #expect(d.wizard.answers == before)
        #expect(d.wizard.dataCenterList.selectedID == Fixture.chicago.id)
        d.press(.enter, .enter, .enter, .enter, .enter)
        #expect(d.wizard.step == .details)
        #expect(d.wizard.nameField.text == "web")
        #expect(d.wizard.networkSelect.selected == [Fixture.web.id])
    }

    @Test func changingTheDataCenterClearsWhatBelongsToIt() {
        var d = Driver()
        d.press(.enter, .enter, .enter, .enter, .space, .enter)
        d.type("web")
        for _ in 0..<5 { d.press(.escape) }
        d.press(.down, .enter)                    // Tokyo instead of Chicago
        #expect(d.wizard.answers.datacenterId == Fixture.tokyo.id)
        #expect(d.wizard.answers.imageId == nil)
        #expect(d.wizard.answers.skuId == nil)
        #expect(d.wizard.answers.networkIds.isEmpty)
        #expect(d.wizard.answers.name == "web", "answers that do not belong to the data center stay")
        #expect(d.wizard.notice?.contains("cleared") == true)
        #expect(d.text.contains("Data center changed"))
    }

    @Test func serverValidationJumpsToTheField() throws {
        var d = Driver()
        d.press(.enter, .enter, .enter, .enter, .enter)
        d.type("web")
        d.press(.enter, .enter)
        #expect(d.wizard.submit == .submitting)
        let issue = FieldIssue(path: "username", message: "'deploy' is reserved on this platform")
        d.send(.submitted(.failure(APIError(kind: .http(status: 422), code: "Validation Error",
                                            message: "Invalid Parameters", issues: [issue]))))
        #expect(d.wizard.step == .access)
        #expect(d.wizard.accessFocus == .username)
        #expect(d.text.contains("'deploy' is reserved on this platform"))
        #expect(d.wizard.answers.name == "web", "nothing is lost")
        d.press(.tab)                             // focus stays within the step
        d.type("x")                              // editing the field clears the server's word
        #expect(d.wizard.serverIssues.isEmpty)
    }

    @Test func otherSubmitErrorsStayOnReview() {
        var d = Driver()
        d.press(.enter, .enter, .enter, .enter, .enter)
        d.type("web")
        d.press(.enter, .enter)
        d.send(.submitted(.failure(APIError(kind: .http(status: 401), message: "Failed to authenticate."))))
        #expect(d.wizard.step == .review)
        #expect(d.text.contains("GPCN_API_KEY"))
        d.send(.submitted(.failure(APIError(kind: .timeout(seconds: 30), message: "timeout"))))
        #expect(d.text.contains("may have gone through"))
    }

    @Test func successOpensJobsAndJournalsFirst() throws {
        var d = Driver()
        d.press(.enter, .enter, .enter, .right, .tab)
        d.type("Secret-Pass-123")
        d.press(.enter, .enter)
        d.type("web")
        d.press(.enter, .enter)
        let jobs = [Job(jobId: "f0000000-0000-4000-8000-000000000001", stage: "initializing", resourceName: "web")]
        d.send(.submitted(.success(jobs)))
        #expect(d.state.jobs != nil)
        // Journaled by the create submitter before this answer reached the screen (CreateSubmitterTests).
        #expect(!d.effects.contains { if case .appendJournal = $0 { return true }; return false })
        #expect(d.effects.contains { if case .pollJobBatch = $0 { return true }; return false })
        #expect(d.state.wizard == nil)
    }

    @Test func ctrlCAsksAndSecondCtrlCQuits() {
        var d = Driver()
        d.press(.ctrl("c"))
        #expect(d.state.overlay == .confirmQuit)
        #expect(d.state.exitCode == nil)
        d.press(.character("y"))
        #expect(d.state.exitCode == 130)
        #expect(d.effects.last == .quit(exitCode: 130))
    }

    @Test func unavailableSizeCannotBeChosen() {
        var d = Driver()
        d.press(.enter, .enter)
        d.press(.down)                            // the unavailable row is skipped
        #expect(d.wizard.sizeList.selectedID == Fixture.small.skuId)
        #expect(d.text.contains("sold out"))
    }

    @Test func publicIpRefusedOnCustomPrimary() {
        var d = Driver()
        d.press(.enter, .enter, .enter, .enter)
        d.press(.down, .space)                    // storage-l2 only: primary is custom L2
        d.press(.tab, .space)
        #expect(d.wizard.answers.allocatePublicIp == false)
        #expect(d.wizard.blocked?.contains("custom L2") == true)
    }

    @Test func networkSelectionReachesTheAnswers() {
        var d = Driver()
        d.press(.enter, .enter, .enter, .enter)
        d.press(.down, .space)
        #expect(d.wizard.answers.networkIds == [Fixture.storage.id])
        d.press(.up, .character("p"))
        #expect(d.wizard.answers.networkIds == [Fixture.web.id, Fixture.storage.id])
        #expect(d.wizard.answers.primaryNetworkId == Fixture.web.id)
    }

    @Test func questionMarkTypesIntoTextFields() {
        var d = Driver()
        d.press(.enter, .enter, .enter, .enter, .enter)
        d.type("a?")
        #expect(d.state.overlay == nil)
        #expect(d.wizard.nameField.text == "a?")
        #expect(d.text.contains("not allowed"))
    }

    @Test func aStepsNoticeLeavesWithTheStep() {
        var d = Driver()
        d.press(.enter, .enter, .enter, .right, .tab)
        d.send(.generatedPassword("Gen3rated-Pass.1"))
        #expect(d.wizard.notice != nil)
        d.press(.enter)                           // -> network
        #expect(d.wizard.step == .network)
        #expect(d.wizard.notice == nil, "the access step's notice is not shown on the next steps")
    }
}
