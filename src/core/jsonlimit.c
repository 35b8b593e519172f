#include "compat.h"

#include "core/jsonlimit.h"

bool json_depth_ok(const char *s, size_t len, int max)
{
	int depth = 0;
	bool in_string = false;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (in_string) {
			if (c == '\\')
				i++; /* the escaped character cannot end the string */
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"')
			in_string = true;
		else if ((c == '[' || c == '{') && ++depth > max)
			return false;
		else if (c == ']' || c == '}')
			depth--;
	}
	return true;
}
