@testable import TerminalUI
import Testing

@Suite struct ThemeColourTests {
    @Test func xtermTable() {
        #expect(XtermColors.rgb(0) == .init(0, 0, 0))
        #expect(XtermColors.rgb(12) == .init(92, 92, 255))
        #expect(XtermColors.rgb(16) == .init(0, 0, 0))
        #expect(XtermColors.rgb(25) == .init(0, 95, 175))
        #expect(XtermColors.rgb(196) == .init(255, 0, 0))
        #expect(XtermColors.rgb(231) == .init(255, 255, 255))
        #expect(XtermColors.rgb(232) == .init(8, 8, 8))
        #expect(XtermColors.rgb(255) == .init(238, 238, 238))
    }

    @Test func nearestAndHex() {
        #expect(XtermColors.parseHex("#268bd2") == .init(38, 139, 210))
        #expect(XtermColors.parseHex("nothex") == nil)
        #expect(XtermColors.nearest(.init(38, 139, 210)) == 32)
        #expect(XtermColors.nearest(.init(255, 255, 255)) == 231)
        #expect(XtermColors.nearest(.init(0, 43, 54)) == 234)
        #expect(XtermColors.index(named: "bright-blue") == 12)
        #expect(XtermColors.index(named: "Grey") == 8)
    }

    @Test func wcagContrast() {
        let black = XtermColors.rgb(16), white = XtermColors.rgb(231)
        #expect(abs(Contrast.ratio(black, white) - 21) < 1e-9)
        #expect(abs(Contrast.ratio(white, white) - 1) < 1e-9)
        // #767676 on white is the classic 4.54:1.
        #expect(abs(Contrast.ratio(.init(118, 118, 118), white) - 4.54) < 0.01)
        #expect(abs(Contrast.pow24(0.5) - 0.189464571) < 1e-8)
        #expect(abs(Contrast.pow24(0.01) - 0.0000158489) < 1e-9)
    }

    @Test func theCompiledInThemePasses() {
        let failing = Theme.default.contrastReport().filter { !$0.passes }
        #expect(failing.isEmpty, "\(failing)")
        #expect(Theme.default.monochromeProblems.isEmpty)
    }

    @Test func lowContrastIsCaught() {
        var theme = Theme.default
        theme.palette[.muted] = RoleLook(fg256: .index(236), fg16: .index(8))
        theme.palette[.selection] = RoleLook(fg256: .index(231), bg256: .index(231), monochrome: [])
        let failing = theme.contrastReport().filter { !$0.passes }
        #expect(failing.map(\.role).contains(.muted))
        #expect(failing.map(\.role).contains(.selection))
        #expect(theme.monochromeProblems.contains { $0.hasPrefix("selection:") })
    }

    @Test func defaultColoursResolveToTheAssumedTerminal() {
        let dark = Theme.default.resolved(.text, depth: .full256)
        #expect(dark.fg == 252 && dark.bg == 234)
        var light = Theme.default
        light.background = .light
        #expect(light.resolved(.text, depth: .sixteen) == (fg: 0, bg: 15))
    }
}

@Suite struct ASCIIFallbackTests {
    @Test func wideAndAccentedDataKeepTheirColumns() {
        var b = Buffer(size: Size(width: 16, height: 1))
        b.put("東京 Tōkyō|", at: Point(x: 0, y: 0), style: Style(.selection))
        let a = b.asciiOnly()
        #expect(a.lines() == ["???? Tokyo|"])
        #expect(a.size == b.size)
        #expect(a.cells.allSatisfy { $0.width == 1 })
        #expect(a.cells[0].style == Style(.selection), "styles are kept")
        #expect(ASCIIFallback.isASCII(a))
    }

    @Test func boxDrawingAndSymbols() {
        var b = Buffer(size: Size(width: 8, height: 1))
        b.put("┌─┐│▶✓…", at: Point(x: 0, y: 0))
        #expect(b.asciiOnly().lines() == ["+-+|>+~"])
    }

    @Test func asciiBufferIsUnchanged() {
        var b = Buffer(size: Size(width: 5, height: 1))
        b.put("abc", at: Point(x: 0, y: 0))
        #expect(b.asciiOnly() == b)
    }

    @Test func stringsForLineOutput() {
        #expect("東京 Tokyo".asciiFallback == "???? Tokyo")
        #expect("São Paulo – Zürich".asciiFallback == "Sao Paulo - Zurich")
        #expect("plain".asciiFallback == "plain")
    }
}
