/*
 * server.h: motcua's HTTP server (libmicrohttpd: internal polling thread
 * with epoll, a thread pool, suspend/resume for deferred writes).
 */
#ifndef MOTCUA_HTTP_SERVER_H
#define MOTCUA_HTTP_SERVER_H

#include <stdbool.h>
#include <stdint.h>

struct app;
struct server;

#define SERVER_THREADS_DEFAULT 4
#define SERVER_CONNECTIONS_MAX 1024
#define SERVER_CONNECTIONS_PER_IP_MAX 256
#define SERVER_TIMEOUT_S 30
/* How long server_stop waits for answers to queued changes (ms). */
#define SERVER_STOP_WAIT_MS 10000

struct server_config {
	const char *host; /* "127.0.0.1" */
	uint16_t port;
	int threads;
	bool log_requests; /* JSON lines on stdout, without personal data */
	int connections_per_ip; /* 0: SERVER_CONNECTIONS_PER_IP_MAX */
};

/* Starts listening. 0, or ERR_IO with a message in why. */
int server_start(struct server **out, struct app *app, const struct server_config *cfg,
		 char *why, size_t why_size);
/* Stops accepting, finishes what is in flight, frees. NULL is fine. */
void server_stop(struct server *s);
/* The port actually bound (useful with port 0). */
uint16_t server_port(const struct server *s);

#endif
