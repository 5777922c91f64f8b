import Foundation
import GPCNApp
import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// The dashboard after the create: addresses on the rows, `s` to log in, `y`/`Y` to copy, and
/// the bell, notification and title when everything has ended.
@Suite struct AfterCreateTests {
    func done(_ d: inout DashDriver, _ jobs: [Job]) {
        d.advance(by: 1)
        d.answerPolls(jobs)
    }

    @Test func addressesAreLookedUpOnceForTheBatchWhenAllHaveEndedAndShownOnTheRows() {
        var d = DashDriver(jobs: [DashFixture.created(1), DashFixture.created(2)], size: Size(width: 120, height: 30))
        d.answerPolls([DashFixture.succeeded(1, after: 30), DashFixture.created(2)])
        func lookUps() -> [Effect] { d.effects.filter { if case .lookUpAddresses = $0 { return true }; return false } }
        #expect(lookUps().isEmpty, "not while polls still need the rate budget")
        done(&d, [DashFixture.succeeded(1, after: 30), DashFixture.succeeded(2, after: 40)])
        #expect(lookUps() == [.lookUpAddresses([VMAddressLookup.Target(vmId: DashFixture.vmId(1), name: "web-1", batch: "web"),
                                                VMAddressLookup.Target(vmId: DashFixture.vmId(2), name: "web-2", batch: "web")])],
                "one look-up for the batch")
        d.send(.addressesFound([DashFixture.vmId(1): VMAddresses(privateIp: "10.1.0.4", publicIp: "203.0.113.9")]))
        #expect(d.text.contains("private 10.1.0.4  public 203.0.113.9"), "\(d.text)")
        done(&d, [DashFixture.succeeded(1, after: 30), DashFixture.succeeded(2, after: 40)])
        #expect(lookUps().count == 1, "once")
    }

    @Test func aVMTheOperatorActsOnIsLookedUpAtOnce() {
        var d = DashDriver(jobs: [DashFixture.created(1), DashFixture.created(2)])
        d.answerPolls([DashFixture.succeeded(1, after: 30), DashFixture.created(2)])
        d.press(.character("s"))
        #expect(d.effects.last == .lookUpAddresses([VMAddressLookup.Target(vmId: DashFixture.vmId(1), name: "web-1", batch: "web-1")]))
        #expect(d.jobs.notice?.text.contains("looking it up") == true)
    }

    @Test func whenEverythingHasEndedTheBellRingsAndANotificationSaysHowItWent() {
        var d = DashDriver(jobs: [DashFixture.created(1), DashFixture.created(2)])
        d.answerPolls([DashFixture.succeeded(1, after: 30), DashFixture.created(2)])
        #expect(d.effects.contains(.emit(.title("gpcn: 1 done, 1 running"))))
        #expect(!d.effects.contains(.emit(.bell)), "not while a job runs")
        done(&d, [DashFixture.succeeded(1, after: 30), DashFixture.failed(2, progress: 40, error: "no capacity", canRetry: true, after: 50)])
        #expect(d.effects.filter { $0 == .emit(.bell) }.count == 1)
        #expect(d.effects.contains(.emit(.notify(title: "gpcn: all jobs have ended", body: "1 done, 1 failed"))))
        #expect(d.effects.contains(.emit(.title("gpcn: 1 done, 1 failed"))))
    }

    @Test func notifyOffInTheProfileStaysQuiet() {
        var d = DashDriver(jobs: [DashFixture.created(1)])
        d.state.settings.notify = false
        d.answerPolls([DashFixture.succeeded(1, after: 30)])
        #expect(!d.effects.contains { if case .emit = $0 { return true }; return false })
    }

    @Test func sLogsInWithTheUserOfTheCreateAtThePublicAddress() {
        var request = DashFixture.request
        request.username = "deploy"
        var d = DashDriver(jobs: [DashFixture.created(1)], request: request)
        let before = d.effects.count
        d.press(.character("s"))
        #expect(d.effects.count == before && !d.jobs.bindings.contains { $0.label == "ssh" },
                "s is not a key of a running job (its VM does not exist yet)")
        d.answerPolls([DashFixture.succeeded(1, after: 30)])
        d.send(.addressesFound([DashFixture.vmId(1): VMAddresses(privateIp: "10.1.0.4", publicIp: "203.0.113.9")]))
        d.state.settings.sshCommand = ["ssh", "-J", "bastion"]
        d.press(.character("s"))
        #expect(d.effects.last == .login(vmId: DashFixture.vmId(1), address: "203.0.113.9", user: "deploy",
                                         command: ["ssh", "-J", "bastion"]))
        d.send(.cameBack(command: "ssh -J bastion deploy@203.0.113.9", status: 255))
        #expect(d.jobs.notice?.text == "Back from ssh -J bastion deploy@203.0.113.9 (exit 255).")
        #expect(d.effects.last == .redraw || d.effects.contains(.redraw))
    }

    @Test func yCopiesTheAddressAndCapitalYTheIdUnlessTheTerminalCannot() {
        var d = DashDriver(jobs: [DashFixture.created(1)])
        d.answerPolls([DashFixture.succeeded(1, after: 30)])
        d.press(.character("y"))
        #expect(d.jobs.notice?.text.contains("no address known yet") == true)
        d.send(.addressesFound([DashFixture.vmId(1): VMAddresses(privateIp: "10.1.0.4")]))
        d.press(.character("y"))
        #expect(d.effects.last == .emit(.copy("10.1.0.4")))
        d.press(.character("Y"))
        #expect(d.effects.last == .emit(.copy(DashFixture.vmId(1))))
        d.state.settings.copyUnsupported = ConsoleSettings.copyUnsupported(term: "linux")
        let before = d.effects.count
        d.press(.character("y"))
        #expect(d.effects.count == before, "nothing sent to a terminal known not to copy")
        #expect(d.jobs.notice?.text.contains("TERM=linux") == true)
    }

    @Test func eWritesTheRowsShownAsAnAnsibleInventoryNamedAfterTheBatch() {
        var d = DashDriver(jobs: [DashFixture.created(1), DashFixture.created(2)])
        done(&d, [DashFixture.succeeded(1, after: 30), DashFixture.succeeded(2, after: 40)])
        d.send(.addressesFound([DashFixture.vmId(1): VMAddresses(privateIp: "10.1.0.4")]))
        d.press(.character("e"))
        guard case .writeInventory(let jobs, let addresses, let stem)? = d.effects.last else { Issue.record("\(d.effects.last!)"); return }
        #expect(stem == "web" && jobs.count == 2)
        let text = Inventory.render(Inventory.entries(jobs, addresses: addresses), format: .ansible)
        #expect(text.contains("[web]") && text.contains("web-1 ansible_host=10.1.0.4"), "\(text)")
        #expect(text.contains("# web-2"), "a VM without an address is a comment, not dropped")
        #expect(d.jobs.notice?.text.contains("1 VM has no address yet") == true)
        d.send(.inventoryWritten(.success("/work/web.ini")))
        #expect(d.jobs.notice?.text.hasPrefix("Inventory written to /work/web.ini") == true)
    }

    @Test func theSequencesAreWhatTerminalsReadAndAPINamesCannotBreakOut() {
        #expect(TerminalSequence.copy("10.1.0.4").bytes() == Array("\u{1b}]52;c;MTAuMS4wLjQ=\u{07}".utf8))
        #expect(TerminalSequence.title("gpcn: 3 done").bytes() == Array("\u{1b}]2;gpcn: 3 done\u{07}".utf8))
        let evil = TerminalSequence.notify(title: "gpcn", body: "web-1\u{07}\u{1b}]52;c;cm0gLXJm\u{07}; done")
        let text = String(decoding: evil.bytes(), as: UTF8.self)
        #expect(text == "\u{1b}]777;notify;gpcn;web-1]52c,cm0gLXJm doneX".replacingOccurrences(of: ",", with: ";")
                    .replacingOccurrences(of: "X", with: "\u{07}") + "\u{1b}]9;gpcn: web-1]52c;cm0gLXJm done\u{07}"
                || !text.dropFirst().contains("\u{1b}]52"), "no smuggled sequence: \(text.debugDescription)")
        #expect(text.filter { $0 == "\u{1b}" }.count == 2 && text.filter { $0 == "\u{07}" }.count == 2)
        let tmux = TerminalSequence.notify(title: "gpcn", body: "done").bytes(inTmux: true)
        #expect(String(decoding: tmux, as: UTF8.self).hasPrefix("\u{1b}Ptmux;\u{1b}\u{1b}]777;notify;gpcn;done\u{07}\u{1b}\\"))
        #expect(TerminalSequence.bell.bytes() == [7])
    }

    @Test func aSSHLoginNeverNeedsAShellAndPicksThePublicAddress() {
        #expect(SSHLogin.address(VMAddresses(privateIp: "10.0.0.5", publicIp: "203.0.113.1")) == "203.0.113.1")
        #expect(SSHLogin.address(VMAddresses(privateIp: "10.0.0.5")) == "10.0.0.5")
        #expect(SSHLogin(command: nil, user: "ubuntu", address: "10.0.0.5").argv == ["ssh", "ubuntu@10.0.0.5"])
        #expect(SSHLogin(command: [], user: nil, address: "10.0.0.5").argv == ["ssh", "10.0.0.5"])
        #expect(ShellWords.split(#"ssh -J 'jump host' -o "ProxyCommand=nc %h %p" -i ~/k\ 1"#)
                == ["ssh", "-J", "jump host", "-o", "ProxyCommand=nc %h %p", "-i", "~/k 1"])
        #expect(ShellWords.split("ssh 'open") == nil)
    }
}
