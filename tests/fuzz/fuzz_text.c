/* fuzz_text.c - libFuzzer target: the text record reader over arbitrary bytes. */
#define FUZZ_READER "text"
#include "reader_harness.h"
