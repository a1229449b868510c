/* fuzz_jsonl.c - libFuzzer target: the jsonl record reader over arbitrary bytes. */
#define FUZZ_READER "jsonl"
#include "reader_harness.h"
