import GPCNApp
import Testing

@Suite struct ShellHintTests {
    @Test func namesThatNeedNoQuotesStayBare() {
        #expect(ShellHint.vms(name: "web") == "gpcn vms --name web")
        #expect(ShellHint.jobs(["a-1", "b-2"]) == "gpcn jobs a-1 b-2")
        #expect(ShellHint.jobs() == "gpcn jobs")
    }

    @Test func spacesAndQuotesArePasteable() {
        #expect(ShellHint.vms(name: "web servers") == "gpcn vms --name 'web servers'")
        #expect(ShellHint.vms(name: "it's") == "gpcn vms --name 'it'\\''s'")
        #expect(ShellHint.vms(name: "") == "gpcn vms --name ''")
    }
}
