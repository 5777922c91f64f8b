#define _GNU_SOURCE
#include "termguard.h"
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const int guarded[] = { SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE };
#define GUARDED_COUNT (sizeof guarded / sizeof guarded[0])

static volatile sig_atomic_t armed = 0;
static volatile sig_atomic_t restored = 0;
static int tty = -1;
static int out = -1;
static struct termios saved;
static char leave[256];
static volatile size_t leave_length = 0;
static struct sigaction previous[GUARDED_COUNT];

static int slot(int sig) {
    for (size_t i = 0; i < GUARDED_COUNT; i++) if (guarded[i] == sig) return (int)i;
    return -1;
}

/* Only write(2) and tcsetattr(3): both async-signal-safe. */
static void restore_terminal(void) {
    if (restored) return;
    restored = 1;
    size_t done = 0, length = leave_length;
    while (done < length) {
        ssize_t n = write(out, leave + done, length - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += (size_t)n;
    }
    tcsetattr(tty, TCSANOW, &saved);
}

static void on_fatal(int sig, siginfo_t *info, void *context) {
    int saved_errno = errno;
    int i = slot(sig);
    if (armed) restore_terminal();
    if (i >= 0) {
        /* Hand over: put the previous action back; call it if it is a handler, else re-raise
           so the default action (core dump) happens once this handler returns. */
        struct sigaction prior = previous[i];
        sigaction(sig, &prior, NULL);
        if ((prior.sa_flags & SA_SIGINFO) && prior.sa_sigaction != NULL) {
            prior.sa_sigaction(sig, info, context);
        } else if (!(prior.sa_flags & SA_SIGINFO) && prior.sa_handler != SIG_DFL && prior.sa_handler != SIG_IGN) {
            prior.sa_handler(sig);
        } else {
            if (prior.sa_handler == SIG_IGN) signal(sig, SIG_DFL);
            raise(sig);
        }
    } else {
        signal(sig, SIG_DFL);
        raise(sig);
    }
    errno = saved_errno;
}

int termguard_arm(int tty_fd, int out_fd) {
    if (armed) return 0;
    if (tcgetattr(tty_fd, &saved) != 0) return -1;
    tty = tty_fd;
    out = out_fd;
    restored = 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fatal;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < GUARDED_COUNT; i++) sigaction(guarded[i], &action, &previous[i]);
    armed = 1;
    return 0;
}

void termguard_set_leave(const char *bytes, size_t length) {
    if (length > sizeof leave - 1) length = sizeof leave - 1;
    leave_length = 0;
    memcpy(leave, bytes, length);
    leave_length = length;
}

void termguard_disarm(void) {
    if (!armed) return;
    armed = 0;
    for (size_t i = 0; i < GUARDED_COUNT; i++) sigaction(guarded[i], &previous[i], NULL);
}

int termguard_is_armed(void) { return armed ? 1 : 0; }
