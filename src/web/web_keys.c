/*
 * API keys: "mk_<key id>_<secret>", 12 hex digits of public id and 40 of
 * secret (160 random bits from getrandom). The store keeps the id, a
 * random 128-bit salt and SHA-256(salt ":" secret) (store_web.h), never
 * the secret: a stolen database does not give working keys, and a secret
 * this long needs no slow hash. Checks compare hashes in constant time.
 */
#include "web/web.h"

#include "store/store_web.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define KEY_ID_HEX 12
#define SECRET_HEX 40

static int random_hex(char *out, size_t nhex)
{
	unsigned char b[32];
	size_t n = (nhex + 1) / 2;
	if (n > sizeof b || getrandom(b, n, 0) != (ssize_t)n)
		return -1;
	for (size_t i = 0; i < nhex; i++)
		out[i] = "0123456789abcdef"[(b[i / 2] >> (i % 2 ? 0 : 4)) & 15];
	out[nhex] = 0;
	return 0;
}

static void key_hash(const char *salt, const char *secret, size_t slen, char hex[STORE_SHA256_HEX])
{
	char buf[STORE_KEY_SALT_MAX + 1 + SECRET_HEX + 1];
	int n = snprintf(buf, sizeof buf, "%s:%.*s", salt, (int)slen, secret);
	store_sha256_hex(buf, (size_t)n, hex);
}

int64_t web_key_create(struct store *s, const char *name, char key[WEB_KEY_LEN])
{
	struct store_key k;
	char secret[SECRET_HEX + 1];
	memset(&k, 0, sizeof k);
	snprintf(k.name, sizeof k.name, "%s", name);
	if (random_hex(k.key_id, KEY_ID_HEX) < 0 || random_hex(k.salt, 32) < 0 || random_hex(secret, SECRET_HEX) < 0)
		return -1;
	key_hash(k.salt, secret, SECRET_HEX, k.hash);
	k.created_at = (int64_t)time(NULL);
	int64_t id = store_key_add(s, &k);
	if (id < 0)
		return -1;
	snprintf(key, WEB_KEY_LEN, "mk_%.12s_%.40s", k.key_id, secret);
	return id;
}

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

int web_key_check(struct store *s, const char *key, size_t len)
{
	if (len != WEB_KEY_LEN - 1 || memcmp(key, "mk_", 3) != 0 || key[3 + KEY_ID_HEX] != '_' ||
	    !is_hex(key + 3, KEY_ID_HEX) || !is_hex(key + 4 + KEY_ID_HEX, SECRET_HEX))
		return 0;
	char id[KEY_ID_HEX + 1];
	memcpy(id, key + 3, KEY_ID_HEX);
	id[KEY_ID_HEX] = 0;
	struct store_key k;
	int rc = store_key_find(s, id, &k);
	if (rc <= 0)
		return rc;
	char hex[STORE_SHA256_HEX];
	key_hash(k.salt, key + 4 + KEY_ID_HEX, SECRET_HEX, hex);
	unsigned char diff = 0;
	for (size_t i = 0; i < STORE_SHA256_HEX - 1; i++)
		diff |= (unsigned char)(hex[i] ^ k.hash[i]);
	return diff == 0 && k.revoked_at == 0;
}
