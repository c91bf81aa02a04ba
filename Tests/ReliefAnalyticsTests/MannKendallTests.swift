import Testing
@testable import ReliefAnalytics

// Reference: pymannkendall 1.4.3 original_test(x) (with scipy 1.17.1): s, var_s, z, p, Tau.
@Suite struct MannKendallTests {
    @Test func seriesWithTies() throws {
        let m = try #require(MannKendall.test([6, 5.5, 5, 5.5, 4, 4.5, 3, 3.5, 3, 2]))
        #expect(m.s == -37)
        #expect(m.variance == 123)
        #expect(close(m.z, -3.246010684802756))
        #expect(close(m.p, 0.0011703444685278175, Tolerance(rel: 1e-9, abs: 1e-15)))
        #expect(close(m.tau, -0.8222222222222222))
    }

    @Test func secondSeries() throws {
        let m = try #require(MannKendall.test([7, 6, 6.5, 5, 5, 4, 4.5, 3, 3.5, 2.5]))
        #expect(m.s == -38 && m.variance == 124)
        #expect(close(m.z, -3.322698087495336))
        #expect(close(m.p, 0.0008915134791795953, Tolerance(rel: 1e-9, abs: 1e-15)))
    }

    @Test func thirtyPoints() throws {
        // The 30-point series of TheilSenTests (numpy default_rng(7)).
        let m = try #require(MannKendall.test(TheilSenTests.dy))
        #expect(m.s == -227)
        #expect(close(m.variance, 3132.3333333333335))
        #expect(close(m.z, -4.038075670907585))
        #expect(close(m.p, 5.3891470320088786e-05, Tolerance(rel: 1e-9, abs: 1e-15)))
        #expect(close(m.tau, -0.5218390804597701))
    }

    @Test func edgeCases() throws {
        let eq = try #require(MannKendall.test([4, 4, 4, 4]))
        #expect(eq.s == 0 && eq.variance == 0 && eq.z == 0 && eq.p == 1)   // pymannkendall: 0, 0, 0, 1
        #expect(MannKendall.test([3]) == nil)
        // Hand: [1, 2, 3]: S = 3, Var = 3·2·11/18 = 11/3, Z = 2/√(11/3)
        let up = try #require(MannKendall.test([1, 2, 3]))
        #expect(up.s == 3 && close(up.z, 2 / (11.0 / 3).squareRoot()))
    }
}
