/* declared.h - the `declared` analyser: what the dataset says about itself.
 *
 * Sources, highest precedence first: the --declared YAML file (cfg->declared, schema in
 * dataprov-card(5)); then, among members at the root of an input folder or of a top-level
 * archive, a README.md's YAML header (Hugging Face card keys) and its datasheet-like
 * markdown sections, dataset_info.json, a Croissant file (croissant.json, metadata.json),
 * and datasheet markdown files (DATASHEET.md, DATA_CARD.md). LICENSE / COPYING /
 * DATA_LICENSE / NOTICE files are listed by name; what they contain is the licenses
 * section's job. An item keeps the first value found in that order, with its source
 * (origin or --declared path) and line. Documentation inside archives is read for the first
 * DP_DECLARED_MAX_ARCHIVES inputs only (status "skipped" after that), so memory stays
 * bounded when each of many shards carries a README.
 *
 * Report (key `declared`): sources[] {origin, type, status, error?}, license_files[],
 * items{KEY: {value, source, line, spdx?, class?}} in the order of dp_declared_items,
 * missing[] (the items nobody declared). Values are as written (strings, lists, maps);
 * the license item adds its SPDX mapping and class (mapped/unknown/unrecognized).
 */
#ifndef DP_ANALYSE_DECLARED_H
#define DP_ANALYSE_DECLARED_H

#include "analyse/analyser.h"

#define DP_DECLARED_DOC_BYTES (1u << 20)     /* bytes of a documentation member kept */
#define DP_DECLARED_SECTION_BYTES 1500u      /* bytes of a markdown section kept as value */
#define DP_DECLARED_MAX_ARCHIVES 1024u       /* archives (by input index) whose docs are read */

/* The item keys, in report order (NULL-terminated). */
extern const char *const dp_declared_items[];

extern const struct dp_analyser_type dp_analyser_declared;

#endif
