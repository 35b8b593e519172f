#include "compat.h"

#include "core/err.h"

const char *err_code(int rc)
{
	switch (rc) {
	case 0:
		return "ok";
#define ERR_CASE(name, value, code, title) \
	case name:                         \
		return code;
		ERR_TABLE(ERR_CASE)
#undef ERR_CASE
	}
	return "internal_error";
}

const char *err_title(int rc)
{
	switch (rc) {
	case 0:
		return "OK";
#define ERR_CASE(name, value, code, title) \
	case name:                         \
		return title;
		ERR_TABLE(ERR_CASE)
#undef ERR_CASE
	}
	return "Internal error";
}
