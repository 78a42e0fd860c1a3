/*
 * RTR load client for bench/rtr.sh: N routers connect to HOST:PORT at once,
 * each sends a Reset Query and reads PDUs (framing only) until End of Data.
 * Prints the time from the first connect to the last End of Data, and the
 * PDUs and bytes each router got; exits 1 if any router did not get a whole
 * answer (closed, Error Report, or PDU counts that differ).
 * With a DEADLINE (seconds), gives up then: prints the routers done so far
 * and exits 3.
 * Usage: rtr_sync HOST PORT N [VERSION [DEADLINE]]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct conn {
	int fd;
	int sent, done, failed;
	uint8_t hdr[8];
	size_t have;        /* header bytes held */
	uint64_t skip;      /* body bytes still to skip */
	int type;
	uint64_t pdus, bytes;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Consumes n bytes of stream; sets done at End of Data, failed at an Error Report. */
static void feed(struct conn *c, const uint8_t *p, size_t n)
{
	c->bytes += n;
	while (n) {
		if (c->skip) {
			size_t k = n < c->skip ? n : (size_t)c->skip;
			c->skip -= k;
			p += k;
			n -= k;
			if (!c->skip && c->type == 7)
				c->done = 1;
			continue;
		}
		size_t k = 8 - c->have < n ? 8 - c->have : n;
		memcpy(c->hdr + c->have, p, k);
		c->have += k;
		p += k;
		n -= k;
		if (c->have < 8)
			continue;
		c->have = 0;
		uint32_t len = (uint32_t)c->hdr[4] << 24 | (uint32_t)c->hdr[5] << 16 | (uint32_t)c->hdr[6] << 8 | c->hdr[7];
		c->type = c->hdr[1];
		if (len < 8 || c->type == 10) {
			c->failed = 1;
			return;
		}
		c->skip = len - 8;
		if (c->type == 4 || c->type == 6 || c->type == 9 || c->type == 11)
			c->pdus++;
		if (!c->skip && c->type == 7)
			c->done = 1;
	}
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: rtr_sync HOST PORT N [VERSION]\n");
		return 2;
	}
	int n = atoi(argv[3]), version = argc > 4 ? atoi(argv[4]) : 1;
	double deadline = argc > 5 ? atof(argv[5]) : 0;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2])) };
	inet_pton(AF_INET, argv[1], &sa.sin_addr);
	struct conn *cs = calloc((size_t)n, sizeof *cs);
	int ep = epoll_create1(0);
	static uint8_t buf[1 << 18];
	double t0 = now();
	for (int i = 0; i < n; i++) {
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (fd < 0) {
			perror("socket");
			return 1;
		}
		if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0 && errno != EINPROGRESS) {
			perror("connect");
			return 1;
		}
		cs[i].fd = fd;
		struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.u32 = (uint32_t)i };
		epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	}
	int left = n;
	struct epoll_event evs[256];
	while (left > 0) {
		if (deadline > 0 && now() - t0 > deadline) {
			printf("%d %.3f 0 0 %d %d\n", n, now() - t0, left, n - left);
			return 3;
		}
		int k = epoll_wait(ep, evs, 256, 1000);
		if (k == 0)
			continue;
		if (k <= 0) {
			fprintf(stderr, "rtr_sync: no progress for 60 s, %d routers not synchronised\n", left);
			return 1;
		}
		for (int e = 0; e < k; e++) {
			struct conn *c = &cs[evs[e].data.u32];
			if (c->done || c->failed)
				continue;
			if ((evs[e].events & EPOLLOUT) && !c->sent) {
				uint8_t q[8] = { (uint8_t)version, 2, 0, 0, 0, 0, 0, 8 };
				if (write(c->fd, q, 8) == 8) {
					c->sent = 1;
					struct epoll_event ev = { .events = EPOLLIN, .data.u32 = evs[e].data.u32 };
					epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
				}
			}
			if (evs[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
				for (;;) {
					ssize_t r = read(c->fd, buf, sizeof buf);
					if (r > 0) {
						feed(c, buf, (size_t)r);
						if (c->done || c->failed)
							break;
						continue;
					}
					if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
						c->failed = 1;
					break;
				}
				if (c->done || c->failed) {
					close(c->fd);
					left--;
				}
			}
		}
	}
	double t = now() - t0;
	int failed = 0;
	for (int i = 0; i < n; i++)
		if (cs[i].failed || cs[i].pdus != cs[0].pdus)
			failed++;
	printf("%d %.3f %llu %llu %d %d\n", n, t, (unsigned long long)cs[0].pdus, (unsigned long long)cs[0].bytes, failed, n);
	return failed ? 1 : 0;
}
