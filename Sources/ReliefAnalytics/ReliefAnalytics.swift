// ReliefAnalytics
