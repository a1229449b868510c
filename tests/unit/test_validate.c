/* test_validate.c - the C validators: Luhn/cards, IBAN, SSN, IPv4/6, JWT, entropy, phone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/validate.h"

#define V(fn, s) fn(s, strlen(s))

static void test_luhn_and_cards(void **state)
{
	(void)state;
	assert_true(V(dp_validate_luhn, "79927398713"));
	assert_false(V(dp_validate_luhn, "79927398710"));
	assert_true(V(dp_validate_card, "4242424242424242"));        /* Visa */
	assert_true(V(dp_validate_card, "4111 1111 1111 1111"));
	assert_true(V(dp_validate_card, "5555555555554444"));        /* Mastercard */
	assert_true(V(dp_validate_card, "2223003122003222"));        /* Mastercard 2-series */
	assert_true(V(dp_validate_card, "378282246310005"));         /* Amex */
	assert_true(V(dp_validate_card, "6011111111111117"));        /* Discover */
	assert_true(V(dp_validate_card, "3530111333300000"));        /* JCB */
	assert_true(V(dp_validate_card, "30569309025904"));          /* Diners */
	assert_false(V(dp_validate_card, "4242424242424241"));       /* Luhn fails */
	assert_false(V(dp_validate_card, "1234567812345670"));       /* Luhn ok, no issuer 12 */
	assert_false(V(dp_validate_card, "9780306406157"));          /* ISBN-13 */
	assert_false(V(dp_validate_card, "0000000000000000"));       /* one digit repeated */
	assert_false(V(dp_validate_card, "42424242424"));            /* too short */
	assert_false(V(dp_validate_card, "37828224631000"));         /* Amex with 14 digits */
}

static void test_iban(void **state)
{
	(void)state;
	assert_true(V(dp_validate_iban, "GB82WEST12345698765432"));
	assert_true(V(dp_validate_iban, "GB82 WEST 1234 5698 7654 32"));
	assert_true(V(dp_validate_iban, "gb82west12345698765432"));
	assert_true(V(dp_validate_iban, "DE89370400440532013000"));
	assert_true(V(dp_validate_iban, "NO9386011117947"));
	assert_false(V(dp_validate_iban, "GB82WEST12345698765433"));  /* mod-97 */
	assert_false(V(dp_validate_iban, "DE8937040044053201300"));   /* DE length 22 */
	assert_false(V(dp_validate_iban, "ZZ82WEST12345698765432"));  /* no such country */
	assert_false(V(dp_validate_iban, "GBXXWEST12345698765432"));
}

static void test_ssn(void **state)
{
	(void)state;
	assert_true(V(dp_validate_ssn, "460-89-9847"));
	assert_true(V(dp_validate_ssn, "054 28 6917"));
	assert_false(V(dp_validate_ssn, "000-12-3456"));
	assert_false(V(dp_validate_ssn, "666-12-3456"));
	assert_false(V(dp_validate_ssn, "912-12-3456"));
	assert_false(V(dp_validate_ssn, "123-00-3456"));
	assert_false(V(dp_validate_ssn, "123-45-0000"));
	assert_false(V(dp_validate_ssn, "078-05-1120"));   /* the Woolworth wallet number */
	assert_false(V(dp_validate_ssn, "123-45-6789"));
	assert_false(V(dp_validate_ssn, "12-345-678"));
}

