// GPCNConsole
