import Foundation
import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// Random key sequences (escape-like keys, wide and control characters, long pastes, resizes,
/// interrupts) and random API answers (including failures) thrown at the wizard's update.
/// No crash, no hang, and the state's invariants hold after every message.
@Suite struct WizardFuzzTests {
    static let iterations = Int(ProcessInfo.processInfo.environment["GPCN_FUZZ_ITERATIONS"] ?? "") ?? 3000

    static func randomKey(_ rng: inout SplitMix64) -> Key {
        let fixed: [Key] = [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .tab, .backTab, .enter,
                            .escape, .backspace, .delete, .insert, .function(1), .function(12), .ctrl("g"),
                            .ctrl("u"), .ctrl("w"), .ctrl("k"), .ctrl("a"), .ctrl("l"),
                            .character("/"), .character("?"), .character(" "), .character("p"), .character("r"),
                            .character("+"), .character("-"), .character("j"), .character("k"), .character("y"),
                            .character("n"), .character("x")]
        let chars: [Character] = ["a", "Z", "9", "!", "$", "é", "東", "\u{301}", "\u{7F}", "\u{1B}", "\u{0}", "😀", "-", "."]
        switch rng.index(10) {
        case 0: return .paste(String((0..<rng.index(400)).map { _ in chars[rng.index(chars.count)] }))
        case 1, 2: return .character(chars[rng.index(chars.count)])
        default: return fixed[rng.index(fixed.count)]
        }
    }

    @Test func randomSessionsKeepTheInvariants() {
        var rng = SplitMix64(seed: 0xBB67_AE85)
        var messages = 0
        var sessions = 0
        var stepsReached = Set<CreateStep>()
        while messages < Self.iterations {
            sessions += 1
            var d = Driver(size: [Size(width: 80, height: 24), Size(width: 120, height: 40)][rng.index(2)])
            d.autoLoad = rng.index(4) != 0
            for _ in 0..<(20 + rng.index(120)) {
                messages += 1
                switch rng.index(20) {
                case 0:
                    d.send(.terminal(.resize(Size(width: 20 + rng.index(150), height: 5 + rng.index(60)))))
                case 1:
                    d.send(.terminal(.interrupt))
                case 2:
                    let requests: [CatalogRequest] = [.dataCenters, .images(datacenterId: Fixture.chicago.id),
                                                      .sizes(datacenterId: Fixture.chicago.id), .sshKeys,
                                                      .networks(datacenterId: Fixture.chicago.id), .resourceGroups]
                    let r = requests[rng.index(requests.count)]
                    d.send(.loaded(r, rng.index(2) == 0 ? .success(Fixture.payload(r))
                                                        : .failure(APIError(kind: .http(status: 503), message: "down"))))
                case 3:
                    d.send(.submitted(.failure(APIError(kind: .http(status: 422), message: "bad",
                                                        issues: [FieldIssue(path: ["name", "password", "networkInterfaces.1.networkId", "nope"][rng.index(4)],
                                                                            message: "server says no")]))))
                case 4:
                    d.send(.generatedPassword("Gen3rated-Pass.1"))
                default:
                    d.press(Self.randomKey(&rng))
                }
                if d.state.exitCode != nil { break }
                guard let w = d.state.wizard else { break }
                stepsReached.insert(w.step)
                check(w, d)
            }
        }
        #expect(messages >= Self.iterations)
        #expect(sessions > 1)
        #expect(stepsReached.count >= 5, "random keys get deep into the wizard: \(stepsReached.map(\.title))")
    }

    func check(_ w: WizardState, _ d: Driver) {
        #expect(w.answers.networkIds.count <= 5)
        if !w.answers.networkIds.isEmpty {
            #expect(w.answers.primaryNetworkId.map(w.answers.networkIds.contains) ?? false, "exactly one primary among the selected")
        }
        #expect(Set(w.answers.networkIds).count == w.answers.networkIds.count)
        for list in [w.dataCenterList, w.imageList, w.sizeList, w.sshKeyList, w.resourceGroupList, w.networkSelect.list] {
            if let cursor = list.cursor { #expect(cursor >= 0 && cursor < list.visible.count, "cursor inside the list") }
            if let row = list.selectedRow { #expect(row.isSelectable) }
        }
        if d.state.size.fits(.minimum) {
            let frame = ConsoleApp.view(d.state)
            #expect(frame.size == d.state.size)
            if w.answers.password.count >= 4 {
                #expect(!frame.lines().joined().contains(w.answers.password), "the password never reaches the screen")
            }
        }
    }
}
