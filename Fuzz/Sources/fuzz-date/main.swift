import FuzzSupport

FuzzHarness.run { data, size in
    FuzzHarness.date(UnsafeBufferPointer(start: data, count: size))
    return 0
}
