import Foundation
@testable import GPCNThemes
import TerminalUI
import Testing

/// The shipped `themes/` folder, found from this file.
let shippedThemes = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes").path

func shippedFiles() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: shippedThemes)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
}

func parseShipped(_ file: String) throws -> ThemeFile.Parsed {
    let text = try String(contentsOfFile: shippedThemes + "/" + file, encoding: .utf8)
    return try ThemeFile.parse(text, source: file, fallbackName: String(file.dropLast(5)))
}

@Suite struct ShippedThemeTests {
    @Test func theRequiredThemesAreShipped() {
        let names = shippedFiles()
        for required in ["default.toml", "light.toml", "high-contrast.toml", "monochrome.toml", "solarized-dark.toml"] {
            #expect(names.contains(required), "themes/\(required) is missing")
        }
    }

    @Test(arguments: shippedFiles())
    func parsesWithEveryRole(file: String) throws {
        let parsed = try parseShipped(file)
        #expect(parsed.warnings.isEmpty, "every role is set: \(parsed.warnings)")
        #expect(parsed.theme.name + ".toml" == file, "the name matches the file name")
        #expect(!parsed.theme.description.isEmpty)
        let text = try String(contentsOfFile: shippedThemes + "/" + file, encoding: .utf8)
        for role in Role.allCases {
            #expect(text.contains("[roles.\(role.rawValue)]"), "\(file) sets \(role.rawValue)")
        }
    }

    @Test(arguments: shippedFiles())
    func meetsTheMinimumContrast(file: String) throws {
        let theme = try parseShipped(file).theme
        let failing = theme.contrastReport().filter { !$0.passes }
        #expect(failing.isEmpty, "\(file): \(failing.map(\.description).joined(separator: "; "))")
    }

    @Test(arguments: shippedFiles())
    func staysReadableWithoutColour(file: String) throws {
        let theme = try parseShipped(file).theme
        #expect(theme.monochromeProblems.isEmpty, "\(file): \(theme.monochromeProblems)")
    }

    @Test func highContrastIsHeldToAAA() throws {
        let theme = try parseShipped("high-contrast.toml").theme
        for r in theme.contrastReport() where r.depth == .full256 && [.text, .selection, .focus, .input].contains(r.role) {
            #expect(r.ratio >= 7, "\(r)")
        }
    }

    @Test func monochromeThemeUsesNoColour() throws {
        let theme = try parseShipped("monochrome.toml").theme
        for role in Role.allCases {
            let look = theme.palette[role]
            #expect(look.fg256 == .default && look.bg256 == .default && look.fg16 == .default && look.bg16 == .default)
            #expect(look.attributes == look.monochrome, "\(role): same look with and without colour")
        }
    }

    @Test func defaultFileEqualsTheCompiledInTheme() throws {
        let parsed = try parseShipped("default.toml").theme
        #expect(parsed.palette == Palette.default)
        #expect(parsed == Theme.default)
    }

    @Test(arguments: shippedFiles())
    func renderReadsBackToTheSameTheme(file: String) throws {
        let theme = try parseShipped(file).theme
        let again = try ThemeFile.parse(ThemeFile.render(theme), source: "rendered", fallbackName: "x")
        #expect(again.theme == theme)
        #expect(again.warnings.isEmpty)
    }

    @Test func solarizedHexColoursMapToTheNearest256() throws {
        let theme = try parseShipped("solarized-dark.toml").theme
        #expect(theme.palette[.accent].fg256 == .index(32))   // #268bd2
        #expect(theme.terminalBackground == 234)               // #002b36
    }
}

@Suite struct BrokenThemeTests {
    static let base = """
    name = "mine"
    background = "dark"

    [roles.text]
    fg = 252

    [roles.focus]
    fg = 16
    bg = 117
    mono = ["reverse"]
    """

    func error(_ text: String) -> ThemeError? {
        do { _ = try ThemeFile.parse(text, source: "mine.toml", fallbackName: "mine"); return nil } catch { return error }
    }

    @Test func aBadColourNamesLineAndKey() {
        let text = Self.base.replacingOccurrences(of: "bg = 117", with: "bg = 300")
        let e = error(text)
        #expect(e?.line == 9)
        #expect(e?.key == "roles.focus.bg")
        #expect(e?.description == "mine.toml:9: roles.focus.bg: colour 300 is out of range 0-255")
    }

