import Testing
@testable import ReliefImport
