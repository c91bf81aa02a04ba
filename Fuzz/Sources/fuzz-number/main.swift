import FuzzSupport

FuzzHarness.run { data, size in
    FuzzHarness.number(UnsafeBufferPointer(start: data, count: size))
    return 0
}
