import FuzzSupport

FuzzHarness.run { data, size in
    FuzzHarness.xlsx(UnsafeBufferPointer(start: data, count: size))
    return 0
}
