/* The C side of the ncurses wrapper. Only TerminalNcurses imports this module. */
#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

/* The wide-character API (cchar_t, wint_t, get_wch, setcchar, mvwadd_wch) is only declared
   with these defined before <ncurses.h>. Kept here so they don't leak into other modules. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <ncurses.h>

/* Attribute macros are function-like (NCURSES_BITS) and not imported by Swift. */
static const attr_t CNC_A_NORMAL = A_NORMAL;
static const attr_t CNC_A_BOLD = A_BOLD;
static const attr_t CNC_A_DIM = A_DIM;
static const attr_t CNC_A_REVERSE = A_REVERSE;
static const attr_t CNC_A_UNDERLINE = A_UNDERLINE;
static const int CNC_CCHARW_MAX = CCHARW_MAX;

/* Mutable C globals are rejected by Swift 6 strict concurrency: read them through functions. */
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline WINDOW *cnc_curscr(void) { return curscr; }
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }
static inline int cnc_colors(void) { return COLORS; }
static inline int cnc_color_pairs(void) { return COLOR_PAIRS; }
static inline int cnc_key_f(int n) { return KEY_F(n); }
static inline FILE *cnc_stdin(void) { return stdin; }
static inline FILE *cnc_stdout(void) { return stdout; }

/* wcwidth is not visible through Swift's Glibc module (built without _XOPEN_SOURCE). */
static inline int cnc_wcwidth(wchar_t c) {
    extern int wcwidth(wchar_t);
    return wcwidth(c);
}

/* tigetstr returns (char *)-1 for "not a string capability": say whether cap is usable. */
static inline int cnc_has_string_cap(const char *cap) {
    char *s = tigetstr(cap);
    return s != NULL && s != (char *)-1;
}
/* gpcn doctor: does terminfo know `term`, and how many colours does it give it? Returns the
   `colors` number (-1: none) and sets *found. setupterm is declared in <term.h>, whose macros
   clash with Swift names, so it is declared here. Touches no terminal modes. */
static inline int cnc_terminfo_colors(const char *term, int *found) {
    extern int setupterm(const char *, int, int *);
    int err = 0;
    if (setupterm(term, 1, &err) != 0) { *found = 0; return -1; }
    *found = 1;
    return tigetnum("colors");
}
#endif
