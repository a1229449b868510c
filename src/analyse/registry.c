/* registry.c - the analysers, in report order. */
#include "analyse/analyser.h"

#include <stddef.h>

const struct dp_analyser_type *const dp_analysers[] = {
	NULL
};
