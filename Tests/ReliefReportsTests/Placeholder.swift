import Testing
@testable import ReliefReports
