// TerminalNcurses
