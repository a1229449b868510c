/* catalog.h - every member of the run, in input order, to turn a record's seq back into
 * its origin and record index (for findings written after the scan, such as duplicates).
 *
 * Filled by the pipeline as members end; read-only once the scan is over. Thread-safe for
 * concurrent readers only.
 */
#ifndef DP_CORE_CATALOG_H
#define DP_CORE_CATALOG_H

#include <stddef.h>
#include <stdint.h>

struct dp_catalog;

struct dp_catalog *dp_catalog_new(void);
void dp_catalog_free(struct dp_catalog *c);

/* Add a member whose records have seqs [first_seq, first_seq + records). The origin is
 * copied. Members may be added in any order; call dp_catalog_seal before lookups.
 * Returns 0, or -1 when out of memory. */
int dp_catalog_add(struct dp_catalog *c, const char *origin, uint64_t first_seq,
		   uint64_t records);
void dp_catalog_seal(struct dp_catalog *c);

/* Origin of the member holding record `seq` (borrowed, lives as long as the catalog), and
 * the record's index within that member. NULL when no member holds it. */
const char *dp_catalog_find(const struct dp_catalog *c, uint64_t seq, uint64_t *record_index);

#endif
