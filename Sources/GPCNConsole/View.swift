import TerminalUI

extension ConsoleApp {
    /// The frame for `state`: the screen, then any overlay on top.
    public static func view(_ state: AppState, now: Double = 0) -> Buffer {
        var buffer = Buffer(size: state.size)
        guard state.size.fits(.minimum) else {
            buffer.render(TooSmall(required: .minimum), in: buffer.area)
            return buffer
        }
        let footer = footerBindings(state)
        switch state.screen {
        case .wizard(let wizard):
            wizard.render(into: &buffer, settings: state.settings, spinnerFrame: state.spinnerFrame, bindings: footer)
        case .jobs(let jobs):
            jobs.render(into: &buffer, settings: state.settings, bindings: footer, now: now)
        }
        switch state.overlay {
        case .help?:
            buffer.render(HelpOverlay(bindings(state), title: "Keys", glyphs: state.settings.glyphs), in: buffer.area)
        case .confirmQuit?:
            let message: String
            if let risk = state.wizard?.createAtRisk {
                message = CreateBatch(risk.request).atRisk(onItsWay: risk.onItsWay)
            } else {
                message = "Nothing has been submitted. Your answers will be lost (the password is never kept)."
            }
            let modal = Modal(title: "Quit gpcn?",
                              message: [message],
                              hints: AppKeys.map.bindings(in: state).filter { $0.section == AppKeys.quitSection },
                              role: .warn, glyphs: state.settings.glyphs)
            buffer.render(modal, in: buffer.area)
        case nil:
            break
        }
        return buffer
    }
}
