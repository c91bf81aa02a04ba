import CMalloc
import ReliefCLI

// glibc raises its mmap threshold as large blocks are freed, up to 32 MiB; past that, the blocks
// of a batch of records (megabytes to tens of megabytes) come from the arena of the thread that
// asked, and a freed block stays in that arena. With the threshold fixed at 1 MiB every block of
// 1 MiB or more goes back to the system when freed: at 10M sessions `relief analyze` peaks at
// ~726 MiB instead of ~845, the clinic report at ~915 instead of ~1,010, in the same time
// (docs/performance.md, "Cohort analysis at scale").
_ = mallopt(M_MMAP_THRESHOLD, 1 << 20)

Relief.main()
