/* LD_PRELOAD guard for the offline tests: every attempt to reach another machine is
 * refused and written to the file named by NETGUARD_LOG, whether it comes from Python or
 * from native code (onnxruntime's telemetry resolves its host in C++, out of reach of a
 * Python monkeypatch). Loopback (127.0.0.0/8, ::1) and Unix sockets are allowed: the chat
 * server listens on 127.0.0.1 and the test talks to it there. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static void record(const char *what, const char *detail) {
    const char *path = getenv("NETGUARD_LOG");
    if (!path) return;
    FILE *f = fopen(path, "a");
    if (!f) return;
    fprintf(f, "%s %s\n", what, detail ? detail : "");
    fclose(f);
}

static int is_remote(const struct sockaddr *addr, char *shown, size_t size) {
    if (!addr) return 0;
    if (addr->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)addr;
        inet_ntop(AF_INET, &in->sin_addr, shown, size);
        return (ntohl(in->sin_addr.s_addr) >> 24) != 127;
    }
    if (addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;
        inet_ntop(AF_INET6, &in6->sin6_addr, shown, size);
        return !IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) &&
               !(IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && in6->sin6_addr.s6_addr[12] == 127);
    }
    return 0;
}

int connect(int fd, const struct sockaddr *addr, socklen_t len) {
    static int (*real)(int, const struct sockaddr *, socklen_t);
    char shown[64] = "";
    if (is_remote(addr, shown, sizeof shown)) {
        record("connect", shown);
        errno = ENETUNREACH;
        return -1;
    }
    if (!real) real = dlsym(RTLD_NEXT, "connect");
    return real(fd, addr, len);
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *addr,
               socklen_t len) {
    static ssize_t (*real)(int, const void *, size_t, int, const struct sockaddr *, socklen_t);
    char shown[64] = "";
    if (is_remote(addr, shown, sizeof shown)) {
        record("sendto", shown);
        errno = ENETUNREACH;
        return -1;
    }
    if (!real) real = dlsym(RTLD_NEXT, "sendto");
    return real(fd, buf, n, flags, addr, len);
}

static int is_local_name(const char *node) {
    return !node || !strcmp(node, "localhost") || !strncmp(node, "127.", 4) ||
           !strcmp(node, "::1") || !strcmp(node, "0.0.0.0") || !strcmp(node, "");
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                struct addrinfo **res) {
    static int (*real)(const char *, const char *, const struct addrinfo *, struct addrinfo **);
    if (!is_local_name(node)) {
        record("getaddrinfo", node);
        return EAI_FAIL;
    }
    if (!real) real = dlsym(RTLD_NEXT, "getaddrinfo");
    return real(node, service, hints, res);
}

struct hostent *gethostbyname(const char *name) {
    static struct hostent *(*real)(const char *);
    if (!is_local_name(name)) {
        record("gethostbyname", name);
        h_errno = NO_RECOVERY;
        return NULL;
    }
    if (!real) real = dlsym(RTLD_NEXT, "gethostbyname");
    return real(name);
}
