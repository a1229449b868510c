/* fuzz_parquet.c - libFuzzer target: the parquet record reader over arbitrary bytes. */
#define FUZZ_READER "parquet"
#include "reader_harness.h"
