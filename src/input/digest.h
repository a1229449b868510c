/* digest.h - streaming digests of input bytes: SHA-256 for inputs (what Croissant and SPDX
 * record) and XXH3-128 for members (what whole-file dedup compares). The only includer of
 * the OpenSSL and xxHash streaming APIs in the input stage.
 */
#ifndef DP_INPUT_DIGEST_H
#define DP_INPUT_DIGEST_H

#include <stddef.h>
#include <stdint.h>

struct dp_sha256;
struct dp_xxh128;

struct dp_sha256 *dp_sha256_new(void);
void dp_sha256_update(struct dp_sha256 *s, const void *p, size_t n);
/* Write 64 lowercase hex digits and a NUL into hex; the state can then only be freed. */
void dp_sha256_hex(struct dp_sha256 *s, char hex[65]);
void dp_sha256_free(struct dp_sha256 *s);

struct dp_xxh128 *dp_xxh128_new(void);
void dp_xxh128_reset(struct dp_xxh128 *s);
void dp_xxh128_update(struct dp_xxh128 *s, const void *p, size_t n);
/* Canonical (big-endian) 16-byte digest. */
void dp_xxh128_digest(struct dp_xxh128 *s, uint8_t out[16]);
void dp_xxh128_free(struct dp_xxh128 *s);

/* Lowercase hex of n bytes into out (2n+1 bytes). */
void dp_hex(const uint8_t *p, size_t n, char *out);

#endif
