/* digest.c - SHA-256 (OpenSSL EVP) and XXH3-128 (xxHash) streaming wrappers. */
#include "input/digest.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <xxhash.h>

struct dp_sha256 {
	EVP_MD_CTX *ctx;
};

struct dp_xxh128 {
	XXH3_state_t *st;
};

struct dp_sha256 *dp_sha256_new(void)
{
	struct dp_sha256 *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->ctx = EVP_MD_CTX_new();
	if (!s->ctx || EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL) != 1) {
		dp_sha256_free(s);
		return NULL;
	}
	return s;
}

void dp_sha256_update(struct dp_sha256 *s, const void *p, size_t n)
{
	EVP_DigestUpdate(s->ctx, p, n);
}

void dp_sha256_hex(struct dp_sha256 *s, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_DigestFinal_ex(s->ctx, md, &n);
	dp_hex(md, n > 32 ? 32 : n, hex);
}

void dp_sha256_free(struct dp_sha256 *s)
{
	if (!s)
		return;
	EVP_MD_CTX_free(s->ctx);
	free(s);
}

struct dp_xxh128 *dp_xxh128_new(void)
{
	struct dp_xxh128 *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->st = XXH3_createState();
	if (!s->st) {
		free(s);
		return NULL;
	}
	XXH3_128bits_reset(s->st);
	return s;
}

void dp_xxh128_reset(struct dp_xxh128 *s)
{
	XXH3_128bits_reset(s->st);
}

void dp_xxh128_update(struct dp_xxh128 *s, const void *p, size_t n)
{
	XXH3_128bits_update(s->st, p, n);
}

void dp_xxh128_digest(struct dp_xxh128 *s, uint8_t out[16])
{
	XXH128_canonical_t c;

	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(s->st));
	for (int i = 0; i < 16; i++)
		out[i] = c.digest[i];
}

void dp_xxh128_free(struct dp_xxh128 *s)
{
	if (!s)
		return;
	XXH3_freeState(s->st);
	free(s);
}

void dp_hex(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}
