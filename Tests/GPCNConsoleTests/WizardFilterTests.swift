import GPCNCore
@testable import GPCNConsole
import TerminalUI
import Testing

/// The wizard's list filters: folding, ranking, highlight, `/` on an active filter, going back,
/// and what Enter says when it cannot choose.
@Suite struct WizardFilterTests {
    static let zurich = DataCenter(id: "33333333-3333-4333-8333-333333333333", name: "Zürich", code: "ZRH-1",
                                   regionName: "Europe", countryName: "Switzerland")
    static let saoPaulo = DataCenter(id: "44444444-4444-4444-8444-444444444444", name: "São Paulo", code: "GRU-1",
                                     regionName: "South America", countryName: "Brazil")
    static let krakow = DataCenter(id: "55555555-5555-4555-8555-555555555555", name: "Kraków", code: "KRK-1",
                                   regionName: "Europe", countryName: "Poland")

    /// A driver whose data center list also has accented names.
    static func driver(glyphs: Glyphs = .unicode) -> Driver {
        var d = Driver(glyphs: glyphs)
        d.send(.loaded(.dataCenters, .success(.dataCenters([Fixture.chicago, Fixture.tokyo, zurich, saoPaulo, krakow]))))
        return d
    }

    /// Each cell of the list rows as a letter: `M` a matched character on the highlighted row
    /// (selection + bold + underline), `m` one on another row (`.match`), `S` the rest of the
    /// highlighted row, space otherwise.
    static func roles(_ buffer: Buffer) -> [String] {
        (0..<buffer.size.height).map { y in
            var s = ""
            for x in 0..<buffer.size.width {
                let style = buffer[x, y].style
                switch style.role {
                case .match: s.append("m")
                case .selection: s.append(style.attributes.contains(.underline) ? "M" : "S")
                default: s.append(" ")
                }
            }
            while s.last == " " { s.removeLast() }
            return s
        }
    }

    @Test func zurFindsZurichAndHighlightsIt() {
        var d = Self.driver()
        d.press(.character("/"))
        d.type("zur")
        #expect(d.wizard.dataCenterList.selectedID == Self.zurich.id)
        let frame = ConsoleApp.view(d.state, now: d.now)
        assertGolden(frame.lines() + ["~~~~ roles (M match on the highlighted row, m match, S highlighted row) ~~~~"]
                     + Self.roles(frame), "wizard-1-filter-highlight-80x24")
        d.press(.enter)
        #expect(d.wizard.step == .image && d.wizard.answers.datacenterId == Self.zurich.id)
    }

    @Test func highlightWithoutColourAndUnicode() {
        var d = Self.driver(glyphs: .ascii)
        d.press(.character("/"))
        d.type("e")                               // several rows, scattered and exact
        let golden = Mono.golden(ConsoleApp.view(d.state, now: d.now))
        #expect(golden.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        assertGolden(golden, "look-mono-ascii-1-filter-highlight-80x24")
    }

    @Test(arguments: [("sao", 3), ("krakow", 4), ("tokyo", 1), ("tyo", 1), ("ZÜRICH", 2)])
    func accentedAndCodeQueries(query: String, index: Int) {
        var d = Self.driver()
        d.press(.character("/"))
        d.type(query)
        let all = [Fixture.chicago, Fixture.tokyo, Self.zurich, Self.saoPaulo, Self.krakow]
        #expect(d.wizard.dataCenterList.selectedID == all[index].id, "\(query)")
    }

    @Test func slashOnAnActiveFilterStartsOverInsteadOfAppending() {
        var d = Self.driver()
        d.press(.character("/"))
        d.type("reyk")
        #expect(d.text.contains("0 matches"))
        d.press(.character("/"))
        d.type("zur")
        #expect(d.wizard.dataCenterList.filter == "zur")
        #expect(d.text.contains("/zur ") && d.text.contains("1 match"))
    }

