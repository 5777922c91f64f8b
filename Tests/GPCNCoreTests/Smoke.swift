import Testing

@Test func placeholder_GPCNCoreTests() {}