static void test_ip(void **state)
{
	(void)state;
	assert_true(V(dp_validate_ipv4, "192.168.1.1"));
	assert_true(V(dp_validate_ipv4, "8.8.8.80"));
	assert_true(V(dp_validate_ipv4, "9.200.1.1"));
	assert_false(V(dp_validate_ipv4, "1.2.3.4"));        /* section / version number */
	assert_false(V(dp_validate_ipv4, "7.18.1.2"));
	assert_false(V(dp_validate_ipv4, "256.1.1.1"));
	assert_false(V(dp_validate_ipv4, "192.168.01.1"));   /* leading zero */
	assert_false(V(dp_validate_ipv4, "1.2.3"));
	assert_false(V(dp_validate_ipv4, "2024.01.02.3"));
	assert_true(V(dp_validate_ipv6, "2001:db8::ff00:42:8329"));
	assert_true(V(dp_validate_ipv6, "6e40:4041:c617:e898:c11:40d2:c669:2eb4"));
	assert_true(V(dp_validate_ipv6, "::ffff:192.0.2.128"));
	assert_false(V(dp_validate_ipv6, "12:30:45"));        /* clock time */
	assert_false(V(dp_validate_ipv6, "00:1a:2b:3c:4d:5e")); /* MAC address */
	assert_false(V(dp_validate_ipv6, "::1"));             /* too few groups to be sure */
	assert_false(V(dp_validate_ipv6, "1:2::3"));          /* small decimals only */
	assert_false(V(dp_validate_ipv6, "2001:db8:::1"));
}

static void test_jwt(void **state)
{
	(void)state;
	assert_true(V(dp_validate_jwt, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.abc"));
	/* {"typ":"JWT"}: JSON but no alg */
	assert_false(V(dp_validate_jwt, "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.abc"));
	assert_false(V(dp_validate_jwt, "eyJhbGciOiJIUzI1NiJ9"));          /* one segment */
	assert_false(V(dp_validate_jwt, "eyJub3QganNvbg.eyJzdWIiOiIxIn0.x")); /* not JSON */
}

static void test_entropy_and_secret(void **state)
{
	(void)state;
	assert_true(dp_entropy("aaaa", 4) < 0.001);
	assert_true(dp_entropy("abcd", 4) > 1.999 && dp_entropy("abcd", 4) < 2.001);
	assert_true(dp_entropy("", 0) == 0.0);
	assert_true(dp_validate_secret("Xk9mQ2vL8pZr4TnB", 16, 3.5));
	assert_false(dp_validate_secret("aaaaaaaaaaaaaaaaaaaa", 20, 3.5));
	assert_false(dp_validate_secret("tokenizerencodetext", 19, 3.5));  /* one class */
	assert_false(dp_validate_secret("3f786850e387550fdab836ed7e6dc881de23001b", 40, 3.0));
	assert_false(dp_validate_secret("123e4567-e89b-12d3-a456-426614174000", 36, 3.0));
	assert_false(dp_validate_secret(
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 64, 3.0));
}

static void test_phone(void **state)
{
	(void)state;
	assert_true(V(dp_validate_phone, "+1-984-182-0190"));
	assert_true(V(dp_validate_phone, "345-899-3560x4587"));
	assert_true(V(dp_validate_phone, "467 3395"));
	assert_false(V(dp_validate_phone, "123 456"));            /* 6 digits */
	assert_false(V(dp_validate_phone, "1978-04-13"));         /* date */
	assert_false(V(dp_validate_phone, "13.04.1978"));
	assert_false(V(dp_validate_phone, "555 5555 555"));
	assert_false(V(dp_validate_phone, "1234567890123456"));   /* 16 digits */
	assert_false(V(dp_validate_phone, "02110-1301"));         /* ZIP+4 */
	assert_false(V(dp_validate_phone, "(312) 555-0122"));     /* fictional range */
	assert_true(V(dp_validate_phone, "(312) 555-0222"));
	assert_false(V(dp_validate_phone, "0010 00 111100"));     /* bits */
}

static void test_lookup(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; dp_validator_names[i]; i++)
		assert_non_null(dp_validator_find(dp_validator_names[i]));
	assert_null(dp_validator_find("nope"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_luhn_and_cards),
		cmocka_unit_test(test_iban),
		cmocka_unit_test(test_ssn),
		cmocka_unit_test(test_ip),
		cmocka_unit_test(test_jwt),
		cmocka_unit_test(test_entropy_and_secret),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
