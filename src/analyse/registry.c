/* registry.c - the analysers, in report order. */
#include "analyse/analyser.h"

#include <stddef.h>

extern const struct dp_analyser_type dp_analyser_declared;
extern const struct dp_analyser_type dp_analyser_dedup;
extern const struct dp_analyser_type dp_analyser_licenses;
extern const struct dp_analyser_type dp_analyser_pii;
extern const struct dp_analyser_type dp_analyser_scope;

const struct dp_analyser_type *const dp_analysers[] = {
	&dp_analyser_declared,
	&dp_analyser_dedup,
	&dp_analyser_licenses,
	&dp_analyser_pii,
	&dp_analyser_scope,
	NULL
};
