import Testing

@Test func placeholder_GPCNIntegrationTests() {}
