/* fuzz_csv.c - libFuzzer target: the csv record reader over arbitrary bytes. */
#define FUZZ_READER "csv"
#include "reader_harness.h"
