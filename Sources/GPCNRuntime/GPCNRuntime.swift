// GPCNRuntime