    @Test func goingBackShowsTheListUnfilteredWithTheChoiceHighlighted() {
        var d = Self.driver()
        d.press(.character("/"))
        d.type("krak")
        d.press(.enter)                           // Kraków
        #expect(d.wizard.step == .image)
        d.press(.character("/"))
        d.type("win")
        d.press(.enter)                           // Windows
        #expect(d.wizard.step == .size)
        d.press(.escape)                          // back to the images
        #expect(d.wizard.step == .image)
        #expect(d.wizard.imageList.filter.isEmpty && !d.wizard.imageList.isEditingFilter)
        #expect(d.wizard.imageList.selectedID == Fixture.windows.id)
        #expect(d.wizard.imageList.visible.count == d.wizard.imageList.rows.count, "every row is shown again")
        d.press(.escape)                          // back to the data centers
        #expect(d.wizard.dataCenterList.filter.isEmpty && !d.wizard.dataCenterList.isEditingFilter)
        #expect(d.wizard.dataCenterList.selectedID == Self.krakow.id)
        d.press(.character("/"))
        d.type("zur")                             // a fresh filter, not "krak/zur"
        #expect(d.wizard.dataCenterList.filter == "zur" && d.wizard.dataCenterList.selectedID == Self.zurich.id)
    }

    @Test func enterSaysWhyNothingWasChosen() {
        var d = Self.driver()
        d.press(.enter, .enter)                   // Chicago, Ubuntu: the sizes
        d.press(.character("/"))
        d.type("huge")                            // only the sold-out size
        d.press(.enter)
        #expect(d.wizard.step == .size)
        #expect(d.wizard.blocked == "G-Huge-1 cannot be chosen: sold out in this data center. Esc clears the filter.")
        d.press(.character("/"))
        d.type("nothing-like-this")
        d.press(.enter)
        #expect(d.wizard.blocked?.hasPrefix("Nothing matches \"nothing-like-this\"") == true)
    }

    @Test func anEmptyListSaysWhatToDo() {
        var d = Self.driver()
        d.autoLoad = false
        d.press(.enter)                           // Chicago; the images are not answered yet
        d.press(.enter)
        #expect(d.wizard.blocked?.hasPrefix("Still loading") == true)
        d.send(.loaded(.images(datacenterId: Fixture.chicago.id),
                       .success(.images(ImageCatalog(categories: [], reservedUsernames: [])))))
        #expect(d.text.contains("No images in this data center. Esc: another data center · r: reload"))
        d.press(.enter)
        #expect(d.wizard.blocked == "Nothing to choose: Esc goes back, r reloads the list.")
        d.autoLoad = true
        d.press(.character("r"))                  // loads the images again (the fixture has some)
        #expect(d.wizard.imageList.rows.count > 1)
    }
}

@Suite struct RowColumnTests {
    /// What a list shows does not depend on which optional fields the server sent: a missing
    /// value is a blank column, never a shifted one.
    @Test func columnsDoNotDependOnOptionalFields() {
        let dcs = Rows.dataCenters([Fixture.chicago, DataCenter(id: "bare")])
        #expect(Set(dcs.map(\.columns.count)) == [4])
        #expect(dcs[1].columns == ["bare", "", "", ""])
        let sizes = Rows.sizes(SizeCatalog(categories: [SizeCategory(code: "c", name: "C",
                                                                      sizes: [Fixture.small, VMSize(skuId: "bare")])]))
        #expect(Set(sizes.filter { $0.kind == .item }.map(\.columns.count)) == [5])
        let keys = Rows.sshKeys([Fixture.key, SSHKey(id: "bare")])
        #expect(Set(keys.map(\.columns.count)) == [3])
        let nets = Rows.networks([Fixture.web, Network(id: "bare")])
        #expect(Set(nets.map(\.columns.count)) == [3])
    }
}

@Suite struct DashboardFilterTests {
    @Test func theDashboardFilterFoldsRanksAndHighlightsTheName() {
        let jobs = [DashFixture.created(1, name: "web-1"), DashFixture.created(2, name: "zurich-old"),
                    DashFixture.created(3, name: "Zürich-db")]
        var d = DashDriver(jobs: jobs)
        d.press(.character("/"))
        d.type("zürich-d")
        #expect(d.jobs.list.visible.map { d.jobs.list.rows[$0].id } == [DashFixture.id(3), DashFixture.id(2)],
                "the exact match first, the scattered one after")
        let frame = ConsoleApp.view(d.state, now: d.now)
        let y = try! #require((0..<frame.size.height).first { frame.line($0).contains("Zürich-db") })
        let marked = (0..<frame.size.width).filter { frame[$0, y].style.attributes.contains(.underline) }
        #expect(marked.count == 8, "Z ü r i c h - d: \(marked)")
    }
}