    @Test func anUnknownColourName() {
        let e = error(Self.base.replacingOccurrences(of: "fg = 252", with: "fg = \"purpleish\""))
        #expect(e?.line == 5)
        #expect(e?.key == "roles.text.fg")
        #expect(e?.message.contains("unknown colour \"purpleish\"") == true)
    }

    @Test func aHexColourIsNotA16ColourFallback() {
        let e = error(Self.base + "\nfg16 = \"#ff0000\"\n")
        #expect(e?.key == "roles.focus.fg16")
        #expect(e?.line == 11)
    }

    @Test func anUnknownRoleOrKey() {
        let role = error(Self.base + "\n[roles.shiny]\nfg = 1\n")
        #expect(role?.key == "roles.shiny")
        #expect(role?.line == 11)
        let key = error(Self.base.replacingOccurrences(of: "mono = [\"reverse\"]", with: "mnoo = [\"reverse\"]"))
        #expect(key?.key == "roles.focus.mnoo")
        #expect(key?.line == 10)
        let top = error("colour = 1\n" + Self.base)
        #expect(top?.key == "colour")
        #expect(top?.line == 1)
    }

    @Test func anUnknownAttribute() {
        let e = error(Self.base.replacingOccurrences(of: "\"reverse\"", with: "\"blink\""))
        #expect(e?.key == "roles.focus.mono")
        #expect(e?.message.contains("blink") == true)
    }

    @Test func notTOMLAtAll() {
        let e = error("name = \"x\"\n[roles.text\nfg = 1\n")
        #expect(e?.line == 2)
        #expect(e?.description.hasPrefix("mine.toml:2: not valid TOML") == true)
    }

    @Test func missingRolesComeFromTheDefaultWithAWarning() throws {
        let parsed = try ThemeFile.parse(Self.base, source: "mine.toml", fallbackName: "mine")
        #expect(parsed.theme.palette[.focus] == RoleLook(fg256: .index(16), bg256: .index(117), monochrome: .reverse))
        #expect(parsed.theme.palette[.error] == Palette.default[.error])
        #expect(parsed.warnings.count == Role.allCases.count - 2)
        #expect(parsed.warnings.first == "mine.toml: role 'muted' is not set; using the default theme's")
    }
}

@Suite struct ThemeLookupTests {
    /// A scratch folder with `user/` and `shipped/` theme folders.
    struct Scratch {
        let root: String
        init() throws {
            root = NSTemporaryDirectory() + "gpcn-themes-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: root + "/user", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: root + "/shipped", withIntermediateDirectories: true)
        }
        func write(_ path: String, _ text: String) throws {
            try text.write(toFile: root + "/" + path, atomically: true, encoding: .utf8)
        }
        var folders: ThemeLibrary.Folders { .init(user: root + "/user", shipped: root + "/shipped") }
    }

    @Test func userThemesWinOverShippedOnes() throws {
        let s = try Scratch()
        try s.write("shipped/calm.toml", "description = \"shipped\"\n")
        try s.write("user/calm.toml", "description = \"mine\"\n")
        let loaded = try ThemeLibrary.load("calm", folders: s.folders)
        #expect(loaded.theme.description == "mine")
        #expect(loaded.origin == .user(s.root + "/user/calm.toml"))
        #expect(loaded.theme.name == "calm", "the file name names a theme without a name key")
        #expect(ThemeLibrary.names(folders: s.folders) == ["default", "calm"])
    }

    @Test func aPathIsReadAsAFile() throws {
        let s = try Scratch()
        try s.write("elsewhere.toml", "name = \"x\"\ndescription = \"by path\"\n")
        let loaded = try ThemeLibrary.load(s.root + "/elsewhere.toml", folders: s.folders)
        #expect(loaded.theme.description == "by path")
    }

    @Test func defaultIsAlwaysThereEvenWithNoFolders() throws {
        let none = ThemeLibrary.Folders(user: nil, shipped: nil)
        let loaded = try ThemeLibrary.load(nil, folders: none)
        #expect(loaded.origin == .builtIn)
        #expect(loaded.theme == .default)
        #expect(ThemeLibrary.names(folders: none) == ["default"])
    }

    @Test func anUnknownNameListsTheThemes() throws {
        let s = try Scratch()
        try s.write("shipped/calm.toml", "")
        do {
            _ = try ThemeLibrary.load("nope", folders: s.folders)
            Issue.record("loaded a theme that does not exist")
        } catch {
            #expect(error.description == "nope: no theme of that name (themes: default, calm)")
        }
    }

