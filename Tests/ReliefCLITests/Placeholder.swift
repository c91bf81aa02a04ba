import Testing
@testable import ReliefCLI
