/* A minimal launcher for bench/run.py: runs one command and reports its wall time and peak memory.
 *
 * Usage: spawn REPORT TIMEOUT_SECONDS COMMAND [ARGS...]
 * Writes "WALL_SECONDS MAXRSS_KB EXIT_CODE TIMED_OUT CPU_SECONDS" to REPORT.
 *
 * Why not measure from Python: a child's peak RSS as the kernel reports it (ru_maxrss) starts
 * from the RSS of the process it was forked from, so a benchmark runner of 60 MB would make
 * jq look like a 60 MB program. This launcher is tiny, so the floor is about 1 MB, and it
 * times the child itself (from just before fork to just after wait4), so its own start-up
 * is not counted either. /usr/bin/time does the same but only to 10 ms.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t child = 0;
static volatile sig_atomic_t timed_out = 0;

static void on_alarm(int sig) {
    (void)sig;
    timed_out = 1;
    if (child > 0) {
        kill(-child, SIGKILL); /* the child leads its own process group: take its children too */
        kill(child, SIGKILL);
    }
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: spawn REPORT TIMEOUT_SECONDS COMMAND [ARGS...]\n");
        return 2;
    }
    const char *report = argv[1];
    double timeout = atof(argv[2]);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    child = fork();
    if (child < 0) {
        perror("fork");
        return 2;
    }
    if (child == 0) {
        setpgid(0, 0);
        execvp(argv[3], argv + 3);
        perror(argv[3]);
        _exit(127);
    }
    setpgid(child, child);
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval timer = {0};
    timer.it_value.tv_sec = (time_t)timeout;
    timer.it_value.tv_usec = (suseconds_t)((timeout - (double)(time_t)timeout) * 1e6);
    if (timeout > 0) setitimer(ITIMER_REAL, &timer, NULL);
    int status = 0;
    struct rusage usage;
    pid_t got;
    do {
        got = wait4(child, &status, 0, &usage);
    } while (got < 0 && errno == EINTR);
    clock_gettime(CLOCK_MONOTONIC, &end);
    struct itimerval off = {0};
    setitimer(ITIMER_REAL, &off, NULL);
    if (got < 0) {
        perror("wait4");
        return 2;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    double wall = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    FILE *out = fopen(report, "w");
    if (out == NULL) {
        perror(report);
        return 2;
    }
    /* CPU time of the child and of the children it waited for (user + system). */
    double cpu = (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6 + (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6;
    fprintf(out, "%.6f %ld %d %d %.6f\n", wall, usage.ru_maxrss, code, (int)timed_out, cpu);
    fclose(out);
    return 0;
}