    @Test func aBrokenThemeFallsBackToDefaultWithTheReason() throws {
        let s = try Scratch()
        try s.write("user/bad.toml", "[roles.text]\nfg = \"nope\"\n")
        let (loaded, problem) = ThemeLibrary.resolve("bad", folders: s.folders)
        #expect(loaded.theme == .default)
        #expect(problem?.hasPrefix("theme \(s.root)/user/bad.toml:2: roles.text.fg: unknown colour") == true)
        #expect(problem?.hasSuffix("; using the default theme") == true)
        let listing = ThemeLibrary.list(folders: s.folders)
        #expect(listing.map(\.name) == ["default", "bad"])
        if case .success = listing[1].result { Issue.record("a broken theme listed as fine") }
    }

    @Test func theShippedFolderIsFoundFromTheExecutable() throws {
        let s = try Scratch()
        try FileManager.default.createDirectory(atPath: s.root + "/pkg/themes", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: s.root + "/pkg/.build/x86_64-unknown-linux-gnu/debug",
                                                withIntermediateDirectories: true)
        try s.write("pkg/themes/default.toml", "")
        let exe = s.root + "/pkg/.build/x86_64-unknown-linux-gnu/debug/gpcn"
        let found = ThemeLibrary.Folders.find(environment: ["XDG_CONFIG_HOME": s.root + "/cfg"], executablePath: exe,
                                              currentDirectory: "/")
        #expect(found.shipped == s.root + "/pkg/themes")
        #expect(found.user == s.root + "/cfg/gpcn/themes")
        let nowhere = ThemeLibrary.Folders.find(environment: ["HOME": "/home/op"], executablePath: "/usr/bin/gpcn",
                                                currentDirectory: s.root)
        #expect(nowhere.shipped == nil, "no themes/ anywhere: only the built-in default")
        #expect(nowhere.user == "/home/op/.config/gpcn/themes")
        let env = ThemeLibrary.Folders.find(environment: ["GPCN_THEMES_DIR": "/opt/t"], executablePath: exe, currentDirectory: "/")
        #expect(env.shipped == "/opt/t")
    }

    @Test func loadForOtherCallersGivesThePalette() throws {
        let palette = try Theme.load(nameOrPath: shippedThemes + "/light.toml", environment: [:])
        #expect(palette[.accent].fg256 == .index(25))
        #expect(try Theme.load(nameOrPath: nil, environment: ["GPCN_THEMES_DIR": "/nonexistent"]) == .default)
    }
}

@Suite struct ThemePreviewTests {
    @Test func plainHasNoEscapes() {
        let line = ThemePreview.line(.default, mode: .plain)
        #expect(!line.contains("\u{1B}"))
        #expect(line.hasPrefix("text muted accent title header selection focus input ok"))
    }

    @Test func colourModesUseTheRightSGR() {
        let full = ThemePreview.sgr(Palette.default[.selection], mode: .full256)
        #expect(full == "\u{1B}[38;5;231;48;5;25m")
        #expect(ThemePreview.sgr(Palette.default[.selection], mode: .sixteen) == "\u{1B}[97;44m")
        #expect(ThemePreview.sgr(Palette.default[.focus], mode: .monochrome) == "\u{1B}[1;7m")
        #expect(ThemePreview.sgr(Palette.default[.text], mode: .monochrome) == "\u{1B}[0m")
    }
}

@Suite struct ReadmeThemeTests {
    @Test func theSampleThemeInTheREADMEParses() throws {
        let readme = try String(contentsOfFile: shippedThemes + "/../README.md", encoding: .utf8)
        // The theme sample is the TOML block with role tables (README has other TOML, e.g. config).
        var samples: [String] = []
        var from = readme.startIndex
        while let start = readme.range(of: "```toml\n", range: from..<readme.endIndex),
              let end = readme.range(of: "```", range: start.upperBound..<readme.endIndex) {
            samples.append(String(readme[start.upperBound..<end.lowerBound]))
            from = end.upperBound
        }
        guard let sample = samples.first(where: { $0.contains("[roles.") }) else {
            Issue.record("README has no theme sample")
            return
        }
        let parsed = try ThemeFile.parse(sample, source: "README", fallbackName: "x")
        #expect(parsed.theme.name == "mine")
        #expect(parsed.theme.palette[.selection].bg256 == .index(28))
        #expect(parsed.theme.palette[.accent].fg256 == .index(71))
        #expect(parsed.warnings.count == Role.allCases.count - 3, "the sample sets three roles")
    }
}
