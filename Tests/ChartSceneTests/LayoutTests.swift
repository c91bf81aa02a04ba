import Testing
@testable import ChartScene

@Suite struct GeometryTests {
    let m = FixedWidthTextMeasurer()
    let font = FontSpec(family: "Test", size: 10)

    @Test func textBoxFollowsAnchorAndBaseline() {
        // "abcd": 4 × 5.5 = 22 wide, 12 tall, baseline 9.5.
        #expect(m.box(of: "abcd", at: Point(100, 50), font: font, anchor: .start, baseline: .top)
                == Rect(x: 100, y: 50, width: 22, height: 12))
        #expect(m.box(of: "abcd", at: Point(100, 50), font: font, anchor: .middle, baseline: .middle)
                == Rect(x: 89, y: 44, width: 22, height: 12))
        #expect(m.box(of: "abcd", at: Point(100, 50), font: font, anchor: .end, baseline: .alphabetic)
                == Rect(x: 78, y: 40.5, width: 22, height: 12))
    }

    @Test func rotatedTextBoxIsTheRotatedBounds() {
        let r = m.box(of: "abcd", at: Point(0, 0), font: font, anchor: .start, baseline: .top, angle: 90)
        #expect(abs(r.width - 12) < 1e-9 && abs(r.height - 22) < 1e-9)
        #expect(abs(r.minX + 12) < 1e-9 && abs(r.minY) < 1e-9)
    }

    @Test func segmentIntersection() {
        let r = Rect(x: 0, y: 0, width: 10, height: 10)
        #expect(Obstacles.segment(Point(-5, 5), Point(15, 5), intersects: r))
        #expect(Obstacles.segment(Point(2, 2), Point(3, 3), intersects: r))
        #expect(!Obstacles.segment(Point(-5, -1), Point(15, -1), intersects: r))
        #expect(!Obstacles.segment(Point(11, 0), Point(20, 10), intersects: r))
        #expect(Obstacles.segment(Point(-1, 11), Point(11, -1), intersects: r))
    }

    @Test func overlapCheckFindsOverlapsAndOverflow() {
        let f = FontSpec(family: "Test", size: 10)
        let scene = Scene(size: Size(100, 50), items: [
            .text("left", at: Point(10, 10), font: f, color: .black, anchor: .start, baseline: .top, angle: 0),
            .group(offset: Point(5, 0), [
                .text("over", at: Point(10, 15), font: f, color: .black, anchor: .start, baseline: .top, angle: 0)]),
            .text("far right text", at: Point(95, 40), font: f, color: .black, anchor: .start, baseline: .top, angle: 0),
        ])
        let problems = scene.overlappingText(measuring: m)
        #expect(problems.contains("\"left\" overlaps \"over\""))
        #expect(problems.contains { $0.contains("far right text") && $0.contains("sticks out") })
    }
}

@Suite struct LabelPlacerTests {
    let m = FixedWidthTextMeasurer()
    let font = FontSpec(family: "Test", size: 10)

    @Test func aSecondLabelTakesTheNextFreeCandidate() {
        var placer = LabelPlacer(bounds: Rect(x: 0, y: 0, width: 200, height: 200), measuring: m)
        let candidates = LabelPlacer.around(Point(100, 100), distance: 4)
        let first = placer.place("one", font: font, color: .black, candidates: candidates)
        let second = placer.place("two", font: font, color: .black, candidates: candidates)
        guard case let .text(_, a, _, _, anchorA, _, _) = first, case let .text(_, b, _, _, anchorB, _, _) = second else {
            Issue.record("both labels should be placed"); return
        }
        #expect(a != b || anchorA != anchorB)
        let scene = Scene(size: Size(200, 200), items: [first!, second!])
        #expect(scene.overlappingText(measuring: m).isEmpty)
    }

    @Test func aLabelWithNoRoomIsLeftOut() {
        var placer = LabelPlacer(bounds: Rect(x: 0, y: 0, width: 30, height: 30),
                                 taken: [Rect(x: 0, y: 0, width: 30, height: 30)], measuring: m)
        #expect(placer.place("x", font: font, color: .black, candidates: LabelPlacer.around(Point(15, 15), distance: 3)) == nil)
    }

    @Test func dataIsAvoidedWhenPossible() {
        var data = Obstacles()
        data.add(Rect(x: 100, y: 90, width: 60, height: 20))  // right of the point
        var placer = LabelPlacer(bounds: Rect(x: 0, y: 0, width: 200, height: 200), data: data, measuring: m)
        let item = placer.place("lbl", font: font, color: .black, candidates: LabelPlacer.around(Point(100, 100), distance: 4))
        guard case let .text(_, _, _, _, anchor, _, _) = item else { Issue.record("placed"); return }
        #expect(anchor != .start)
    }
}

@Suite struct LegendPlacementTests {
    let frame = ChartFrame(size: Size(400, 300), theme: .standard, measuring: FixedWidthTextMeasurer(), title: "")
    let plot = Rect(x: 40, y: 40, width: 320, height: 200)

    @Test func prefersTheTopRightCorner() {
        let p = frame.emptyCorner(for: Size(80, 20), in: plot, data: Obstacles())
        #expect(p == Point(plot.maxX - 3 - 80, plot.minY + 3))
    }

    @Test func skipsCornersWithData() {
        var data = Obstacles()
        data.add(segment: Point(40, 45), Point(360, 45))  // a line along the top
        let p = frame.emptyCorner(for: Size(80, 20), in: plot, data: data)
        #expect(p == Point(plot.maxX - 3 - 80, plot.maxY - 3 - 20))
    }

    @Test func givesUpWhenEveryCornerIsTaken() {
        var data = Obstacles()
        data.add(segment: Point(40, 45), Point(360, 45))
        data.add(segment: Point(40, 235), Point(360, 235))
        #expect(frame.emptyCorner(for: Size(80, 20), in: plot, data: data) == nil)
        #expect(frame.emptyCorner(for: Size(300, 20), in: plot, data: Obstacles()) == nil)  // too wide
    }
}
