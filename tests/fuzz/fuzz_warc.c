/* fuzz_warc.c - libFuzzer target: the warc record reader over arbitrary bytes. */
#define FUZZ_READER "warc"
#include "reader_harness.h"
