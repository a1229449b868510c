/* card_yaml.h - the YAML header of DATACARD.md, holding only values the Hugging Face Hub
 * accepts: license (a Hub id, or `other` with license_name and license_link), lowercase
 * ISO 639 language codes, a size_categories bucket, pretty_name, configs and dataset_info
 * (splits with num_examples, never byte counts), task_categories only when declared.
 */
#ifndef DP_REPORT_CARD_YAML_H
#define DP_REPORT_CARD_YAML_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <yajl/yajl_tree.h>

/* Write the header, "---" lines included, to f. */
void dp_card_yaml_write(FILE *f, yajl_val report);

/* The Hub id for an SPDX id ("CC-BY-4.0" -> "cc-by-4.0", "ODC-By-1.0" -> "odc-by"), or
 * NULL when the Hub has none (the card then says `other`). */
const char *dp_card_hub_license(const char *spdx);

/* The Hub's size bucket for a number of examples ("n<1K", "1K<n<10K", ...). */
const char *dp_card_size_category(uint64_t n);

/* Copy into out (cap bytes) the YAML form of a scalar: plain when safe, else double-quoted
 * with escapes. */
void dp_card_yaml_scalar(char *out, size_t cap, const char *s);

#endif
