import Testing
@testable import ReliefAnalytics
