#!/usr/bin/env python3
"""Run one command and report its wall time, CPU time and peak memory (max RSS) as one JSON line.

    python3 bench/measure.py [--stdout FILE] [--stderr FILE] -- CMD [ARG...]

The peak memory is read with resource.getrusage(RUSAGE_CHILDREN) after the child has been waited for,
so it covers the command and any processes it waited for itself. Run one command per invocation: the
figure is the maximum over every child this wrapper has waited for. GNU time is not needed. The wrapper
exits with the command's exit status. Standard library only.
"""

import json
import resource
import subprocess
import sys
import time


def main(argv):
    out_path = err_path = None
    args = list(argv)
    while args and args[0] != "--":
        opt = args.pop(0)
        if opt in ("--stdout", "--stderr") and args:
            val = args.pop(0)
            if opt == "--stdout":
                out_path = val
            else:
                err_path = val
        else:
            print(f"measure.py: unknown option {opt}; usage: measure.py [--stdout FILE] [--stderr FILE] -- CMD...", file=sys.stderr)
            return 2
    if not args or args[0] != "--" or len(args) < 2:
        print("measure.py: no command given; usage: measure.py [--stdout FILE] [--stderr FILE] -- CMD...", file=sys.stderr)
        return 2
    cmd = args[1:]
    out = open(out_path, "wb") if out_path else subprocess.DEVNULL
    err = open(err_path, "wb") if err_path else None
    try:
        t0 = time.perf_counter()
        try:
            rc = subprocess.call(cmd, stdout=out, stderr=err)
        except OSError as e:
            print(f"measure.py: cannot run {cmd[0]}: {e.strerror}.", file=sys.stderr)
            return 127
        wall = time.perf_counter() - t0
    finally:
        if out_path:
            out.close()
        if err:
            err.close()
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    # On Linux ru_maxrss is in kilobytes (on macOS it is in bytes).
    maxrss_kb = ru.ru_maxrss if sys.platform != "darwin" else ru.ru_maxrss // 1024
    print(json.dumps({
        "cmd": cmd,
        "rc": rc,
        "wall_s": round(wall, 4),
        "user_s": round(ru.ru_utime, 4),
        "sys_s": round(ru.ru_stime, 4),
        "maxrss_kb": maxrss_kb,
    }))
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
