import TerminalNcurses
import TerminalUI
import Testing

/// The colour depth for each TERM of docs/product.md §6 (COLORS / COLOR_PAIRS from their terminfo
/// entries), NO_COLOR and --colors.
@Suite struct ColorDepthTests {
    @Test(arguments: [
        ("xterm-256color", 256, 65536, ColorPlan.Depth.full256),
        ("tmux-256color", 256, 65536, .full256),
        ("xterm", 8, 64, .eight),
        ("screen", 8, 64, .eight),
        ("linux", 8, 64, .eight),
        ("vt100", 0, 0, .monochrome),
    ])
    func depthPerTerminal(term: String, colors: Int, pairs: Int, expected: ColorPlan.Depth) {
        #expect(ColorPlan.depth(colors: colors, pairLimit: pairs, noColor: false) == expected, "\(term)")
        #expect(ColorPlan.depth(colors: colors, pairLimit: pairs, noColor: true) == .monochrome, "\(term) with NO_COLOR")
    }

    @Test func colorsFlagCapsTheDepth() {
        #expect(ColorPlan.depth(colors: 256, pairLimit: 65536, noColor: false, maxDepth: .sixteen) == .sixteen)
        #expect(ColorPlan.depth(colors: 8, pairLimit: 64, noColor: false, maxDepth: .sixteen) == .eight)
        #expect(ColorPlan.depth(colors: 256, pairLimit: 65536, noColor: false, maxDepth: .monochrome) == .monochrome)
        #expect(ColorPlan.Depth(argument: "none") == .monochrome)
        #expect(ColorPlan.Depth(argument: "16") == .sixteen)
        #expect(ColorPlan.Depth(argument: "lots") == nil)
    }

    @Test func sixteenColourPlanUsesTheFallbacks() {
        let plan = ColorPlan.make(palette: .default, colors: 16, pairLimit: 256, noColor: false, defaultColors: true,
                                  maxDepth: .full256)
        #expect(plan.depth == .sixteen)
        let selection = plan.pairs[plan.pairNumbers[.selection]!]
        #expect(selection?.fg == 15 && selection?.bg == 4)
        let capped = ColorPlan.make(palette: .default, colors: 256, pairLimit: 65536, noColor: false, defaultColors: true,
                                    maxDepth: .sixteen)
        #expect(capped.pairs == plan.pairs)
    }

    @Test func monochromeUsesTheThemesAttributes() {
        let plan = ColorPlan.make(palette: .default, colors: 256, pairLimit: 65536, noColor: true, defaultColors: true)
        #expect(plan.pairNumbers.isEmpty)
        #expect(plan.attributes[.selection] == .reverse)
        #expect(plan.attributes[.focus] == [.reverse, .bold])
    }
}
