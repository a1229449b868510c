/* registry.c - the analysers, in report order. */
#include "analyse/analyser.h"

#include <stddef.h>
#include <string.h>

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

size_t dp_analysers_count(void)
{
	size_t n = 0;

	while (dp_analysers[n])
		n++;
	return n;
}

int dp_analyser_enabled(const struct dp_config *cfg, const char *name)
{
	const char *p = cfg->analysers;
	size_t n = strlen(name);

	if (!p || !strcmp(p, "all"))
		return 1;
	while (*p) {
		size_t len = strcspn(p, ",");
		if (len == n && !strncmp(p, name, n))
			return 1;
		p += len + (p[len] == ',');
	}
	return 0;
}
