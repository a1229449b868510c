/* licenses.h - the `licenses` analyser: license texts, notices, tags and references in
 * license files, READMEs, metadata files and source text; declared values in README YAML
 * headers and metadata files; and per-record license fields mapped to SPDX.
 *
 * Which members are read: text members named like a license or notice file (LICENSE,
 * COPYING, NOTICE, DATA_LICENSE, *.license, ...), READMEs, metadata files
 * (dataset_info.json, package.json, croissant/metadata JSON, pyproject.toml), source code,
 * and any member read by the text reader; at most DP_LICENSE_SCAN_BYTES of each.
 * With cfg->scan_record_licenses, record text is scanned too (detections are then counted
 * per member, license and kind). Report: see DESIGN.md section 4, `licenses`.
 */
#ifndef DP_ANALYSE_LICENSES_H
#define DP_ANALYSE_LICENSES_H

#include "analyse/analyser.h"

extern const struct dp_analyser_type dp_analyser_licenses;

#endif
