import FuzzSupport
import ReliefImport

FuzzHarness.run { data, size in
    FuzzHarness.read(UnsafeBufferPointer(start: data, count: size), format: .ndjson)
    return 0
}
