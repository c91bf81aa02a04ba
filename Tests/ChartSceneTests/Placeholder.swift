import Testing
@testable import ChartScene
