// ReliefReports
