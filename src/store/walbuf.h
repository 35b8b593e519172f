/*
 * walbuf.h: a VFS that gathers the write-ahead log's writes into fewer
 * system calls (walbuf.c explains why and when it is safe). The store opens
 * its write connections with it.
 */
#ifndef MOTCUA_STORE_WALBUF_H
#define MOTCUA_STORE_WALBUF_H

#include <sqlite3.h>

#define WALBUF_VFS "motcua-walbuf"

/* Registers the VFS (once, before any connection: db.c does); SQLITE_OK, or why not. */
int walbuf_register(void);

#endif
