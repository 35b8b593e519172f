/*
 * fuzz_procedure_json: a procedure from any bytes (R-CAT-1, R-CAT-2).
 * Properties: no crash or leak; a refusal says why; an accepted procedure
 * gives a body within the limit that parses back (procedure_from_text) to
 * the same struct, and checking that body again gives the same body (the
 * normalisation is idempotent).
 */
#include "compat.h"

#include <jansson.h>

#include "core/err.h"
#include "core/jsonlimit.h"
#include "store/procedures.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct procedure a, b;
	char why[PROCEDURE_WHY_SIZE] = "";
	char *body = NULL, *again = NULL;
	json_t *j, *k;
	int rc;

	if (!json_depth_ok((const char *)data, size, 16))
		return 0;
	j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!j)
		return 0;
	rc = procedure_from_json(j, NULL, &a, &body, why, sizeof(why));
	json_decref(j);
	if (rc) {
		FUZZ_CHECK(body == NULL);
		FUZZ_CHECK(why[0] != '\0' || rc == ERR_NOMEM);
		return 0;
	}
	FUZZ_CHECK(strlen(body) <= PROCEDURE_BODY_BYTES_MAX);
	FUZZ_CHECK(procedure_from_text(body, strlen(body), &b) == 0);
	FUZZ_CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	k = json_loads(body, JSON_REJECT_DUPLICATES, NULL);
	FUZZ_CHECK(k != NULL);
	FUZZ_CHECK(procedure_from_json(k, a.code, &b, &again, why, sizeof(why)) == 0);
	FUZZ_CHECK(strcmp(body, again) == 0);
	json_decref(k);
	free(again);
	free(body);
	return 0;
}
