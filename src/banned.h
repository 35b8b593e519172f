/*
 * banned.h: libc functions that are easy to misuse become compile errors.
 *
 * Copying and formatting go through bounded calls (snprintf, memcpy with a
 * checked length, the capped buffer of core/buf.h); numbers are parsed with
 * strtol-family calls or the small cursor parsers of the core; dates never go
 * through the process time zone (the core does its own calendar arithmetic).
 */
#ifndef MOTCUA_BANNED_H
#define MOTCUA_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef strtok_r
#define strtok_r(x, y, z) BANNED(strtok_r)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef atoll
#define atoll(x) BANNED(atoll)
#undef atof
#define atof(x) BANNED(atof)
#undef sscanf
#define sscanf(...) BANNED(sscanf)
#undef gets
#define gets(x) BANNED(gets)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)
#undef gmtime_r
#define gmtime_r(x, y) BANNED(gmtime_r)
#undef localtime_r
#define localtime_r(x, y) BANNED(localtime_r)
#undef ctime
#define ctime(x) BANNED(ctime)
#undef asctime
#define asctime(x) BANNED(asctime)
#undef mktime
#define mktime(x) BANNED(mktime)

#endif
