#!/usr/bin/env python3
"""gen_secrets.py - a labelled set of secrets and decoys for the rule engine (deterministic).

Writes a JSON array in the Presidio research shape: {"full_text", "spans": [{"entity_type",
"start_position", "end_position"}]}, offsets in code points, end exclusive. entity_type is
the dataprov rule id that should report the value. Secrets are random values in the
documented formats, placed in .env files, JSON/YAML configs, code, shell lines, URLs and
prose. Decoys carry no span: documentation placeholders (AKIAIOSFODNN7EXAMPLE, xxxx,
<token>, ${VAR}), environment look-ups, version quads, dates, ISBNs, 16-digit numbers that
fail Luhn, git SHAs, UUIDs, sha256 checksums, arithmetic, public keys.
Usage: gen_secrets.py OUT.json [N_PER_TYPE=40] [SEED=7]
"""
import base64
import json
import random
import string
import sys

B62 = string.ascii_letters + string.digits
B32 = string.ascii_uppercase + "234567"
B64 = B62 + "+/"
URLSAFE = B62 + "-_"

PROSE = ["Here is the config we use in prod:", "Deploy notes (do not share):", "Ünïcødé header — ",
         "The following was pasted by mistake:", "see the snippet below", "设置如下："]


def rs(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def strong(rng, n, extra="!#%^*-_"):
    while True:
        v = rs(rng, B62 + extra, n)
        if any(c.isdigit() for c in v) and any(c.isupper() for c in v) and any(c.islower() for c in v):
            return v


def b64url(obj):
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")


def secret(rng, kind):
    """Return (value, template with {v} where the value goes)."""
    if kind == "aws-access-key-id":
        return rng.choice(["AKIA", "ASIA"]) + rs(rng, B32, 16), rng.choice(
            ["AWS_ACCESS_KEY_ID={v}", "aws_access_key_id = {v}", '"AccessKeyId": "{v}",'])
    if kind == "aws-secret-access-key":
        return rs(rng, B64, 40), rng.choice(
            ["aws_secret_access_key = {v}", "AWS_SECRET_ACCESS_KEY={v}", '"SecretAccessKey": "{v}"'])
    if kind == "github-token":
        v = rng.choice(["ghp_", "gho_", "ghs_", "ghu_", "ghr_"]) + rs(rng, B62, 36)
        if rng.random() < 0.25:
            v = "github_pat_" + rs(rng, B62, 22) + "_" + rs(rng, B62, 59)
        return v, rng.choice(["GITHUB_TOKEN={v}", "git clone with token {v} worked", "'token': '{v}'"])
    if kind == "slack-token":
        v = "%s-%s-%s-%s" % (rng.choice(["xoxb", "xoxp"]), rs(rng, string.digits, 12),
                             rs(rng, string.digits, 13), rs(rng, B62, 24))
        return v, rng.choice(["SLACK_BOT_TOKEN={v}", "slack token: {v}", "client = WebClient(token='{v}')"])
    if kind == "slack-webhook":
        v = "https://hooks.slack.com/services/T%s/B%s/%s" % (rs(rng, B32, 8), rs(rng, B32, 10), rs(rng, B62, 24))
        return v, rng.choice(["webhook_url: {v}", "curl -X POST {v} -d @msg.json", "SLACK_WEBHOOK={v}"])
    if kind == "google-api-key":
        return "AIza" + rs(rng, URLSAFE, 35), rng.choice(
            ["GOOGLE_API_KEY={v}", "https://maps.googleapis.com/maps/api/js?key={v}&callback=x", "apiKey: \"{v}\","])
    if kind == "stripe-key":
        return rng.choice(["sk_live_", "rk_live_", "sk_test_"]) + rs(rng, B62, 24), rng.choice(
            ["STRIPE_SECRET_KEY={v}", "stripe.api_key = \"{v}\"", "Stripe key {v} in the logs"])
    if kind == "private-key":
        kt = rng.choice(["RSA ", "EC ", "OPENSSH ", ""])
        body = "\n".join(rs(rng, B64, 64) for _ in range(4))
        v = "-----BEGIN %sPRIVATE KEY-----\n%s\n-----END %sPRIVATE KEY-----" % (kt, body, kt)
        return v, rng.choice(["key.pem:\n{v}\n", "{v}", "ssh key follows\n{v}\nend"])
    if kind == "jwt":
        h = b64url({"alg": rng.choice(["HS256", "RS256"]), "typ": "JWT"})
        p = b64url({"sub": rs(rng, string.digits, 8), "name": rs(rng, string.ascii_lowercase, 6),
                    "iat": rng.randrange(1500000000, 1800000000)})
        return "%s.%s.%s" % (h, p, rs(rng, URLSAFE, 43)), rng.choice(
            ["Authorization: Bearer {v}", "token={v}", "the cookie was session={v};"])
    if kind == "url-credentials":
        v = "%s://%s:%s@%s.%s" % (rng.choice(["https", "postgres", "mysql", "redis", "ftp"]),
                                  rs(rng, string.ascii_lowercase, 6), strong(rng, 14, "-_.~!*"),
                                  rs(rng, string.ascii_lowercase, 8), rng.choice(["com", "internal", "io"]))
        return v, rng.choice(["DATABASE_URL={v}/app", "connect to {v}:5432/db", "remote = {v}/repo.git"])
    v = strong(rng, rng.randrange(18, 32))
    return v, rng.choice(["password = \"{v}\"", "DB_PASSWORD={v}", "api_key: {v}", "\"client_secret\": \"{v}\"",
                          "auth_token='{v}'", "SECRET={v}"])


DECOYS = [
    "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "export GITHUB_TOKEN=<token>",
    "token: ${GITHUB_TOKEN}",
    "api_key = YOUR_API_KEY_HERE",
    "password = os.environ['DB_PASSWORD']",
    "token = tokenizer.encode(text, add_special_tokens=True)",
    "secret_key = settings.SECRET_KEY",
    "password: changeme",
    "password = \"********\"",
    "SLACK_BOT_TOKEN=xoxb-your-bot-token",
    "webhook: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
    "stripe.api_key = \"sk_live_xxxxxxxxxxxxxxxxxxxxxxxx\"",
    "GOOGLE_API_KEY=AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
    "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----",
    "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
    "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n",
    "Authorization: Bearer eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl",
    "DATABASE_URL=postgres://user:password@localhost:5432/app",
    "remote = https://user:${TOKEN}@git.example.org/repo.git",
    "open https://example.com:8080/path?a=b",
    "version 1.2.3.4 released",
    "Windows 10.0.19041.1 build",
    "on 2024-01-15 at 12:30:45",
    "ISBN 978-3-16-148410-0 and ISBN 0-306-40615-2",
    "order number 4111111111111112 shipped",
    "commit 3f786850e387550fdab836ed7e6dc881de23001b",
    "id 123e4567-e89b-12d3-a456-426614174000",
    "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "checksum = 9b74c9897bad770ac4e0d9fdc27d1d0b0b22b0d5a0c6bfe1d0e5b1a9f6d8e3c2",
    "Solve 123-45-6789=? step by step",
    "the key is a SHA: 9fb0c1d2e3f4a5b6c7d8e9f00112233445566778",
    "uuid4 = 0f8fad5b-d9cb-469f-a165-70867728950e",
]


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    kinds = ["aws-access-key-id", "aws-secret-access-key", "github-token", "slack-token", "slack-webhook",
             "google-api-key", "stripe-key", "private-key", "jwt", "url-credentials", "generic-secret"]
    docs = []
    for kind in kinds:
        for _ in range(n):
            v, tmpl = secret(rng, kind)
            pre = rng.choice(PROSE) + ("\n" if rng.random() < 0.5 else " ")
            a, b = tmpl.split("{v}")
            text = pre + a + v + b + rng.choice(["", "\n", " # rotate me"])
            start = len(pre) + len(a)
            docs.append({"full_text": text, "spans": [{"entity_type": kind, "start_position": start,
                                                        "end_position": start + len(v)}]})
    for _ in range(n):
        for d in DECOYS:
            docs.append({"full_text": rng.choice(PROSE) + "\n" + d + "\n", "spans": []})
    rng.shuffle(docs)
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(docs, fh, ensure_ascii=False, indent=0)


if __name__ == "__main__":
    main()
