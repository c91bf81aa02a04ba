import Testing
@testable import ReliefStore
