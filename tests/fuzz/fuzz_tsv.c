/* fuzz_tsv.c - libFuzzer target: the tsv record reader over arbitrary bytes. */
#define FUZZ_READER "tsv"
#include "reader_harness.h"
