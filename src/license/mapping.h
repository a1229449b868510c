/* mapping.h - free-form license values (Hugging Face ids, spellings, URLs, SPDX
 * expressions) to SPDX ids; the functions are declared in license/license.h:
 * dp_license_map_value, dp_license_class_name, plus the helpers below used by the scanner.
 */
#ifndef DP_LICENSE_MAPPING_H
#define DP_LICENSE_MAPPING_H

#include <stddef.h>

#include "license/corpus.h"
#include "license/license.h"

/* Map a URL to an SPDX id (creativecommons.org deeds and legal code, opensource.org,
 * apache.org, gnu.org, and every cross-reference URL of the SPDX list). Returns the id
 * (borrowed from the corpus or written into buf, cap bytes), or NULL. */
const char *dp_lic_map_url(const struct dp_license_corpus *c, const char *s, size_t n,
			   char *buf, size_t cap);

/* Map a license name or id ("Apache License 2.0", "cc-by-nc-4.0", "GPLv3+") to an SPDX id
 * (borrowed from the corpus), or NULL. */
const char *dp_lic_map_name(const struct dp_license_corpus *c, const char *s, size_t n);

/* dp_license_map_value without reading the value as a sentence (the text scanner maps
 * "License: GPL-2+" fields with it; no recursion into the scanner). */
enum dp_license_class dp_lic_map_field(const struct dp_license_corpus *c, const char *s,
				       size_t n, char *out, size_t cap);

/* The corpus spelling of an SPDX id, or NULL when it is not on the SPDX list. */
const char *dp_lic_canon_id(const struct dp_license_corpus *c, const char *id);

#endif
