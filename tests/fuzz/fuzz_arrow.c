/* fuzz_arrow.c - libFuzzer target: the Arrow IPC record reader over arbitrary bytes. */
#define FUZZ_READER "arrow"
#include "reader_harness.h"
