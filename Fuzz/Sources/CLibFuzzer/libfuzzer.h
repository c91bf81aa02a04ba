// libFuzzer's driver entry point (compiler-rt, FuzzerDriver.cpp). SwiftPM generates an
// executable's main, which hides libFuzzer's own; each fuzz target's main.swift calls
// this instead. The symbol comes from libclang_rt.fuzzer, linked by -sanitize=fuzzer.
#ifndef RELIEF_LIBFUZZER_H
#define RELIEF_LIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

typedef int (*LLVMFuzzerCallback)(const uint8_t *data, size_t size);

int LLVMFuzzerRunDriver(int *argc, char ***argv, LLVMFuzzerCallback callback);

#endif
