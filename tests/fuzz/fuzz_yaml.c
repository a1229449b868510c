/* fuzz_yaml.c - libFuzzer target: the YAML readers, i.e. the --declared file and card
 * header conversion to a JSON tree (src/core/yamljson.c) and markdown front matter
 * (src/core/frontmatter.c). */
#include <stdint.h>
#include <stdlib.h>

#include "core/frontmatter.h"
#include "core/yamljson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_frontmatter fm = { 0 };
	struct dp_error err;
	yajl_val t;

	dp_error_clear(&err);
	t = dp_yaml_to_tree((const char *)data, size, "fuzz.yaml", &err);
	yajl_tree_free(t);
	dp_error_clear(&err);
	if (dp_frontmatter_parse((const char *)data, size, &fm, &err) == DP_OK)
		dp_frontmatter_get(&fm, "license");
	dp_frontmatter_release(&fm);
	return 0;
}
