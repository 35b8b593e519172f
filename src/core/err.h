/*
 * err.h: the one error enum of motcua.
 *
 * Fallible functions return int: 0 on success or a negative ERR_* value.
 * Each error has a stable snake_case code (the `code` of problem+json
 * answers and of CLI messages) and a short English title. Only the HTTP
 * router maps them to statuses; the table below is the single source.
 *
 * Thread-safe: everything here is constant data.
 */
#ifndef MOTCUA_CORE_ERR_H
#define MOTCUA_CORE_ERR_H

/* X(name, value, code, title) */
#define ERR_TABLE(X)                                                               \
	X(ERR_INVALID, -1, "validation_failed", "Invalid input")                   \
	X(ERR_NOT_FOUND, -2, "not_found", "Not found")                             \
	X(ERR_FORBIDDEN, -3, "forbidden", "Not allowed for this user")             \
	X(ERR_INVALID_TRANSITION, -4, "invalid_transition",                        \
	  "The dossier's state does not allow this action")                        \
	X(ERR_SUPPLEMENT_LIMIT, -5, "supplement_limit_reached",                    \
	  "A supplement was already requested by this unit")                       \
	X(ERR_APOLOGY_TOO_LATE, -6, "apology_too_late",                            \
	  "An apology must be issued at least 1 working day before the due time")  \
	X(ERR_REAPPOINT_LIMIT, -7, "reappointment_limit_reached",                  \
	  "The dossier was already re-appointed once")                             \
	X(ERR_REASON_REQUIRED, -8, "reason_required", "A reason is required")      \
	X(ERR_RESULT_REQUIRED, -9, "result_required", "A result is required")      \
	X(ERR_ITEMS_REQUIRED, -10, "items_required",                               \
	  "The request must list every missing item")                              \
	X(ERR_INVALID_NEW_DUE, -11, "invalid_new_due",                             \
	  "The new appointment must be later than the current due time")          \
	X(ERR_NO_NEXT_STEP, -12, "no_next_step",                                   \
	  "The dossier is at the last step of its process")                        \
	X(ERR_AMOUNT_REQUIRED, -13, "amount_required",                             \
	  "A positive amount is required")                                         \
	X(ERR_RANGE, -14, "out_of_range", "Value outside the supported range")     \
	X(ERR_NOMEM, -15, "out_of_memory", "Out of memory")                        \
	X(ERR_INVALID_DATE, -16, "invalid_date", "Invalid date")                   \
	X(ERR_INVALID_TIME, -17, "invalid_time", "Invalid time")                   \
	X(ERR_INVALID_ID_NUMBER, -18, "invalid_id_number",                         \
	  "Invalid personal identification number")                               \
	X(ERR_INVALID_TAX_CODE, -19, "invalid_tax_code", "Invalid tax code")       \
	X(ERR_INVALID_UNIT_CODE, -20, "invalid_unit_code", "Invalid unit code")    \
	X(ERR_INVALID_DOSSIER_CODE, -21, "invalid_dossier_code",                   \
	  "Invalid dossier code")                                                  \
	X(ERR_INVALID_LEDGER, -22, "invalid_clock_ledger",                         \
	  "The clock entry does not fit the ledger")                               \
	X(ERR_INVALID_UTF8, -23, "invalid_utf8", "Text is not valid UTF-8")        \
	X(ERR_TOO_LARGE, -24, "too_large", "Input too large")                      \
	X(ERR_IO, -25, "io_error", "Input/output error")                           \
	X(ERR_INVALID_RATING, -26, "invalid_rating", "Invalid rating")                 \
	X(ERR_UNAUTHENTICATED, -27, "unauthenticated", "Sign-in required")         \
	X(ERR_RATE_LIMITED, -28, "rate_limited", "Too many requests")              \
	X(ERR_BUSY, -29, "busy", "The server is busy; try again")                  \
	X(ERR_CONFLICT, -30, "conflict", "Conflicts with existing data")           \
	X(ERR_UNSUPPORTED_MEDIA, -31, "unsupported_media_type",                    \
	  "Unsupported media type")                                                \
	X(ERR_METHOD, -32, "method_not_allowed", "Method not allowed")                 \
	X(ERR_COMPONENTS_MISSING, -33, "components_missing",                       \
	  "A required component of the procedure is missing")             \
	X(ERR_INVALID_CREDENTIALS, -34, "invalid_credentials",                     \
	  "Wrong username or password")                                            \
	X(ERR_CSRF, -35, "csrf_failed", "Missing or wrong X-CSRF-Token header")

enum err {
#define ERR_ENUM(name, value, code, title) name = value,
	ERR_TABLE(ERR_ENUM)
#undef ERR_ENUM
};

/* The stable snake_case code of rc ("ok" for 0, "internal_error" if unknown). */
const char *err_code(int rc);

/* A short English title for rc. */
const char *err_title(int rc);

#endif
