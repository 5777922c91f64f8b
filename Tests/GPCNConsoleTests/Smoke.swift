import Testing

@Test func placeholder_GPCNConsoleTests() {}
