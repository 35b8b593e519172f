/*
 * ceiling_hello: the HTTP ceiling of issue 6 (make bench, docs/bench.md).
 *
 *   ceiling_hello PORT [THREADS]
 *
 * A minimal libmicrohttpd server configured as motcua's (src/http/server.c:
 * internal polling thread, epoll, a pool of THREADS threads, default
 * SERVER_THREADS_DEFAULT) answering every request "hello" on 127.0.0.1:PORT.
 * Like motcua it answers on the second call of the handler (answering on the
 * first makes MHD close the connection). Stops on SIGINT or SIGTERM.
 */
#include "compat.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>

#include <microhttpd.h>

#include "http/server.h"

static const char hello[] = "hello\n";

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct MHD_Response *resp = cls;
	static int first_call;

	(void)url;
	(void)method;
	(void)version;
	(void)upload_data;
	if (!*con_cls) {
		*con_cls = &first_call;
		return MHD_YES;
	}
	*upload_size = 0;
	return MHD_queue_response(c, MHD_HTTP_OK, resp);
}

int main(int argc, char **argv)
{
	struct sockaddr_in addr = {.sin_family = AF_INET};
	long port = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
	long threads = argc > 2 ? strtol(argv[2], NULL, 10) : SERVER_THREADS_DEFAULT;
	struct MHD_Response *resp;
	struct MHD_Daemon *d;
	sigset_t set;
	int sig = 0;

	if (argc < 2 || port <= 0 || port > 65535 || threads < 1 || threads > 64)
		return fprintf(stderr, "usage: ceiling_hello PORT [THREADS]\n"), 2;
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	resp = MHD_create_response_from_buffer(sizeof(hello) - 1, (void *)hello,
					       MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return 1;
	MHD_add_response_header(resp, "Content-Type", "text/plain");
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0,
			     NULL, NULL, on_request, resp, MHD_OPTION_SOCK_ADDR,
			     (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
			     (unsigned)threads, MHD_OPTION_CONNECTION_LIMIT,
			     (unsigned)SERVER_CONNECTIONS_MAX, MHD_OPTION_CONNECTION_TIMEOUT,
			     (unsigned)SERVER_TIMEOUT_S, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "ceiling_hello: cannot listen on 127.0.0.1:%ld\n", port);
		MHD_destroy_response(resp);
		return 1;
	}
	fprintf(stderr, "ceiling_hello: serving http://127.0.0.1:%ld/ with %ld threads\n", port,
		threads);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	MHD_destroy_response(resp);
	return 0;
}
