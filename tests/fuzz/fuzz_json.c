/* fuzz_json.c - libFuzzer target: the json record reader over arbitrary bytes. */
#define FUZZ_READER "json"
#include "reader_harness.h"
