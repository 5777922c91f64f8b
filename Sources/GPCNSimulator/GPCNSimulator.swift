// GPCNSimulator
