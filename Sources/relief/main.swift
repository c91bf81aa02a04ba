import ReliefCLI

Relief.main()
