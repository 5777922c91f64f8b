import Testing

@Test func placeholder_TerminalNcursesTests() {}
