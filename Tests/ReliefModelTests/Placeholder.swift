import Testing
@testable import ReliefModel
