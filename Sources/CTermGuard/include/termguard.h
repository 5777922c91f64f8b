/* Terminal rescue on a crash: a fatal-signal handler that puts the terminal back the way it was
   before full-screen mode (saved termios, leave the alternate screen, cursor visible), using only
   async-signal-safe calls, then hands the signal on (the previous handler, e.g. Swift's
   backtracer, or the default action). Written in C because a signal handler must not touch the
   Swift runtime. No ncurses here: the caller passes the escape sequences. */
#ifndef TERMGUARD_H
#define TERMGUARD_H
#include <stddef.h>

/* Saves the terminal modes of `tty_fd` now and arms the handler for SIGILL, SIGTRAP, SIGSEGV,
   SIGBUS, SIGABRT and SIGFPE. Returns 0, or -1 when the modes could not be read (not armed). */
int termguard_arm(int tty_fd, int out_fd);

/* The bytes written to `out_fd` on a crash (e.g. rmcup, cnorm, sgr0); copied, at most 255. */
void termguard_set_leave(const char *bytes, size_t length);

/* Restores the previous handlers; nothing is done on a crash any more. */
void termguard_disarm(void);

/* For tests: whether the handler is armed. */
int termguard_is_armed(void);
#endif
