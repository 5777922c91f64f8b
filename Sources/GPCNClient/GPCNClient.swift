// GPCNClient
