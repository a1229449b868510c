/* jsonout.h - save a finished dp_json document to a file (the JSON writers and gaps pass). */
#ifndef DP_REPORT_JSONOUT_H
#define DP_REPORT_JSONOUT_H

#include "core/error.h"
#include "core/json.h"

/* Write the generated text plus a final newline to `path` (created or truncated). DP_OK, or
 * DP_FATAL when the output is unbalanced or cannot be written (err names the file). */
int dp_jsonout_save(const char *path, struct dp_json *j, struct dp_error *err);

#endif
