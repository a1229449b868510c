/* validate.h - cheap C checks that turn a regex match into a finding (or reject it).
 *
 * Every validator takes the matched bytes [s, s+n) (not NUL-terminated, borrowed) and
 * returns 1 when the value is plausible, 0 when it must be dropped. They are pure
 * functions of their input: no state, safe from any thread.
 */
#ifndef DP_RULES_VALIDATE_H
#define DP_RULES_VALIDATE_H

#include <stddef.h>

/* Payment card: 12..19 digits once separators (space, '-') are removed, a known issuer
 * prefix for that length, and a valid Luhn check digit. */
int dp_validate_card(const char *s, size_t n);
/* Plain Luhn over the digits of [s, s+n) (non-digits skipped); 0 when no digits. */
int dp_validate_luhn(const char *s, size_t n);
/* IBAN: known country code with its exact length, then mod-97 == 1. Spaces allowed,
 * letters in either case. */
int dp_validate_iban(const char *s, size_t n);
/* US SSN "AAA-GG-SSSS" (separators '-', ' ' or none): area not 000, 666 or 9xx, group not
 * 00, serial not 0000, and not one of the well-known advertising numbers. */
int dp_validate_ssn(const char *s, size_t n);
/* IPv4 dotted quad, strict (inet_pton: no leading zeros, each octet <= 255, exactly four
 * parts), so dates (2024.01.02, 01.02.2024) and zero-padded look-alikes fail; quads that
 * look like section or version numbers (first octet < 10, the others < 32: 1.2.3.4,
 * 7.18.1.2) fail too. "version 10.0.19041.1" is left to the rule's `exclude` words. */
int dp_validate_ipv4(const char *s, size_t n);
/* IPv6 as inet_pton accepts it (an IPv4 tail allowed), with at least three non-empty
 * groups, and not made only of 1..2-digit decimal groups (clock times like 12:30::). */
int dp_validate_ipv6(const char *s, size_t n);
/* JWT: three base64url segments; the first decodes to a JSON object with an "alg" key. */
int dp_validate_jwt(const char *s, size_t n);
/* Phone number: 7..15 digits before an extension (x, ext, #), not all one digit, not
 * only 0s and 1s, not shaped like a date (YYYY-MM-DD, DD.MM.YYYY, MM/DD/YYYY ...) or a US
 * ZIP+4 code (02110-1301), and not in 555-0100..555-0199 (reserved for fiction). */
int dp_validate_phone(const char *s, size_t n);
/* Shannon entropy in bits per byte of [s, s+n); 0 for n == 0. */
double dp_entropy(const char *s, size_t n);
/* 1 when [s, s+n) looks like a random secret: entropy >= min_bits, not a single character
 * class repeated, not all hex of length 32/40/64 (digests, git SHAs), not a UUID. */
int dp_validate_secret(const char *s, size_t n, double min_bits);

/* A validator as stored in a rule: name -> function. `arg` is the rule's min-entropy. */
typedef int (*dp_validator_fn)(const char *s, size_t n, double arg);
/* Look a validator up by name ("card", "iban", "ssn", "ipv4", "ipv6", "jwt", "entropy",
 * "luhn", "phone"); NULL when unknown. */
dp_validator_fn dp_validator_find(const char *name);
/* NULL-terminated list of validator names (for `rules check` messages and the man page). */
extern const char *const dp_validator_names[];

#endif
