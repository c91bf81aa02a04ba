// ReliefImport
